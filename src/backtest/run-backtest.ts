import type { PsaRuntimeOptions } from '../../integrations/psa-integration.js';
import type { AppConfig, Installation } from '../config/schema.js';
import type { RemediationDefinition } from '../remediation/define.js';
import { decideHistorical } from './decide-historical.js';
import { manualMinutes, type ManualEstimates } from './estimates.js';
import { silentProgress, type Progress } from './progress.js';
import { readHistory } from './read-history.js';
import { estimatesUsed, type BacktestReport } from './report.js';
import { summarise } from './summarise.js';

/** `--psa`: an installation id, or a PSA name when exactly one installation is of that PSA. */
export function resolveInstallation(config: AppConfig, psa: string): Installation {
  const byId = config.installations.find((i) => i.id === psa);
  if (byId) return byId;
  const ofPsa = config.installations.filter((i) => i.psa === psa);
  if (ofPsa.length === 1) return ofPsa[0]!;
  const known = config.installations.map((i) => `${i.id} (${i.psa})`).join(', ');
  if (ofPsa.length > 1) throw new Error(`--psa ${psa}: several installations are ${psa}; name one: ${known}`);
  throw new Error(`--psa ${psa.slice(0, 60)}: no installation with that id or PSA; the config has ${known}`);
}

/** Reads the history (read-only), decides each ticket as the loop would, and summarises. */
export async function runBacktest(o: {
  config: AppConfig;
  remediations: readonly RemediationDefinition<never, never>[];
  install: Installation;
  sinceMs: number;
  runtime: PsaRuntimeOptions;
  now?: Date;
  estimates?: ManualEstimates;
  progress?: (total: number) => Progress;
}): Promise<BacktestReport> {
  const now = o.now ?? new Date();
  const since = new Date(now.getTime() - o.sinceMs);
  const history = await readHistory(o.install, since, o.runtime, o.progress ?? (() => silentProgress()));
  const verdicts = history.tickets.map((t) => decideHistorical(o.config, o.remediations, o.install.id, t, o.estimates));
  return {
    generatedAt: now.toISOString(),
    installationId: o.install.id,
    psa: o.install.psa,
    since: since.toISOString(),
    until: now.toISOString(),
    summary: summarise(verdicts, (kind) => manualMinutes(kind, o.estimates)),
    verdicts,
    unreadable: history.unreadable,
    estimates: estimatesUsed(o.estimates ?? {}),
  };
}
