import type { Command } from 'commander';
import { psaIntegrationFor } from '../../integrations/index.js';
import { webhookPath, type PsaRuntimeOptions } from '../../integrations/psa-integration.js';
import { loadManifest } from '../../manifest/load-manifest.js';
import { rmmIntegrationFor } from '../../integrations/rmm-index.js';
import { rmmWebhookPath, type RmmRuntimeOptions, type RmmSetup } from '../../integrations/rmm-integration.js';
import type { AppConfig, Installation, RmmInstallation } from '../config/schema.js';
import { createLogger } from '../log.js';
import { cliConfig } from './cli-config.js';
import { withStore } from './open-cli-store.js';

interface Options {
  psa?: string;
  rmm?: string;
  installation?: string;
  config?: string;
  sandboxUrl?: string;
  dataDir?: string;
}

/** PSA installations, then RMM ones: --psa picks PSAs only, --rmm RMMs only, --installation either by id. */
function pick(config: AppConfig, o: Options, withRmms: boolean): { psas: Installation[]; rmms: RmmInstallation[] } {
  const psas = o.rmm ? [] : config.installations.filter((i) => (!o.psa || i.psa === o.psa) && (!o.installation || i.id === o.installation));
  const rmms = o.psa || !withRmms ? [] : config.rmms.filter((r) => (!o.rmm || r.rmm === o.rmm) && (!o.installation || r.id === o.installation));
  if (psas.length + rmms.length === 0) {
    const configured = [...config.installations.map((i) => `${i.id} (${i.psa})`), ...config.rmms.map((r) => `${r.id} (${r.rmm})`)];
    throw new Error(`no installation matches${o.psa ? ` --psa ${o.psa}` : ''}${o.rmm ? ` --rmm ${o.rmm}` : ''}${o.installation ? ` --installation ${o.installation}` : ''} (configured: ${configured.join(', ')})`);
  }
  return { psas, rmms };
}

type RmmStep = (install: RmmInstallation, setup: RmmSetup, runtime: RmmRuntimeOptions) => Promise<boolean>;

async function eachInstallation(o: Options, fn: (install: Installation, webhookUrl: string, runtime: PsaRuntimeOptions) => Promise<boolean>, rmmFn?: RmmStep): Promise<void> {
  const { config, env } = await cliConfig(o);
  // uninstall is PSA-only: RMM registrations are pasted by hand, or replaced by the next install.
  const chosen = pick(config, o, rmmFn !== undefined);
  const base = config.publicUrl.replace(/\/$/, '');
  const ok = await withStore({ dataDir: o.dataDir ?? env.DATA_DIR ?? config.dataDir }, async (store) => {
    const log = createLogger({ level: 'silent' });
    const runtime: PsaRuntimeOptions = { env, log, kv: store };
    let allOk = true;
    for (const install of chosen.psas) {
      allOk = (await fn(install, `${base}${webhookPath(install)}`, runtime)) && allOk;
    }
    for (const install of chosen.rmms) {
      // The organisations clients map to this installation (trusted config), for the doctor to look up.
      const organisationIds = [...new Set(config.clients.flatMap((c) => (c.rmm ?? []).filter((m) => m.installationId === install.id).flatMap((m) => m.organisationIds)))];
      allOk = (await rmmFn!(install, { webhookUrl: `${base}${rmmWebhookPath(install)}`, organisationIds }, { env, log })) && allOk;
    }
    return allOk;
  });
  if (!ok) process.exitCode = 1;
}

const indent = (text: string) => text.split('\n').map((l) => `    ${l}`).join('\n');

const common = (c: Command) =>
  c
    .option('--psa <name>', 'connectwise, autotask or halopsa')
    .option('--rmm <name>', 'tactical, ninjaone, datto or generic (install and doctor)')
    .option('--installation <id>', 'one installation from the config')
    .option('--config <file>', 'config file (default $TICKETFIX_CONFIG, else the sandbox)')
    .option('--sandbox-url <url>', 'the running sandbox', 'http://127.0.0.1:3000')
    .option('--data-dir <dir>');

/** install / uninstall / doctor: the marketplace registration, driven by manifest/<psa>.json. */
export function registerInstallCommands(program: Command): void {
  common(program.command('install').description('register the webhooks/callbacks the manifest lists (running it twice registers once)')).action((o: Options) =>
    eachInstallation(o, async (install, webhookUrl, runtime) => {
      const manifest = loadManifest(install.psa);
      console.log(`${install.id} (${manifest.name} ${manifest.version}) -> ${webhookUrl}`);
      for (const r of manifest.registers) console.log(`  registers ${r.kind}: ${r.events.join(', ')}`);
      const result = await psaIntegrationFor(install).install(install, webhookUrl, runtime);
      console.log(`  ${result.detail}`);
      return true;
    }, async (install, setup, runtime) => {
      console.log(`${install.id} (${install.rmm} RMM) -> ${setup.webhookUrl}`);
      const result = await rmmIntegrationFor(install).install(install, setup, runtime);
      console.log(`  ${result.registered ? 'registered: ' : ''}${result.detail}`);
      if (result.paste) console.log(indent(result.paste));
      return true;
    }),
  );
  common(program.command('uninstall').description('remove what install registered')).action((o: Options) =>
    eachInstallation(o, async (install, webhookUrl, runtime) => {
      const { removed } = await psaIntegrationFor(install).uninstall(install, webhookUrl, runtime);
      console.log(`${install.id}: removed ${removed} registration(s) for ${webhookUrl}`);
      return true;
    }),
  );
  common(program.command('doctor').description('check credentials, permissions, registration and reachability; exit 1 if anything is missing')).action((o: Options) =>
    eachInstallation(o, async (install, webhookUrl, runtime) => {
      const checks = await psaIntegrationFor(install).doctor(install, webhookUrl, runtime);
      console.log(`${install.id} (${install.psa})`);
      for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
      return checks.every((c) => c.ok);
    }, async (install, setup, runtime) => {
      const { checks, paste } = await rmmIntegrationFor(install).doctor(install, setup, runtime);
      console.log(`${install.id} (${install.rmm} RMM)`);
      for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
      if (paste) console.log(indent(paste));
      return checks.every((c) => c.ok);
    }),
  );
}
