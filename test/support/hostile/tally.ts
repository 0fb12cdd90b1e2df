import { expect } from 'vitest';

/**
 * Counts what a hostile-input property tried and what got through, and prints one summary line
 * per property so the figures can be quoted ("tried N, accepted 0, stored 0"). Violations are
 * collected rather than thrown, so one known bug does not hide the rest of the run: the test
 * asserts at the end that there were none, listing each kind with a few samples.
 */
export interface Tally {
  readonly name: string;
  tried: number;
  /** Answered 2xx (or otherwise let through) although it should not have been. */
  accepted: number;
  /** Left something in the store (signals, runs, audit) although it should not have. */
  stored: number;
  /** Answers seen, by status code. */
  readonly statuses: Map<number, number>;
  /** Anything else worth quoting (e.g. requests the bait server saw). */
  readonly counters: Map<string, number>;
  /** Broken expectations by kind, each with its count and up to three samples. */
  readonly violations: Map<string, { count: number; samples: string[] }>;
  see(status: number): void;
  bump(counter: string, by?: number): void;
  /** Records a violation of `kind` unless `ok`. */
  check(ok: boolean, kind: string, sample: string): void;
  line(): string;
}

export function tally(name: string): Tally {
  const statuses = new Map<number, number>();
  const counters = new Map<string, number>();
  const violations = new Map<string, { count: number; samples: string[] }>();
  return {
    name,
    tried: 0,
    accepted: 0,
    stored: 0,
    statuses,
    counters,
    violations,
    see(status) {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    },
    bump(counter, by = 1) {
      counters.set(counter, (counters.get(counter) ?? 0) + by);
    },
    check(ok, kind, sample) {
      if (ok) return;
      const v = violations.get(kind) ?? { count: 0, samples: [] };
      v.count++;
      if (v.samples.length < 3) v.samples.push(sample.length > 300 ? `${sample.slice(0, 300)}...` : sample);
      violations.set(kind, v);
    },
    line() {
      const by = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}x${n}`).join(' ');
      const extra = [...counters.entries()].map(([k, n]) => `, ${k} ${n}`).join('');
      const bad = [...violations.values()].reduce((n, v) => n + v.count, 0);
      return `[hostile] ${name}: tried ${this.tried}, accepted ${this.accepted}, stored ${this.stored}, violations ${bad}${extra}${by ? ` (statuses ${by})` : ''}`;
    },
  };
}

/** Prints the summary line (vitest shows test console output). */
export function report(t: Tally): void {
  // eslint-disable-next-line no-console
  console.log(t.line());
}

/** Fails with every kind of violation seen, its count and samples. */
export function expectNoViolations(t: Tally): void {
  const listing = [...t.violations.entries()].map(([kind, v]) => `${kind} (x${v.count}):\n    ${v.samples.join('\n    ')}`).join('\n  ');
  expect(t.violations.size, `${t.name}:\n  ${listing}`).toBe(0);
  expect(t.accepted, `${t.name}: hostile inputs accepted`).toBe(0);
  expect(t.stored, `${t.name}: hostile inputs stored`).toBe(0);
}
