import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Installation } from '../src/config/schema.js';
import { webhookPath } from '../integrations/psa-integration.js';
import { fillUrl, loadManifest } from './load-manifest.js';
import { Manifest } from './schema.js';

const PSAS = (['connectwise', 'autotask', 'halopsa'] as const).filter((p) => existsSync(new URL(`./${p}.json`, import.meta.url)));

/** The zod object shape of one installation kind's own section (connectwise / autotask / halopsa). */
function sectionShape(psa: string): Record<string, unknown> {
  const option = Installation.options.find((o) => (o.shape.psa as z.ZodLiteral<string>).value === psa)!;
  return ((option.shape as unknown as Record<string, z.ZodObject>)[psa]!).shape;
}

describe.each(PSAS)('manifest/%s.json', (psa) => {
  const manifest = loadManifest(psa);

  it('is valid against the manifest schema', () => {
    expect(Manifest.safeParse(manifest).success).toBe(true);
    expect(manifest.psa).toBe(psa);
  });

  it('asks only for config the installation schema has, and every required field of it', () => {
    const shape = sectionShape(psa);
    for (const c of manifest.config) {
      const [section, field] = c.key.split('.');
      expect(section).toBe(psa);
      expect(Object.keys(shape)).toContain(field);
      if (c.secret) expect(field).toMatch(/Env$/);
    }
    const asked = new Set(manifest.config.map((c) => c.key.split('.')[1]));
    for (const [field, schema] of Object.entries(shape)) {
      if (!(schema as z.ZodType).safeParse(undefined).success) expect(asked, `manifest must ask for ${psa}.${field}`).toContain(field);
    }
  });

  it('publishes the webhook URL the app really serves', () => {
    const install = { id: 'acme', psa } as Installation;
    expect(fillUrl(manifest.publicUrls.webhook, 'https://app.example', 'acme')).toBe(`https://app.example${webhookPath(install)}`);
  });
});

describe('manifest schema', () => {
  it('rejects a manifest without permissions, with a foreign webhook path or a bad version', () => {
    const good = loadManifest('connectwise');
    expect(Manifest.safeParse({ ...good, permissions: [] }).success).toBe(false);
    expect(Manifest.safeParse({ ...good, publicUrls: { ...good.publicUrls, webhook: '/hooks' } }).success).toBe(false);
    expect(Manifest.safeParse({ ...good, version: 'one' }).success).toBe(false);
  });
});
