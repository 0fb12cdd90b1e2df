import type { RemediationDefinition } from '../remediation/define.js';
import type { Store } from '../store/store.js';
import { raiseOperatorAlert } from './operator-alerts.js';

export interface OverdueReview {
  remediationId: string;
  reviewDate: string;
  owner: string;
  daysOverdue: number;
}

const DAY_MS = 86_400_000;

/** Remediations whose `metadata.reviewDate` has passed (the date itself is still in time). */
export function overdueReviews(remediations: readonly RemediationDefinition<never, never>[], now: Date): OverdueReview[] {
  const today = now.toISOString().slice(0, 10);
  return remediations
    .filter((r) => r.metadata.reviewDate < today)
    .map((r) => ({ remediationId: r.id, reviewDate: r.metadata.reviewDate, owner: r.metadata.owner, daysOverdue: Math.floor((Date.parse(today) - Date.parse(r.metadata.reviewDate)) / DAY_MS) }));
}

/** Daily: one operator alert per remediation past its review date, naming its owner. */
export async function warnOverdueReviews(store: Store, remediations: readonly RemediationDefinition<never, never>[], now: Date): Promise<OverdueReview[]> {
  const overdue = overdueReviews(remediations, now);
  for (const o of overdue) {
    await raiseOperatorAlert(
      store,
      { kind: 'review_overdue', remediationId: o.remediationId, message: `${o.remediationId} was due for review on ${o.reviewDate} (${o.daysOverdue} days ago); owner ${o.owner}`, detail: { reviewDate: o.reviewDate, owner: o.owner, daysOverdue: o.daysOverdue } },
      'scheduler:review-dates',
      now,
    );
  }
  return overdue;
}
