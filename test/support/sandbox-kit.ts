import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/start-sandbox.js';
import type { Run } from '../../src/model/run.js';

/** A sandbox on a free port with its own data folder: real HTTP between app and simulators. */
export async function testSandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'tfx-e2e-')), ...o });
}

/** Creates a ticket through the simulated ConnectWise REST API, as a PSA user or email connector would. */
export async function createTicket(sb: Sandbox, body: { summary: string; companyId?: number; contactEmail: string; description?: string }): Promise<number> {
  const res = await fetch(`${sb.urls.connectwise}/service/tickets`, {
    method: 'POST',
    headers: { ...sb.connectwise.authHeadersAs('dispatch'), 'Content-Type': 'application/json' },
    body: JSON.stringify({ summary: body.summary, initialDescription: body.description, company: { id: body.companyId ?? 250 }, board: { id: 1 }, contactEmailAddress: body.contactEmail }),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`ticket create failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

export async function cwGet<T>(sb: Sandbox, path: string): Promise<T> {
  const res = await fetch(`${sb.urls.connectwise}${path}`, { headers: sb.connectwise.authHeaders() });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** Lets callbacks land, the queue empty and the outbox deliver. */
export async function settle(sb: Sandbox): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await sb.connectwise.flushCallbacks();
    await sb.app.settle();
  }
}

export async function runsFor(sb: Sandbox, ticketId: number): Promise<Run[]> {
  return sb.app.store.listRuns({ ticketId: String(ticketId) });
}

/** Calls the admin API with the sandbox's token. */
export async function admin<T = unknown>(sb: Sandbox, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${sb.app.url}/admin${path}`, {
    method,
    headers: { Authorization: `Bearer ${sb.app.adminToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export interface CwNote {
  text: string;
  internalAnalysisFlag: boolean;
  resolutionFlag: boolean;
  detailDescriptionFlag: boolean;
}

export const notesOf = (sb: Sandbox, id: number) => cwGet<CwNote[]>(sb, `/service/tickets/${id}/notes`);
export const statusOf = async (sb: Sandbox, id: number) => (await cwGet<{ status: { name: string } }>(sb, `/service/tickets/${id}`)).status.name;
/** Set-Mailbox calls the tenant saw, optionally for one mailbox. */
export const setMailboxCalls = (sb: Sandbox, identity?: string) =>
  sb.m365.calls.filter((c) => c.cmdlet === 'Set-Mailbox' && (identity === undefined || c.identity?.toLowerCase() === identity));
