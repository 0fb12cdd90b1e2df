import pino from 'pino';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../../src/sandbox/start-sandbox.js';
import { createTicket, settle } from '../../test/support/sandbox-kit.js';

const attempts: unknown[] = [];
const sb = await startSandbox({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'probe-')), log: pino({ level: 'silent' }), onAttempt: (a) => attempts.push({ ...a, t: performance.now() }) });
for (const email of ['megan.bowen@contoso.example', 'diego.siciliani@fabrikam.example', 'alex.wilber@contoso.example']) {
  attempts.length = 0;
  const cw0 = sb.connectwise.calls.length; const m0 = sb.m365.calls.length;
  const t0 = performance.now();
  const id = await createTicket(sb, { summary: 'My mailbox is full and I cannot send email', contactEmail: email, companyId: email.includes('fabrikam') ? 251 : 250 });
  await settle(sb);
  console.log(email, id, sb.connectwise.ticket(id).status, (performance.now() - t0).toFixed(1));
  console.log(attempts.length);
  console.log(sb.connectwise.calls.slice(cw0).map((c) => `${c.method} ${c.path}${c.query}`));
  console.log(sb.m365.calls.slice(m0).map((c) => `${c.system} ${c.method} ${c.path} ${c.cmdlet ?? ''}`));
  console.log((await sb.app.store.listRuns({ ticketId: String(id) })).map((r) => r.state));
}
await sb.close();
