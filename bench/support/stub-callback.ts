import { signCallbackBody } from '../../mocks/connectwise/sign-callback.js';
import { STUB } from '../stub/stub-constants.js';

const CW = '/sim/connectwise/v4_6_release/apis/3.0';

/** A ConnectWise "ticket added" callback for a stub ticket, signed with the stub's key (same bytes a real one has). */
export function stubCallback(stubOrigin: string, ticketId: number): { body: string; signature: string } {
  const host = new URL(stubOrigin).host;
  const entity = {
    id: ticketId,
    summary: 'My mailbox is full',
    company: { id: 250, identifier: 'ContosoLtd', name: 'Contoso Ltd' },
    board: { id: 1, name: 'Service Desk' },
    status: { id: 11, name: 'New' },
    contactEmailAddress: `full.user${String(ticketId % 1000).padStart(3, '0')}@contoso.example`,
  };
  const body = JSON.stringify({
    Action: 'added',
    Type: 'ticket',
    ID: ticketId,
    CompanyId: 'sandboxmsp',
    MemberId: 'dispatch',
    FromUrl: host,
    Entity: JSON.stringify(entity),
    Metadata: { key_url: `${stubOrigin}${CW}/system/callbackkeys/${STUB.signingKeyId}` },
  });
  return { body, signature: signCallbackBody(body, STUB.signingKey) };
}
