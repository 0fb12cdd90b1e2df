import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installConnectWiseCallback, uninstallConnectWiseCallback } from './callback-registration.js';
import { connectWiseTestSetup } from '../../test/support/connectwise/test-kit.js';

const url = 'https://ticketfix.example/webhooks/connectwise/acme';
let t: ReturnType<typeof connectWiseTestSetup>;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  t = connectWiseTestSetup();
  server.resetHandlers(...t.sim.handlers);
});

describe('callback install/uninstall', () => {
  it('registers the owner-level ticket callback once, however often install runs', async () => {
    const first = await installConnectWiseCallback({ client: t.client(), callbackUrl: url });
    const second = await installConnectWiseCallback({ client: t.client(), callbackUrl: url });
    expect(first).toMatchObject({ created: true });
    expect(second).toEqual({ id: first.id, created: false, repaired: false });
    expect(t.sim.state.callbacks).toEqual([expect.objectContaining({ url, type: 'ticket', level: 'owner', objectId: 1, isSelfSuppressedFlag: true, memberId: 150 })]);
    expect(t.sim.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('leaves other registrations alone and repairs a disabled one instead of adding another', async () => {
    const other = await installConnectWiseCallback({ client: t.client(), callbackUrl: 'https://other.example/hook' });
    const ours = await installConnectWiseCallback({ client: t.client(), callbackUrl: url });
    const entry = t.sim.state.callbacks.find((c) => c.id === ours.id)!;
    entry.inactiveFlag = true;
    entry.isSelfSuppressedFlag = false;
    expect(await installConnectWiseCallback({ client: t.client(), callbackUrl: url })).toEqual({ id: ours.id, created: false, repaired: true });
    expect(t.sim.state.callbacks.find((c) => c.id === ours.id)).toMatchObject({ inactiveFlag: false, isSelfSuppressedFlag: true });
    expect(t.sim.state.callbacks.map((c) => c.id).sort()).toEqual([other.id, ours.id].sort());
  });

  it('uninstall removes only our registration and is safe to repeat', async () => {
    await installConnectWiseCallback({ client: t.client(), callbackUrl: 'https://other.example/hook' });
    await installConnectWiseCallback({ client: t.client(), callbackUrl: url });
    expect(await uninstallConnectWiseCallback({ client: t.client(), callbackUrl: url })).toEqual({ removed: 1 });
    expect(await uninstallConnectWiseCallback({ client: t.client(), callbackUrl: url })).toEqual({ removed: 0 });
    expect(t.sim.state.callbacks.map((c) => c.url)).toEqual(['https://other.example/hook']);
  });
});
