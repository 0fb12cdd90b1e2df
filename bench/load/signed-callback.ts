import { signCallbackBody } from '../../mocks/connectwise/sign-callback.js';

/** Everything a load process needs to send ConnectWise callbacks the app accepts. */
export interface CallbackTarget {
  url: string;
  signingKey: string;
  keyUrl: string;
  /** The MSP's ConnectWise company id (the installation's `companyId`). */
  companyId: string;
  fromHost: string;
  /** Real tickets the callbacks name, used round-robin. */
  tickets: { id: number; psaCompanyId: number }[];
}

/**
 * A ticket "updated" callback as ConnectWise sends it, signed like ConnectWise signs it. `nonce`
 * goes into the Entity's `_info`, so each body (and so each delivery key) is unique and the
 * app stores every one instead of de-duplicating it.
 */
export function signedCallback(target: CallbackTarget, seq: number, nonce: string): { body: string; signature: string } {
  const ticket = target.tickets[seq % target.tickets.length]!;
  const entity = {
    id: ticket.id,
    summary: 'Updated by the benchmark',
    board: { id: 1, name: 'Service Desk' },
    company: { id: ticket.psaCompanyId },
    _info: { lastUpdated: new Date().toISOString(), updatedBy: 'dispatch', benchNonce: `${nonce}-${seq}` },
  };
  const body = JSON.stringify({
    Action: 'updated',
    Type: 'ticket',
    ID: ticket.id,
    CompanyId: target.companyId,
    MemberId: 'dispatch',
    FromUrl: target.fromHost,
    Entity: JSON.stringify(entity),
    Metadata: { key_url: target.keyUrl },
  });
  return { body, signature: signCallbackBody(body, target.signingKey) };
}
