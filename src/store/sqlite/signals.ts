import { Signal } from '../../model/signal.js';
import type { Db } from './db.js';
import { toMs } from '../time.js';
import { immediate } from './transaction.js';

interface SignalRow {
  id: string;
  delivery_key: string;
  installation_id: string;
  source: string;
  kind: string;
  action: string;
  ticket_id: string | null;
  company_hint: string | null;
  /** JSON of the RmmAlert; NULL for PSA signals and rows written before the column existed. */
  alert: string | null;
  received_at: string;
}

function fromRow(row: SignalRow): Signal {
  return Signal.parse({
    id: row.id,
    installationId: row.installation_id,
    source: row.source,
    kind: row.kind,
    deliveryKey: row.delivery_key,
    action: row.action,
    // Optional fields are NULL in SQL but absent (not null) in the model.
    ...(row.ticket_id === null ? {} : { ticketId: row.ticket_id }),
    ...(row.company_hint === null ? {} : { companyHint: row.company_hint }),
    ...(row.alert === null || row.alert === undefined ? {} : { alert: JSON.parse(row.alert) as unknown }),
    receivedAt: row.received_at,
  });
}

/** Accepted webhooks: the durable record written before the 2xx. */
export function signalTable(db: Db) {
  // ON CONFLICT DO NOTHING covers both unique keys (id and delivery_key).
  const insert = db.prepare(`
    INSERT INTO signals (id, delivery_key, installation_id, source, kind, action, ticket_id, company_hint, alert, received_at, received_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`);
  const byId = db.prepare<[string], SignalRow>('SELECT * FROM signals WHERE id = ?');
  const byDeliveryKey = db.prepare<[string], SignalRow>('SELECT * FROM signals WHERE delivery_key = ?');
  // First marker wins: a second run never re-labels a signal another run already took.
  const mark = db.prepare('UPDATE signals SET processed_run_id = ? WHERE id = ? AND processed_run_id IS NULL');
  const unprocessed = db.prepare<[number], SignalRow>(
    'SELECT * FROM signals WHERE processed_run_id IS NULL ORDER BY received_ms, rowid LIMIT ?',
  );

  const put = immediate(db, (s: Signal): { inserted: boolean; signal: Signal } => {
    const { changes } = insert.run(
      s.id, s.deliveryKey, s.installationId, s.source, s.kind, s.action,
      s.ticketId ?? null, s.companyHint ?? null, s.alert ? JSON.stringify(s.alert) : null, s.receivedAt, toMs(s.receivedAt),
    );
    const row = byDeliveryKey.get(s.deliveryKey);
    if (!row) throw new Error(`signal id ${s.id} already exists with a different deliveryKey`);
    return { inserted: changes === 1, signal: fromRow(row) };
  });

  const markProcessed = immediate(db, (id: string, runId: string): void => {
    mark.run(runId, id);
  });

  return {
    put: (signal: Signal) => put(Signal.parse(signal)),
    get(id: string): Signal | null {
      const row = byId.get(id);
      return row ? fromRow(row) : null;
    },
    markProcessed,
    listUnprocessed(limit: number): Signal[] {
      return unprocessed.all(Math.max(0, Math.floor(limit))).map(fromRow);
    },
  };
}
