import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../src/config/schema.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { observeIssuedPasswords } from '../src/secret-link/index.js';
import { demoWorld } from '../mocks/demo-data.js';
import { cwGet, createTicket, notesOf, runsFor, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const MEGAN = 'megan.bowen@contoso.example';
const LEE = 'lee.gu@contoso.example';
const LINK = /\/p\/([A-Za-z0-9_-]{43})\b/;

/** Lee Gu is Contoso's office manager: an authorised requester for other people's resets. */
const withAuthorisedLee = (c: AppConfig): AppConfig => ({
  ...c,
  clients: c.clients.map((cl) => (cl.id === 'contoso' ? { ...cl, remediations: { ...cl.remediations, 'password-reset': { settings: { authorisedRequesters: [LEE] } } } } : cl)),
});

const passwordWrites = (s: Sandbox) => s.m365.calls.filter((c) => c.system === 'graph' && (c.method === 'PATCH' || c.path.endsWith('/resetPassword')));
const onlyRun = async (s: Sandbox, id: number) => {
  const runs = await runsFor(s, id);
  expect(runs).toHaveLength(1);
  return runs[0]!;
};

// Only the page's button (a POST) opens a link; GET and HEAD show the button and spend nothing.
async function openLink(s: Sandbox, token: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${s.app.url}/p/${token}`, { method: 'POST' });
  return { status: res.status, text: await res.text() };
}
const shownPassword = (html: string) => /<code[^>]*data-secret>([^<]+)<\/code>/.exec(html)?.[1]?.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));

describe('password reset, end to end over real HTTP', () => {
  it('self-service: resets, validates, resolves with only a one-time link in the note; the link works once', async () => {
    sb = await testSandbox();
    const before = sb.m365.user(MEGAN)!.lastPasswordChangeDateTime;
    const id = await createTicket(sb, { summary: 'I forgot my password, please reset it', contactEmail: MEGAN });
    await settle(sb);

    const run = await onlyRun(sb, id);
    expect(run.state).toBe('resolved');
    expect(await statusOf(sb, id)).toBe('Resolved');
    expect(await cwGet<unknown[]>(sb, `/service/tickets/${id}/timeentries`)).toHaveLength(1);
    expect(Date.parse(sb.m365.user(MEGAN)!.lastPasswordChangeDateTime)).toBeGreaterThan(Date.parse(before));
    const note = (await notesOf(sb, id)).find((n) => n.resolutionFlag)!;
    expect(note.text).toContain('not written in this ticket');
    expect(note.text).not.toContain('[ticketfix:');
    // The link is for the user: the technicians' note has no link and says where it went.
    const internal = (await notesOf(sb, id)).filter((n) => n.internalAnalysisFlag);
    expect(internal).toHaveLength(1);
    expect(internal[0]!.text).not.toMatch(/\/p\//);
    expect(internal[0]!.text).toContain('given to the user in the customer note');
    const token = LINK.exec(note.text)?.[1];
    expect(token).toBeDefined();

    const first = await openLink(sb, token!);
    expect(first.status).toBe(200);
    const password = shownPassword(first.text)!;
    expect(password).toMatch(/^.{20}$/);
    expect(sb.m365.passwordMatches(MEGAN, password)).toBe(true);
    expect(note.text).not.toContain(password);

    const second = await openLink(sb, token!);
    expect(second.status).toBe(410);
    expect(second.text).not.toContain(password);
    // Refusals of a known link are audited once per reason: repeating them does not grow the trail.
    expect((await openLink(sb, token!)).status).toBe(410);
    const opened = await sb.app.store.queryAudit({ ticketId: String(id), type: 'secret_link.opened' });
    const refused = await sb.app.store.queryAudit({ ticketId: String(id), type: 'secret_link.refused' });
    expect(opened).toHaveLength(1);
    expect(refused.map((e) => e.data.reason)).toEqual(['already_opened']);
    expect((await sb.app.store.verifyAudit()).ok).toBe(true);
  });

  it('a synced user is escalated up front, saying why; the app-only-unsupported beta call is never tried', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: 'Password expired, need a reset', description: "I can't log in", contactEmail: 'johanna.lorenz@contoso.example' });
    await settle(sb);
    const run = await onlyRun(sb, id);
    expect([run.state, run.escalationReason]).toEqual(['escalated', 'out_of_scope']);
    expect(run.detail).toContain('synced from on-premises Active Directory');
    expect(run.detail).toContain('delegated permissions only');
    expect(passwordWrites(sb)).toEqual([]);
    // Two notes: the user reads a plain sentence; the technicians read the detail, the run link and the marker.
    const notes = (await notesOf(sb, id)).filter((n) => n.text.includes('technician') || n.text.includes('[ticketfix:'));
    const visible = notes.filter((n) => !n.internalAnalysisFlag);
    const internal = notes.filter((n) => n.internalAnalysisFlag);
    expect(visible.map((n) => n.text)).toEqual([
      'Hello there,\n\nWe could not finish this automatically: this request needs a person to look at it.\n'
        + 'A technician at your IT team has the ticket now and will be in touch. You do not need to do anything.\n\nKind regards,\nYour IT team',
    ]);
    expect(internal).toHaveLength(1);
    expect(internal[0]!.text).toContain('synced from on-premises Active Directory');
    expect(internal[0]!.text).toContain(`/console/#/runs/${run.id}`);
    expect(internal[0]!.text).toContain(`[ticketfix:${run.id}:escalation]`);
  });

  it('an admin through a nested role-assignable group, listed after the first page of memberships, is refused', async () => {
    const world = demoWorld();
    // 105 ordinary groups first, so the privileged membership lies past Graph's first page of 100.
    const fillers = Array.from({ length: 105 }, (_v, i) => ({ clientId: 'contoso', kind: 'security' as const, displayName: `SG-Filler-${i}`, owners: [], members: [MEGAN] }));
    world.groups = [
      ...(world.groups ?? []),
      ...fillers,
      { clientId: 'contoso', kind: 'security', displayName: 'SG-Helpdesk-Nested', owners: [], members: [MEGAN] },
      { clientId: 'contoso', kind: 'security', displayName: 'Helpdesk Admins', owners: [], members: [], memberGroups: ['SG-Helpdesk-Nested'], isAssignableToRole: true, directoryRoles: ['Helpdesk Administrator'] },
    ];
    sb = await testSandbox({ world });
    const id = await createTicket(sb, { summary: 'I forgot my password, please reset it', contactEmail: MEGAN });
    await settle(sb);
    const run = await onlyRun(sb, id);
    expect([run.state, run.escalationReason]).toEqual(['escalated', 'out_of_scope']);
    expect(run.detail).toContain('Helpdesk Administrator');
    expect(run.detail).toContain('Helpdesk Admins (role-assignable group)');
    expect(passwordWrites(sb)).toEqual([]);
    // Every page was read: the listing was followed through its nextLink.
    expect(sb.m365.calls.filter((c) => c.path.endsWith('/transitiveMemberOf')).length).toBe(2);
  });

  it('an authorised requester may ask for someone else; the user named in the text is verified first', async () => {
    sb = await testSandbox({ configure: withAuthorisedLee });
    const id = await createTicket(sb, { summary: `Please reset the password for ${MEGAN}`, description: 'She is locked at the login screen after holidays.', contactEmail: LEE });
    await settle(sb);
    const run = await onlyRun(sb, id);
    expect(run.state).toBe('resolved');
    expect(run.plan!.targets).toEqual([{ type: 'user', id: MEGAN }]);
    expect(passwordWrites(sb)).toHaveLength(1);
  });

  it('refuses: an unauthorised requester, an admin, a user of another client; nothing is reset', async () => {
    sb = await testSandbox({ configure: withAuthorisedLee });
    const unauthorised = await createTicket(sb, { summary: `Please reset the password for ${MEGAN}`, contactEmail: 'alex.wilber@contoso.example' });
    const admin = await createTicket(sb, { summary: 'I forgot my password, please reset it', contactEmail: 'adele.vance@contoso.example' });
    const otherClient = await createTicket(sb, { summary: 'Please reset the password for diego.siciliani@fabrikam.example', contactEmail: LEE });
    await settle(sb);
    const a = await onlyRun(sb, unauthorised);
    expect([a.state, a.escalationReason]).toEqual(['escalated', 'out_of_scope']);
    expect(a.detail).toContain('neither');
    const b = await onlyRun(sb, admin);
    expect([b.state, b.escalationReason]).toEqual(['escalated', 'out_of_scope']);
    expect(b.detail).toContain('Global Administrator');
    const c = await onlyRun(sb, otherClient);
    expect([c.state, c.escalationReason]).toEqual(['escalated', 'target_not_in_client']);
    expect(passwordWrites(sb)).toHaveLength(0);
    expect(sb.m365.callsFor(sb.world.companies[1]!.tenantId)).toHaveLength(0);
    const note = (await notesOf(sb, admin))[0]!;
    expect(note.text).toMatch(/Classification: password-reset \(confidence 0\.\d+\)/);
    expect(await statusOf(sb, admin)).toBe('Escalated');
  });

  it('dry-run plans the reset with a placeholder, generates no password and changes nothing', async () => {
    sb = await testSandbox({ configure: (c) => ({ ...c, clients: c.clients.map((cl) => (cl.id === 'contoso' ? { ...cl, dryRun: true } : cl)) }) });
    const issued: string[] = [];
    observeIssuedPasswords((p) => issued.push(p));
    const id = await createTicket(sb, { summary: 'I forgot my password, please reset it', contactEmail: MEGAN });
    await settle(sb).finally(() => observeIssuedPasswords(null));
    expect(issued).toEqual([]);
    const run = await onlyRun(sb, id);
    expect(run.state).toBe('dry_run');
    const [event] = await sb.app.store.queryAudit({ runId: run.id, type: 'dry_run' });
    expect(JSON.stringify(event!.data.wouldSend)).toContain('<generated at act time; never recorded>');
    expect(passwordWrites(sb)).toHaveLength(0);
    expect(await notesOf(sb, id)).toHaveLength(0);
  });

  it('works the same from HaloPSA: the link goes to the user in a visible action, nothing else does', async () => {
    sb = await testSandbox();
    const s = sb;
    const headers = { ...s.halopsa.authHeaders('sandbox-dispatcher'), 'Content-Type': 'application/json' };
    const res = await fetch(`${s.urls.halopsa}/Tickets`, { method: 'POST', headers, body: JSON.stringify([{ summary: 'I forgot my password, please reset it', client_id: 250, user_id: 101 }]) });
    const created = (await res.json()) as { id: number };
    for (let i = 0; i < 5; i++) {
      await s.halopsa.flushWebhooks();
      await settle(s);
    }
    const [run] = await runsFor(s, created.id);
    expect([run!.psa, run!.state]).toEqual(['halopsa', 'resolved']);
    const actions = ((await (await fetch(`${s.urls.halopsa}/Actions?ticket_id=${created.id}`, { headers })).json()) as { actions: { note?: string; hiddenfromuser?: boolean }[] }).actions;
    const withLink = actions.filter((a) => LINK.test(a.note ?? ''));
    expect(withLink).toHaveLength(1);
    expect(withLink[0]!.hiddenfromuser).toBe(false);
    const page = await openLink(s, LINK.exec(withLink[0]!.note!)![1]!);
    const password = shownPassword(page.text)!;
    expect(s.m365.passwordMatches(MEGAN, password)).toBe(true);
    expect(actions.every((a) => !(a.note ?? '').includes(password))).toBe(true);
  });

  it('an expired link shows nothing and the attempt is audited', async () => {
    let offsetMs = 0;
    sb = await testSandbox({ clock: () => new Date(Date.now() + offsetMs) });
    const id = await createTicket(sb, { summary: 'I forgot my password, please reset it', contactEmail: MEGAN });
    await settle(sb);
    const note = (await notesOf(sb, id)).find((n) => n.resolutionFlag)!;
    const token = LINK.exec(note.text)![1]!;
    offsetMs = 25 * 3600_000;
    const late = await openLink(sb, token);
    expect(late.status).toBe(410);
    expect(late.text).toContain('expired');
    expect(shownPassword(late.text)).toBeUndefined();
    const refused = await sb.app.store.queryAudit({ ticketId: String(id), type: 'secret_link.refused' });
    expect(refused.map((e) => e.data.reason)).toEqual(['expired']);
    // A made-up or malformed token is refused too, without touching anything.
    expect((await openLink(sb, 'A'.repeat(43))).status).toBe(404);
    expect((await openLink(sb, 'not-a-token')).status).toBe(404);
  });
});
