/** CW's date-time format: ISO 8601 without milliseconds. */
export function cwDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
