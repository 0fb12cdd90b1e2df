// Split the blind-written corpus once into development and test halves, stratified by label and hardness,
// with a fixed seed so the split is reproducible. Run from test/triage-data/:
//   node split.mjs source/writer-A.json source/writer-B.json source/writer-C.json
// (writers D and E came later and are development data only: independent-dev-2.json.)
import { readFileSync, writeFileSync } from 'node:fs';
const SEED = 20261208;
function mulberry32(a) { return () => { a |= 0; a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
const rnd = mulberry32(SEED);
const all = process.argv.slice(2).flatMap((f) => JSON.parse(readFileSync(f, 'utf8')));
const strata = new Map();
for (const t of all) { const k = `${t.label}|${t.hard ? 1 : 0}`; (strata.get(k) ?? strata.set(k, []).get(k)).push(t); }
const dev = [], test = [];
for (const k of [...strata.keys()].sort()) {
  const xs = strata.get(k).sort((a, b) => a.id.localeCompare(b.id));
  for (let i = xs.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [xs[i], xs[j]] = [xs[j], xs[i]]; }
  const half = Math.ceil(xs.length / 2);
  dev.push(...xs.slice(0, half)); test.push(...xs.slice(half));
}
const byId = (a, b) => a.id.localeCompare(b.id);
writeFileSync('independent-dev.json', JSON.stringify(dev.sort(byId), null, 1) + '\n');
writeFileSync('independent-test.json', JSON.stringify(test.sort(byId), null, 1) + '\n');
console.log('total', all.length, 'dev', dev.length, 'test', test.length);
