import type { RmmAdapter } from '../../src/model/rmm.js';
import { RmmCannotActError } from '../rmm-integration.js';
import type { GenericRmmInstallation } from './installation-schema.js';

/**
 * A generic callback has no API behind it: nothing can be re-read or done through it. Every
 * method throws RmmCannotActError (a clear "a person must do it"), so the engine escalates
 * rather than guessing; `genericRmmIntegration.canAct` says so up front.
 */
export function createGenericAdapter(install: GenericRmmInstallation): RmmAdapter {
  const cannot = (operation: string) => () => Promise.reject(new RmmCannotActError(install.id, operation));
  return {
    rmm: 'generic',
    installationId: install.id,
    getDevice: cannot('reading the device'),
    getService: cannot('reading the service'),
    restartService: cannot('restarting a service'),
    listSoftware: cannot('reading the software inventory'),
    installSoftware: cannot('installing software'),
    uninstallSoftware: cannot('uninstalling software'),
  };
}
