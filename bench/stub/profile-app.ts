/**
 * Profiles the app under the stub load: `npx tsx bench/stub/profile-app.ts [tickets] [outDir]`.
 * Runs app-cpu-per-ticket's loop with the app under `node --cpu-prof`, then prints the top
 * self-time functions of the measured part only (samples between the warm-up and the last
 * ticket resolved; V8 stamps samples with the monotonic clock process.hrtime reads) as JSON.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runAppCpu } from '../support/app-cpu-run.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const tickets = Number(process.argv[2] ?? 300);
const outDir = process.argv[3] ?? `/tmp/tfx-profile-${Date.now()}`;
mkdirSync(outDir, { recursive: true });
const run = await runAppCpu({ scratchDir: outDir, tickets, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', outDir] });
const file = readdirSync(outDir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no .cpuprofile written');
const profile = JSON.parse(readFileSync(join(outDir, file), 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let t = profile.startTime;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i] ?? 0;
  if (t < run.windowUs[0] || t > run.windowUs[1]) continue;
  const n = byId.get(profile.samples[i]!)!;
  if (n.callFrame.functionName === '(idle)') continue;
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  const where = url ? `${relative(process.cwd(), url)}:${n.callFrame.lineNumber + 1}` : '';
  const key = `${n.callFrame.functionName || '(anonymous)'} ${where}`;
  self.set(key, (self.get(key) ?? 0) + 1);
  total++;
}
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40));
console.log(JSON.stringify({ run, profile: join(outDir, file), samples: total, top: top.map(([k, v]) => ({ fn: k, share: Math.round((v / total) * 1000) / 10 })) }, null, 1));
