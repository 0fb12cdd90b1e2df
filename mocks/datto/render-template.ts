/** Datto's webhook variables: each `[name]` becomes the value (JSON-escaped), unknown names stay as typed. */
export function renderBracketTemplate(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\[([a-z_]+)\]/g, (m, name: string) => (name in vars ? JSON.stringify(String(vars[name])).slice(1, -1) : m));
}
