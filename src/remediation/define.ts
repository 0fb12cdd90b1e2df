import { z } from 'zod';
import type { Client } from '../model/client.js';
import type { RmmAdapter, RmmAlert } from '../model/rmm.js';
import type { PlannedCall, RiskClass, Target } from '../model/plan.js';
import type { EscalationReason } from '../model/run.js';
import type { Ticket } from '../model/ticket.js';
import type { TenantM365 } from '../../integrations/m365/types.js';
import type { SecretLinks } from '../secret-link/secret-links.js';

/**
 * What act hands the later steps (validate, the resolution note). The engine keeps it with the
 * run, `secrets` sealed, so another instance or a restarted process can finish the run.
 */
export interface ActHandover {
  output?: Record<string, unknown>;
  /** e.g. a one-time link's URL: sealed in the store, never shown to an operator. */
  secrets?: Record<string, string>;
}

/** What the later steps get back (secrets opened; empty when none were kept). */
export interface ActedState {
  output: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** What a remediation's matching rules say about a ticket. */
export interface MatchResult {
  confidence: number;
  reasons: string[];
  params: Record<string, string>;
}

/**
 * What the engine hands a remediation. Every outside handle is already bound to the client's
 * own tenant / organisation from config; nothing here can be chosen by ticket text.
 */
export interface RemediationContext<S> {
  client: Client;
  ticket: Ticket;
  /** The client's M365 tenant, or undefined when the client has none configured. */
  m365?: TenantM365;
  /** The client's RMM installation (config mapping), or undefined when the client has none. */
  rmm?: RmmAdapter;
  /** The RMM alert the run came from, when it came from one (structured facts; still re-read before use). */
  alert?: RmmAlert;
  settings: S;
  now: Date;
  /** One-time secret links (passed in by the engine; absent in dry-run and planning). */
  secretLinks?: SecretLinks;
  /**
   * During act: keeps a handover with the run before the risky call, so an ambiguous failure or
   * a crash after it still finds it. Throws when a secret cannot be kept safely (no sealing key).
   */
  remember?: (handover: ActHandover) => Promise<void>;
  /** During validate (and rollback): what act handed over. */
  acted?: ActedState;
}

/** A plan before the engine adds ids and the hash. */
export interface PlanDraft<I> {
  problem: string;
  targets: Target[];
  calls: PlannedCall[];
  prior: Record<string, unknown>;
  expected: Record<string, unknown>;
  input: I;
  summary: string;
  /** Set when this particular plan needs a person (e.g. above the client's ceiling). */
  approvalReason?: string;
}

export type PlanOutcome<I> = { kind: 'plan'; plan: PlanDraft<I> } | { kind: 'refuse'; reason: EscalationReason; detail: string };

export interface ValidationResult {
  ok: boolean;
  observed: Record<string, unknown>;
  message: string;
}

export interface RemediationMetadata {
  owner: string;
  runbook: string;
  reviewDate: string;
  changelog: { version: string; date: string; change: string }[];
}

export interface RemediationDefinition<I = unknown, S = unknown> {
  id: string;
  version: string;
  title: string;
  description: string;
  metadata: RemediationMetadata;
  riskClass: RiskClass;
  /** Max targets one execution may touch before it needs approval (client policy may lower it). */
  blastRadius: { maxTargets: number };
  /** How this change is undone; `manual` remediations escalate instead of rolling back. */
  rollbackPolicy: { strategy: 'automatic' | 'manual'; description: string };
  /** Minutes logged on the ticket when it resolves. */
  timeEntryMinutes: number;
  /** Outside systems it needs (the engine refuses to plan if the client lacks one). */
  needs: ('m365' | 'rmm')[];
  settingsSchema: z.ZodType<S>;
  inputSchema: z.ZodType<I>;
  match(ticket: Ticket): MatchResult | null;
  plan(ctx: RemediationContext<S>, match: MatchResult): Promise<PlanOutcome<I>>;
  /** Makes exactly the planned change. Never called in dry-run. What it returns is kept for the later steps. */
  act(ctx: RemediationContext<S>, input: I): Promise<void | ActHandover>;
  /** Reads the world again; a script's success is not validation. */
  validate(ctx: RemediationContext<S>, input: I, expected: Record<string, unknown>): Promise<ValidationResult>;
  /** Restores `prior`. */
  rollback(ctx: RemediationContext<S>, input: I, prior: Record<string, unknown>): Promise<ValidationResult>;
  /** Its own variables a customer-note template of this remediation may use (docs/notes.md lists them). */
  noteVariables: readonly string[];
  /**
   * What the ticket's contact reads when it resolved, in plain language: no outside URL, no
   * tenant or object id, no marker. `values` fills `noteVariables` for MSP templates.
   */
  customerNote(input: I, prior: Record<string, unknown>, validation: ValidationResult, acted: ActedState): CustomerNoteParts;
  /** The technician's account (identities, values before and after); the engine adds calls, evidence, the run link and the marker. */
  internalNote(input: I, prior: Record<string, unknown>, validation: ValidationResult, acted: ActedState): string;
}

/** The plain-language parts of a resolved customer note (the `problem`, `action` and `nextStep` variables) and the remediation's own. */
export interface CustomerNoteParts {
  problem: string;
  action: string;
  nextStep?: string;
  values: Record<string, string>;
}

export class RemediationDefinitionError extends Error {}

const MetadataSchema = z.object({
  owner: z.string().min(1),
  runbook: z.string().min(1),
  reviewDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  changelog: z.array(z.object({ version: z.string(), date: z.string(), change: z.string() })).min(1),
});

/**
 * Registers a remediation. Refuses one that does not declare its rollback, blast radius,
 * risk class and metadata: guardrails are metadata, not code inside `act`.
 */
export function defineRemediation<I, S>(def: RemediationDefinition<I, S>): RemediationDefinition<I, S> {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9-]*$/.test(def.id)) problems.push('id must be kebab-case');
  if (!def.rollbackPolicy || !['automatic', 'manual'].includes(def.rollbackPolicy.strategy) || !def.rollbackPolicy.description) problems.push('rollbackPolicy must be declared');
  if (typeof def.rollback !== 'function') problems.push('rollback must be implemented');
  if (!def.blastRadius || !Number.isInteger(def.blastRadius.maxTargets) || def.blastRadius.maxTargets < 1) problems.push('blastRadius.maxTargets must be a positive integer');
  if (!['low', 'medium', 'security', 'billing'].includes(def.riskClass)) problems.push('riskClass must be low, medium, security or billing');
  const meta = MetadataSchema.safeParse(def.metadata);
  if (!meta.success) problems.push(`metadata: ${meta.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  if (problems.length > 0) throw new RemediationDefinitionError(`remediation '${def.id}' cannot be registered: ${problems.join('; ')}`);
  return def;
}

/** Security-posture and billing/licensing changes always need a person. */
export const riskNeedsApproval = (risk: RiskClass): boolean => risk === 'security' || risk === 'billing';
