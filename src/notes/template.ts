/**
 * The note template language: `{{name}}` is replaced by the variable's text, and nothing else
 * happens (no expressions, no loops, no code), so an MSP-edited template cannot do anything but
 * print the values it is given.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** Names used by a template, in order of first use. */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** A `{{` or `}}` that is not part of a well-formed placeholder (a typo the MSP should hear about). */
export function strayBraces(template: string): boolean {
  return /\{\{|\}\}/.test(template.replace(PLACEHOLDER, ''));
}

/** Fills the placeholders; an empty value drops its line when that line held nothing else. */
export function renderTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string {
  const lines = template.split('\n').flatMap((line) => {
    const filled = line.replace(PLACEHOLDER, (_m, name: string) => (Object.hasOwn(values, name) ? (values[name] ?? '') : ''));
    return filled.trim() === '' && line.trim() !== '' ? [] : [filled.trimEnd()];
  });
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
