/**
 * Tactical's variable substitution for URL actions: each `{{a.b.c}}` becomes the value at that
 * path (empty when missing), escaped so the JSON body stays valid, then the body is posted.
 */
export function renderTemplate(template: string, context: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g, (_m, path: string) => {
    let v: unknown = context;
    for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    if (v === undefined || v === null) return '';
    return JSON.stringify(String(v)).slice(1, -1);
  });
}
