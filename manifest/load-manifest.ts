import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Manifest } from './schema.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Reads and validates the marketplace manifest of one PSA; a broken manifest is a clear error. */
export function loadManifest(psa: Manifest['psa']): Manifest {
  const file = join(here, `${psa}.json`);
  const parsed = Manifest.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export const fillUrl = (template: string, publicUrl: string, installationId: string): string =>
  `${publicUrl.replace(/\/$/, '')}${template.replace('{installationId}', installationId)}`;
