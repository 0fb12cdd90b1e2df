import { describe, expect, it } from 'vitest';
import type { RmmSoftware } from '../../src/model/rmm.js';
import { findInstalled, inventoryUntil } from './inventory.js';

const vlc: RmmSoftware = { name: 'VLC media player', version: '3.0.21' };
const pkg = { manager: 'choco' as const, id: 'vlc' };

describe('inventory validation polls with a bound', () => {
  it('reads again until the package shows (the inventory lags the install), pausing between reads', async () => {
    const answers: RmmSoftware[][] = [[], [], [vlc]];
    const pauses: number[] = [];
    const rmm = { listSoftware: async () => answers.shift() ?? [] };
    const inv = await inventoryUntil(rmm, 'dev', (i) => Boolean(findInstalled(i, 'VLC media player', pkg)), { attempts: 4, pauseMs: 250, sleep: async (ms) => void pauses.push(ms) });
    expect(inv).toEqual([vlc]);
    expect(pauses).toEqual([250, 250]);
  });

  it('stops after the bound and returns the last read', async () => {
    let reads = 0;
    const rmm = { listSoftware: async () => (reads++, []) };
    expect(await inventoryUntil(rmm, 'dev', (i) => i.length > 0, { attempts: 3, pauseMs: 1, sleep: async () => {} })).toEqual([]);
    expect(reads).toBe(3);
  });
});
