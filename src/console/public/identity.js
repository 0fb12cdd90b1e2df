// Who is signed in, so the console shows only the controls the key's role may use (the API is
// the real guard). `GET /admin/whoami` -> { keyId, name, role }; an app without it only has the
// bootstrap admin token, so the caller is an admin.
import { optional } from './api.js';

const ORDER = ['viewer', 'approver', 'admin'];

export const identity = { name: 'admin token', role: 'admin', keyId: 'bootstrap' };

export async function loadIdentity() {
  const me = await optional('/whoami');
  const p = me?.principal ?? me;
  if (p && ORDER.includes(p.role)) Object.assign(identity, { name: p.name ?? p.keyId ?? 'key', role: p.role, keyId: p.keyId ?? '' });
  else Object.assign(identity, { name: 'admin token', role: 'admin', keyId: 'bootstrap' });
}

export const can = (need) => ORDER.indexOf(identity.role) >= ORDER.indexOf(need);
