import type { TicketVerdict } from './decide-historical.js';
import { APPROVAL_REVIEW_MINUTES, DEFAULT_MANUAL_MINUTES, MANUAL_MINUTES, type ManualEstimates } from './estimates.js';
import type { BacktestSummary } from './summarise.js';

/** Everything a backtest found; rendered as Markdown or HTML. */
export interface BacktestReport {
  generatedAt: string;
  installationId: string;
  psa: string;
  since: string;
  until: string;
  summary: BacktestSummary;
  verdicts: TicketVerdict[];
  unreadable: { ticketId: string; error: string }[];
  estimates: { manualMinutes: Record<string, number>; defaultManualMinutes: number; approvalReviewMinutes: number };
}

export function estimatesUsed(overrides: ManualEstimates): BacktestReport['estimates'] {
  return { manualMinutes: { ...MANUAL_MINUTES, ...overrides }, defaultManualMinutes: DEFAULT_MANUAL_MINUTES, approvalReviewMinutes: APPROVAL_REVIEW_MINUTES };
}
