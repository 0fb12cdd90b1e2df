// Small formatting helpers shared by the views.

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function ago(iso, now = Date.now()) {
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (Number.isNaN(s)) return '';
  const future = s < 0;
  const a = Math.abs(s);
  const text = a < 60 ? `${a}s` : a < 3600 ? `${Math.round(a / 60)} min` : a < 86400 ? `${Math.round(a / 3600)} h` : `${Math.round(a / 86400)} d`;
  return future ? `in ${text}` : `${text} ago`;
}

export const short = (id, n = 8) => (id ? String(id).slice(0, n) : '—');

export const pct = (x) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);

export function label(s) {
  return String(s ?? '').replace(/[_.-]/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

export function scopeText(scope) {
  if (scope.kind === 'global') return 'Global';
  if (scope.kind === 'client') return `Client ${scope.id}`;
  if (scope.kind === 'remediation') return `Remediation ${scope.id}`;
  return `${scope.id} at ${scope.clientId}`;
}
