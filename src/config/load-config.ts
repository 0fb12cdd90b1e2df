import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { RemediationDefinition } from '../remediation/define.js';
import { AppConfig, type AppConfigInput } from './schema.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads a YAML or JSON config file; every error names the file, the field and what is wrong. */
export function loadConfigFile(file: string, remediations: readonly RemediationDefinition<never, never>[]): AppConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  return parseConfig(raw as AppConfigInput, remediations, file);
}

export function parseConfig(raw: AppConfigInput, remediations: readonly RemediationDefinition<never, never>[], source = 'config'): AppConfig {
  const parsed = AppConfig.safeParse(raw);
  if (!parsed.success) throw new ConfigError(formatIssues(source, parsed.error.issues));
  const config = parsed.data;
  const issues: string[] = [];
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
  if (issues.length > 0) throw new ConfigError(`${source}: invalid configuration:\n  - ${issues.join('\n  - ')}`);
  return config;
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
