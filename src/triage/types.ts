import type { MatchResult } from '../remediation/define.js';

/** Every remediation the triage can choose. Order is the tie-break order (lower risk first). */
export const REMEDIATION_IDS = ['mailbox-quota', 'password-reset', 'software-install', 'distribution-list', 'security-group', 'service-restart'] as const;
export type RemediationId = (typeof REMEDIATION_IDS)[number];

/** A ticket as the triage sees it, whatever PSA it came from. */
export interface TriageTicket {
  summary: string;
  description?: string;
  contactEmail?: string;
  source?: string;
}

/** The ticket after the light normaliser: what every matcher reads. */
export interface NormalisedTicket {
  /** Lowercased, accents folded, quoted mail headers / signatures removed, common misspellings fixed. */
  text: string;
  /** The same cleaned text with its original case (for names, groups, hostnames). */
  cased: string;
  contactEmail?: string;
  source?: string;
  /** E-mail addresses written in the cleaned text (not the contact's own). */
  emails: string[];
}

/** One remediation's own matching rules, as listed in `remediations/matchers.ts`. */
export interface RemediationMatcher {
  id: RemediationId;
  match(ticket: NormalisedTicket): MatchResult | null;
  /** A hard "not this" (the remediation's own NOT list): when it answers, the triage abstains on this remediation. */
  veto?(ticket: NormalisedTicket): string | undefined;
}

export type TriageParams = Partial<Record<'user' | 'group' | 'application' | 'service' | 'device' | 'action', string>>;

export interface TriageResult {
  remediation: RemediationId | null;
  confidence: number;
  params: Record<string, string>;
  reasons: string[];
  /** Reasons to abstain: when present the triage never acts, whatever the score (shown first in the reasons). */
  abstain?: { code: string; reason: string }[];
}
