import type { HttpClient } from '../../src/http/http-client.js';
import { CW_MAX_PAGE_SIZE, CwCallbackEntries, CwCallbackEntry, type CwCallbackEntry as Entry } from './api-schemas.js';

export interface CallbackRegistrationOptions {
  client: HttpClient;
  /** Where CW should POST ticket callbacks for this installation (the app's webhook route). */
  callbackUrl: string;
  description?: string;
}

const isOurs = (e: Entry, url: string) => e.url === url && e.type.toLowerCase() === 'ticket' && e.level.toLowerCase() === 'owner';

async function listCallbacks(client: HttpClient): Promise<Entry[]> {
  const all: Entry[] = [];
  // GET /system/callbacks, read in full and matched here (filtering by URL in `conditions` is fragile).
  for (let page = 1; ; page++) {
    const items = await client.request({ method: 'GET', path: '/system/callbacks', operation: 'listCallbacks', query: { page, pageSize: CW_MAX_PAGE_SIZE }, schema: CwCallbackEntries });
    all.push(...items);
    if (items.length < CW_MAX_PAGE_SIZE) return all;
  }
}

/**
 * Registers the all-tickets callback (type ticket, level owner, objectId 1) idempotently: an
 * existing registration for the URL is reused, and re-enabled / re-suppressed if it drifted.
 * `isSelfSuppressedFlag` keeps our own write-backs from calling us back.
 */
export async function installConnectWiseCallback(opts: CallbackRegistrationOptions): Promise<{ id: number; created: boolean; repaired: boolean }> {
  const existing = (await listCallbacks(opts.client)).find((e) => isOurs(e, opts.callbackUrl));
  if (existing) {
    const ops = [];
    if (existing.inactiveFlag) ops.push({ op: 'replace', path: 'inactiveFlag', value: false });
    if (!existing.isSelfSuppressedFlag) ops.push({ op: 'replace', path: 'isSelfSuppressedFlag', value: true });
    if (ops.length > 0) {
      // PATCH /system/callbacks/{id}
      await opts.client.request({ method: 'PATCH', path: `/system/callbacks/${existing.id}`, operation: 'repairCallback', body: ops, idempotent: true });
    }
    return { id: existing.id, created: false, repaired: ops.length > 0 };
  }
  // POST /system/callbacks (CallbackEntriesAPI): url, objectId, type and level are required.
  const created = await opts.client.request({
    method: 'POST',
    path: '/system/callbacks',
    operation: 'registerCallback',
    body: { url: opts.callbackUrl, type: 'ticket', level: 'owner', objectId: 1, description: opts.description ?? 'ticketfix: ticket remediation', isSelfSuppressedFlag: true },
    schema: CwCallbackEntry,
  });
  return { id: created.id, created: true, repaired: false };
}

/** Removes every ticket callback registered for the URL; safe to run when none exists. */
export async function uninstallConnectWiseCallback(opts: Omit<CallbackRegistrationOptions, 'description'>): Promise<{ removed: number }> {
  const ours = (await listCallbacks(opts.client)).filter((e) => isOurs(e, opts.callbackUrl));
  for (const entry of ours) {
    // DELETE /system/callbacks/{id}
    await opts.client.request({ method: 'DELETE', path: `/system/callbacks/${entry.id}`, operation: 'removeCallback' });
  }
  return { removed: ours.length };
}
