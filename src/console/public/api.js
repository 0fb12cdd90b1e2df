// The one way the console talks to the app: the admin API with the operator's key as a bearer
// token. The key stays in sessionStorage (gone when the tab closes), never in a URL or cookie.

const KEY = 'ticketfix.apiKey';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  set(key) { sessionStorage.setItem(KEY, key); },
  clear() { sessionStorage.removeItem(KEY); },
};

let onUnauthorized = () => {};
export function whenUnauthorized(fn) { onUnauthorized = fn; }

export async function api(path, { method = 'GET', body, key = session.key } = {}) {
  let res;
  try {
    res = await fetch(`/admin${path}`, {
      method,
      headers: { Authorization: `Bearer ${key ?? ''}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'The app did not answer. Is it running?');
  }
  let data = null;
  try { data = await res.json(); } catch { /* not JSON: keep null */ }
  if (res.status === 401 && key === session.key) onUnauthorized();
  if (!res.ok && !(res.status === 409 && data && 'ok' in data)) throw new ApiError(res.status, data?.message ?? `${method} ${path} failed (${res.status})`);
  return data;
}

/** Like api(), but a route this version of the app does not have yet answers null. */
export async function optional(path, opts) {
  try {
    return await api(path, opts);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 405)) return null;
    throw err;
  }
}

/** `?a=1&b=x` from an object, skipping empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
