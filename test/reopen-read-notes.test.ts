import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectWisePsaAdapter } from '../integrations/connectwise/connectwise-psa-adapter.js';
import { connectWiseTestSetup } from './support/connectwise/test-kit.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('ConnectWise: reading a ticket\'s notes tells the contact, this app and other members apart', () => {
  it("a contact reply, our note and other members' notes, oldest first; notes before `since` are left out", async () => {
    const t = connectWiseTestSetup();
    server.resetHandlers(...t.sim.handlers);
    const adapter = new ConnectWisePsaAdapter({ installation: t.installation, clientOptions: t.clientOptions });
    const id = t.sim.createTicket({ summary: 'Mailbox full', company: { id: 250 }, contactEmailAddress: 'megan.bowen@contoso.example', initialDescription: 'full' }).id;
    await adapter.addNote(String(id), { text: 'Raised the quota', visibility: 'resolution', marker: '[ticketfix:r1:resolution]' });
    t.sim.contactReply(id, 'still full');
    t.sim.addNote(id, { text: 'Calling the user', internalAnalysisFlag: true }, { by: 'dispatch' });
    const notes = await adapter.listNotesSince(String(id), '2000-01-01T00:00:00.000Z');
    expect(notes.map((n) => [n.text.split('\n')[0], n.author, n.customerVisible])).toEqual([
      ['full', 'staff', true],
      ['Raised the quota', 'app', true],
      ['still full', 'contact', true],
      ['Calling the user', 'staff', false],
    ]);
    expect(await adapter.listNotesSince(String(id), '2100-01-01T00:00:00.000Z')).toEqual([]);
  });
});
