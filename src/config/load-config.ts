import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { outsideUrlPolicyFromEnv, refusedOutsideUrl, type OutsideUrlPolicy } from '../http/outside-url-policy.js';
import type { RemediationDefinition } from '../remediation/define.js';
import { noteTemplateIssues } from '../notes/notes-config.js';
import { AppConfig, type AppConfigInput } from './schema.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads a YAML or JSON config file; every error names the file, the field and what is wrong. */
export function loadConfigFile(file: string, remediations: readonly RemediationDefinition<never, never>[], urlPolicy?: OutsideUrlPolicy): AppConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const depth = nestingDepth(text);
  if (depth > MAX_NESTING) throw new ConfigError(`${file}: nested ${depth} levels deep; a config needs at most ${MAX_NESTING}`);
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}${where(err)}`);
  }
  return parseConfig(raw as AppConfigInput, remediations, file, urlPolicy);
}

const MAX_NESTING = 64;

/** Deepest bracket nesting, so a hostile file cannot exhaust the parser. Quotes are skipped. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') max = Math.max(max, ++depth);
    else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  return max;
}

/**
 * Where a parse failed, never what was there: parser messages quote the source, and a pasted
 * secret must not end up in an error.
 */
function where(err: unknown): string {
  const e = err as { linePos?: { line: number; col: number }[]; message?: string };
  if (e.linePos?.[0]) return ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}`;
  const pos = /position (\d+)/.exec(e.message ?? '');
  return pos ? ` at character ${pos[1]}` : '';
}

/**
 * Parses and checks a config. `urlPolicy` (default: the process's opt-in, see outside-url-policy.ts)
 * decides which outside URLs are acceptable: https only, unless loopback http is opted into.
 */
export function parseConfig(raw: AppConfigInput, remediations: readonly RemediationDefinition<never, never>[], source = 'config', urlPolicy?: OutsideUrlPolicy): AppConfig {
  const parsed = AppConfig.safeParse(raw);
  if (!parsed.success) throw new ConfigError(formatIssues(source, parsed.error.issues));
  const config = parsed.data;
  const issues: string[] = outsideUrlIssues(config, urlPolicy ?? outsideUrlPolicyFromEnv(process.env));
  const known = new Set(remediations.map((r) => r.id));
  const check = (where: string, id: string, settings: Record<string, unknown> | undefined) => {
    const r = remediations.find((x) => x.id === id);
    if (!r) return issues.push(`${where}: unknown remediation '${id}' (known: ${[...known].join(', ')})`);
    const s = r.settingsSchema.safeParse({ ...(config.remediations[id]?.settings ?? {}), ...(settings ?? {}) });
    if (!s.success) issues.push(...s.error.issues.map((i) => `${where}.settings.${i.path.join('.')}: ${i.message}`));
    return 0;
  };
  for (const [id, p] of Object.entries(config.remediations)) check(`remediations.${id}`, id, p.settings);
  config.clients.forEach((c, i) => Object.entries(c.remediations).forEach(([id, p]) => check(`clients.${i}(${c.id}).remediations.${id}`, id, p.settings)));
  issues.push(...noteTemplateIssues(config.notes, remediations));
  if (issues.length > 0) throw new ConfigError(`${source}: invalid configuration:\n  - ${issues.join('\n  - ')}`);
  return config;
}

/** Every PSA, RMM and Microsoft 365 URL in the config: https, or loopback http under the opt-in. */
function outsideUrlIssues(config: AppConfig, policy: OutsideUrlPolicy): string[] {
  const issues: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return;
      const refusal = refusedOutsideUrl(value, policy);
      if (refusal) issues.push(`${path}: ${refusal}`);
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}.${i}`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
  };
  walk(config.installations, 'installations');
  walk(config.rmms, 'rmms');
  walk(config.m365, 'm365');
  return issues;
}

function formatIssues(source: string, issues: z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, 20).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`);
  return `${source}: invalid configuration:\n  - ${lines.join('\n  - ')}`;
}

/** Reads a secret from the environment variable the config names; the error names the variable, never a value. */
export function readSecret(env: NodeJS.ProcessEnv, name: string, usedFor: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`environment variable ${name} (${usedFor}) is not set`);
  return value;
}
