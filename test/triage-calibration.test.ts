import { describe, expect, it } from 'vitest';
import { fitIsotonic } from '../src/triage/train/isotonic.js';

describe('isotonic calibration', () => {
  it('counts a ticket by its weight (veto-caught tickets count for the share a veto misses)', () => {
    // 8 right at 0.9, and 10 wrong at 0.95 each counted at 0.4: pooled, (8 + 1) / (8 + 4 + 2) = 0.6429.
    const right = Array.from({ length: 8 }, () => ({ score: 0.9, correct: true }));
    const caught = Array.from({ length: 10 }, () => ({ score: 0.95, correct: false, weight: 0.4 }));
    expect(fitIsotonic([...right, ...caught])).toEqual([[0.9278, 0.6429]]);
  });

  it('weighs each ticket once by default', () => {
    expect(fitIsotonic([{ score: 0.9, correct: true }, { score: 0.9, correct: true }, { score: 0.8, correct: false }])).toEqual([[0.8, 0.3333], [0.9, 0.75]]);
  });
});
