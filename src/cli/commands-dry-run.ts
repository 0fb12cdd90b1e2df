import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { previewTicket } from '../engine/preview.js';
import { createLogger } from '../log.js';
import { Ticket } from '../model/ticket.js';
import { createEngineDeps } from '../runtime/engine-deps.js';
import { STORE_FILE_NAME } from '../store/open-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { dataDirFrom } from './open-cli-store.js';
import { cliConfig } from './cli-config.js';

// Either a PSA callback (only its ticket id is used; the ticket is re-read) or a ticket itself.
const Payload = z.union([
  z.object({ ID: z.union([z.number(), z.string()]) }).loose(),
  z.object({ summary: z.string(), description: z.string().optional(), companyId: z.union([z.string(), z.number()]), contactEmail: z.string().optional(), id: z.union([z.string(), z.number()]).optional() }),
]);

/** `dry-run <payload.json>`: prints the plan the loop would make; writes nothing anywhere. */
export function registerDryRunCommand(program: Command): void {
  program
    .command('dry-run <payload>')
    .description('show what the loop would do with a callback payload or a ticket (JSON file, or - for stdin); changes nothing')
    .option('--config <file>', 'config file; default $TICKETFIX_CONFIG, else the sandbox on --sandbox-url')
    .option('--installation <id>', 'installation the payload came from (default: the first)')
    .option('--sandbox-url <url>', 'running sandbox to read from', 'http://127.0.0.1:3000')
    .option('--data-dir <dir>')
    .action(async (file: string, o) => {
      const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
      const payload = Payload.safeParse(JSON.parse(text));
      if (!payload.success) throw new Error(`${file}: expected a ConnectWise callback (with ID) or a ticket {summary, description, companyId, contactEmail}`);
      const { config, env } = await cliConfig(o);
      const installationId: string = o.installation ?? config.installations[0]!.id;
      // Read the kill switches from the real store if there is one; never create one.
      const dbFile = join(dataDirFrom(o), STORE_FILE_NAME);
      const store = new SqliteStore({ file: existsSync(dbFile) ? dbFile : ':memory:' });
      try {
        const deps = createEngineDeps(config, { env, log: createLogger({ level: 'silent' }), store });
        const p = payload.data;
        const ticket =
          'ID' in p
            ? await deps.psa(installationId).getTicket(String(p.ID))
            : Ticket.parse({ psa: config.installations.find((i) => i.id === installationId)!.psa, id: String(p.id ?? 'dry-run'), summary: p.summary, description: p.description ?? '', companyId: String(p.companyId), contactEmail: p.contactEmail });
        console.log(JSON.stringify(await previewTicket(deps, installationId, ticket), null, 2));
      } finally {
        await store.close();
      }
    });
}
