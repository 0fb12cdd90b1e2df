import { signCallbackBody } from './sign-callback.js';
import type { ConnectWiseState } from './seed-state.js';
import type { CallbackDelivery, CwCallbackEntry, CwMember, CwTicket } from './types.js';

export interface DispatcherOptions {
  state: ConnectWiseState;
  base: string;
  /** The MSP's ConnectWise company id, sent as `CompanyId`. */
  companyId: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

function levelMatches(cb: CwCallbackEntry, ticket: CwTicket): boolean {
  const level = cb.level.toLowerCase();
  if (level === 'owner') return true;
  if (level === 'board') return ticket.board.id === cb.objectId;
  if (level === 'ticket') return ticket.id === cb.objectId;
  return false;
}

/**
 * Delivers ticket callbacks like CW: one POST per matching active registration, after the API
 * call that caused it has been answered, signed with the current signing key. Deliveries are
 * not retried; each attempt is recorded in `state.deliveries`.
 */
export function createCallbackDispatcher(opts: DispatcherOptions) {
  const { state } = opts;
  const pending = new Set<Promise<void>>();

  const keyUrl = () => `${opts.base}/system/callbackkeys/${state.currentKeyId}`;

  function send(callbackId: number, url: string, action: CallbackDelivery['action'], ticketId: number, body: string, signature: string): void {
    const task = (async () => {
      // Yield first so the API response that caused this callback goes out before it.
      await new Promise((r) => setTimeout(r, 0));
      const record: CallbackDelivery = { callbackId, url, action, ticketId, status: null, body, signature, at: new Date().toISOString() };
      try {
        const res = await opts.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-content-signature': signature },
          body,
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
        record.status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch (err) {
        record.error = err instanceof Error ? err.message : String(err);
      }
      state.deliveries.push(record);
      if (state.deliveries.length > 10_000) state.deliveries.shift();
    })();
    pending.add(task);
    void task.finally(() => pending.delete(task));
  }

  function ticketChanged(action: 'added' | 'updated' | 'deleted', ticket: CwTicket, actor: CwMember): void {
    const key = state.signingKeys.get(state.currentKeyId) as string;
    for (const cb of state.callbacks) {
      if (cb.inactiveFlag || cb.type.toLowerCase() !== 'ticket' || !levelMatches(cb, ticket)) continue;
      if (cb.isSelfSuppressedFlag && cb.memberId === actor.id) {
        state.suppressed.push({ callbackId: cb.id, ticketId: ticket.id, memberIdentifier: actor.identifier });
        continue;
      }
      const body = JSON.stringify({
        Action: action,
        Type: 'ticket',
        ID: ticket.id,
        CompanyId: opts.companyId,
        MemberId: actor.identifier,
        FromUrl: new URL(opts.base).host,
        Entity: JSON.stringify(ticket),
        Metadata: { key_url: keyUrl() },
      });
      send(cb.id, cb.url, action, ticket.id, body, signCallbackBody(body, key));
    }
  }

  /** Sends the exact same bytes and signature again (a CW re-delivery). */
  function redeliver(delivery: CallbackDelivery): void {
    send(delivery.callbackId, delivery.url, delivery.action, delivery.ticketId, delivery.body, delivery.signature);
  }

  /** Resolves once every scheduled delivery (including ones scheduled meanwhile) has finished. */
  async function flush(): Promise<void> {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }

  return { ticketChanged, redeliver, flush, keyUrl };
}
