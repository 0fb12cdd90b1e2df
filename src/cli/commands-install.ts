import type { Command } from 'commander';
import { psaIntegrationFor } from '../../integrations/index.js';
import { webhookPath, type PsaRuntimeOptions } from '../../integrations/psa-integration.js';
import { loadManifest } from '../../manifest/load-manifest.js';
import type { Installation } from '../config/schema.js';
import { createLogger } from '../log.js';
import { cliConfig } from './cli-config.js';
import { withStore } from './open-cli-store.js';

interface Options {
  psa?: string;
  installation?: string;
  config?: string;
  sandboxUrl?: string;
  dataDir?: string;
}

function pick(installs: Installation[], o: Options): Installation[] {
  const chosen = installs.filter((i) => (!o.psa || i.psa === o.psa) && (!o.installation || i.id === o.installation));
  if (chosen.length === 0) throw new Error(`no installation matches${o.psa ? ` --psa ${o.psa}` : ''}${o.installation ? ` --installation ${o.installation}` : ''} (configured: ${installs.map((i) => `${i.id} (${i.psa})`).join(', ')})`);
  return chosen;
}

async function eachInstallation(o: Options, fn: (install: Installation, webhookUrl: string, runtime: PsaRuntimeOptions) => Promise<boolean>): Promise<void> {
  const { config, env } = cliConfig(o);
  const ok = await withStore({ dataDir: o.dataDir ?? env.DATA_DIR ?? config.dataDir }, async (store) => {
    const runtime: PsaRuntimeOptions = { env, log: createLogger({ level: 'silent' }), kv: store };
    let allOk = true;
    for (const install of pick(config.installations, o)) {
      allOk = (await fn(install, `${config.publicUrl.replace(/\/$/, '')}${webhookPath(install)}`, runtime)) && allOk;
    }
    return allOk;
  });
  if (!ok) process.exitCode = 1;
}

const common = (c: Command) =>
  c
    .option('--psa <name>', 'connectwise, autotask or halopsa')
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
    }),
  );
}
