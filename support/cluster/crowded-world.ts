import { demoWorld, type DemoWorld } from '../../mocks/demo-data.js';

/** The address of the n-th extra user with a full mailbox (1-based). */
export const fullMailbox = (n: number): string => `full.user${String(n).padStart(3, '0')}@contoso.example`;

/**
 * The demo world plus `extra` Contoso users whose mailbox is full (47.5 of 50 GB, licence max
 * 100 GB): each is a distinct problem the mailbox-quota remediation raises to 60 GB.
 */
export function crowdedWorld(extra: number): DemoWorld {
  const world = demoWorld();
  for (let n = 1; n <= extra; n++) {
    world.users.push({
      email: fullMailbox(n),
      displayName: `Full User${String(n).padStart(3, '0')}`,
      clientId: 'contoso',
      quotaGB: 50,
      usedGB: 47.5,
      licenceMaxGB: 100,
      licence: 'Microsoft 365 E3',
    });
  }
  return world;
}
