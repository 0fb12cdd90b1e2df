import type { Command } from 'commander';
import { createApiKey, publicKeyView, revokeApiKey } from '../auth/api-keys.js';
import { Role, ROLES } from '../auth/roles.js';
import { withStore } from './open-cli-store.js';

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

/** keys create | list | revoke: admin API keys, on the same store the server uses. */
export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('admin API keys (roles: viewer, approver, admin)');
  keys
    .command('create')
    .description('create a key; it is printed once and cannot be shown again')
    .requiredOption('--name <name>', 'who or what holds it (recorded as the actor of what it does)')
    .requiredOption('--role <role>', ROLES.join(', '))
    .option('--by <who>', 'who creates it (recorded in the audit)', process.env.USER ?? 'cli')
    .option('--data-dir <dir>')
    .action(async (o: { name: string; role: string; by: string; dataDir?: string }) => {
      const role = Role.safeParse(o.role);
      if (!role.success) throw new Error(`--role must be one of ${ROLES.join(', ')}, not '${o.role}'`);
      const name = o.name.trim();
      if (!name || name.length > 100) throw new Error('--name must be 1 to 100 characters');
      const made = await withStore(o, (s) => createApiKey(s, name, role.data, `cli:${o.by}`, new Date()));
      print({ key: made.key, apiKey: publicKeyView(made.record), note: 'store the key now: only its hash is kept' });
    });
  keys
    .command('list')
    .description('list keys (never their secrets)')
    .option('--data-dir <dir>')
    .action(async (o: { dataDir?: string }) => print((await withStore(o, (s) => s.listApiKeys())).map(publicKeyView)));
  keys
    .command('revoke <id>')
    .description('revoke a key by its id (the part after tfx_)')
    .option('--by <who>', 'who revokes it (recorded in the audit)', process.env.USER ?? 'cli')
    .option('--data-dir <dir>')
    .action(async (id: string, o: { by: string; dataDir?: string }) => {
      const revoked = await withStore(o, async (s) => {
        const existing = await s.getApiKey(id);
        if (!existing) throw new Error(`no API key '${id}'`);
        const r = await revokeApiKey(s, id, `cli:${o.by}`, new Date());
        if (!r) throw new Error(`API key '${id}' is already revoked`);
        return r;
      });
      print({ apiKey: publicKeyView(revoked) });
    });
}
