/**
 * `npm run bench` (full) / `npm run bench -- --quick` (under 2 minutes).
 * Options: --out <dir> (default bench/results), --only <id,id> (see bench/registry.ts).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatComparison, formatLimit, formatValue } from './report/format.js';
import { runBenchmarks } from './run-benchmarks.js';
import { SIZES } from './sizes.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    out: { type: 'string', default: fileURLToPath(new URL('./results/', import.meta.url)) },
    only: { type: 'string' },
  },
});

const sizesName = values.sizes ?? (values.quick ? 'quick' : 'full');
if (!(sizesName in SIZES)) throw new Error(`--sizes must be one of ${Object.keys(SIZES).join(', ')}`);

const { report, files } = await runBenchmarks({
  mode: values.quick ? 'quick' : 'full',
  sizesName: sizesName as keyof typeof SIZES,
  outDir: values.out,
  only: values.only?.split(',').map((s) => s.trim()).filter(Boolean),
  log: (m) => console.log(m),
});

console.log('');
for (const b of report.benchmarks) {
  console.log(`${b.title}${b.error ? ' — FAILED' : ''}`);
  for (const f of b.figures) console.log(`  ${f.label}: ${formatValue(f.value, f.unit)} | limit ${formatLimit(f.limit)} | ${formatComparison(f.comparison)}`);
}
console.log(`\nWrote ${files.json}\n      ${files.markdown}\n      ${files.svg}`);
// Pino's async /dev/null sink and keep-alive sockets must not hold the process open.
process.exit(report.benchmarks.some((b) => b.error) ? 1 : 0);
