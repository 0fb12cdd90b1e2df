import type { ActHandover, ActedState } from '../remediation/define.js';
import type { ActedRecord, Run } from '../model/run.js';
import type { Ticket } from '../model/ticket.js';
import { createSecretLinks, type SecretLinks } from '../secret-link/secret-links.js';
import type { EngineDeps } from './deps.js';
import { transition } from './transition.js';

/** The associated data a run's sealed handover is bound to: it opens for this run only. */
const sealContext = (runId: string) => `run:${runId}`;

/** What act handed over, secrets opened with this instance's key (empty when there are none or it cannot). */
export function openActed(deps: EngineDeps, run: Run): ActedState {
  const acted = run.acted;
  if (!acted) return { output: {}, secrets: {} };
  let secrets: Record<string, string> = {};
  if (acted.sealed) {
    const opened = deps.sealer?.open(sealContext(run.id), acted.sealed) ?? null;
    if (opened) secrets = opened;
    else deps.log.error({ runId: run.id, secretKeys: acted.secretKeys }, 'the sealed handover of this run cannot be opened with this instance\'s key');
  }
  return { output: acted.output, secrets };
}

/** Merges a handover into the run's record (sealing its secrets) and persists it before act goes on. */
export async function keepHandover(deps: EngineDeps, run: Run, ticket: Ticket, handover: ActHandover): Promise<Run> {
  const before = openActed(deps, run);
  const secrets = { ...before.secrets, ...(handover.secrets ?? {}) };
  const secretKeys = Object.keys(secrets).sort();
  if (secretKeys.length > 0 && !deps.sealer) {
    throw new Error('a secret cannot be kept for the resolution note: no sealing key is configured (set the link secret, e.g. TICKETFIX_LINK_SECRET)');
  }
  const acted: ActedRecord = {
    ticket: { companyId: ticket.companyId, contactEmail: ticket.contactEmail?.trim().toLowerCase() || null },
    output: { ...before.output, ...(handover.output ?? {}) },
    secretKeys,
    sealed: secretKeys.length > 0 ? deps.sealer!.seal(sealContext(run.id), secrets) : null,
  };
  return transition(deps, run, { acted }, { type: 'act.handover', data: { outputKeys: Object.keys(acted.output).sort(), secretKeys } });
}

/** The run after its sealed secrets were delivered into the outbox: nothing secret stays on the run. */
export const withoutSecrets = (run: Run): Partial<Run> => (run.acted?.sealed ? { acted: { ...run.acted, sealed: null } } : {});

/** The links service passed in, or one over the store (links live there; any instance opens any link). */
export const secretLinksFor = (deps: EngineDeps): SecretLinks => deps.secretLinks ?? createSecretLinks({ store: deps.store, publicUrl: deps.config.publicUrl, clock: deps.clock });
