import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { createTicket, runsFor, settle, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const CONTOSO_IT = 'it.contact@contoso.example';
const FABRIKAM_IT = 'it.contact@fabrikam.example';
const file = async (s: Sandbox, summary: string, contactEmail: string, companyId?: number) => {
  const id = await createTicket(s, { summary, contactEmail, companyId });
  await settle(s);
  return (await runsFor(s, id))[0]!;
};

describe('sandbox: a demo IT contact per client may ask on behalf of others (npm start, real HTTP)', () => {
  it('GET /sandbox lists them, and they reset a password / change a list for a user of their own client only', async () => {
    sb = await testSandbox({ history: false });
    const description = (await (await fetch(`${sb.app.url}/sandbox`)).json()) as { demo: { authorisedRequesters: { company: string; remediation: string; requesters: string[] }[] } };
    expect(description.demo.authorisedRequesters).toEqual([
      { company: 'contoso', remediation: 'password-reset', requesters: [CONTOSO_IT] },
      { company: 'contoso', remediation: 'distribution-list', requesters: [CONTOSO_IT] },
      { company: 'fabrikam', remediation: 'password-reset', requesters: [FABRIKAM_IT] },
      { company: 'fabrikam', remediation: 'distribution-list', requesters: [FABRIKAM_IT] },
    ]);

    const reset = await file(sb, 'Please reset the password for megan.bowen@contoso.example', CONTOSO_IT);
    expect(reset.state).toBe('resolved');
    // Contoso's IT contact is nobody at Fabrikam, and the other way round.
    const cross = await file(sb, 'Please reset the password for diego.siciliani@fabrikam.example', CONTOSO_IT);
    expect([cross.state, cross.escalationReason]).toEqual(['escalated', 'target_not_in_client']);
    const wrongClient = await file(sb, 'Please reset the password for megan.bowen@contoso.example', FABRIKAM_IT);
    expect([wrongClient.state, wrongClient.escalationReason]).toEqual(['escalated', 'out_of_scope']);

    // Not the list's manager, but authorised: no approval needed.
    const list = await file(sb, 'Please add lee.gu@contoso.example to the Sales Team distribution list', CONTOSO_IT);
    expect(list.state).toBe('resolved');
    expect(sb.m365.groupMembers(sb.world.companies.find((c) => c.clientId === 'contoso')!.tenantId, 'Sales Team')).toContain('lee.gu@contoso.example');
    // Someone else who does not manage it still needs an approval.
    const other = await file(sb, 'Please add johanna.lorenz@contoso.example to the Sales Team distribution list', 'megan.bowen@contoso.example');
    expect(other.state).toBe('awaiting_approval');
  });
});
