import type { Run } from '../model/run.js';
import type { Signal } from '../model/signal.js';
import type { Job } from './in-process-queue.js';

// Jobs of one ticket share a key so they run one after another.
const ticketKey = (installationId: string, ticketId: string | undefined) => `${installationId}:${ticketId ?? '-'}`;

export const signalJob = (s: Signal): Job => ({ kind: 'signal', id: s.id, key: ticketKey(s.installationId, s.ticketId) });
export const runJob = (r: Run): Job => ({ kind: 'run', id: r.id, key: ticketKey(r.installationId, r.ticketId) });
