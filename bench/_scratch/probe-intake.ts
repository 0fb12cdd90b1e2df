import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureIntake } from '../support/intake-measure.js';
import { SIZES } from '../sizes.js';

const ctx = { mode: 'quick' as const, sizes: { ...SIZES.quick, intake: { ...SIZES.quick.intake, durationSec: 3 } }, scratchDir: mkdtempSync(join(tmpdir(), 'pi-')), log: console.log };
for (const v of ['bare-express', 'intake-only', 'background'] as const) {
  for (const shape of [{ mode: 'max' as const, connections: 32 }, { mode: 'rate' as const, ratePerSec: 500 }]) {
    const t = performance.now();
    const r = await measureIntake(ctx, v, shape, `${v}-${shape.mode}`);
    console.log(v, shape.mode, ((performance.now() - t) / 1000).toFixed(1), 's', JSON.stringify({ ...r, load: { ...r.load } }, null, 0));
  }
}
