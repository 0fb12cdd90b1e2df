import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { actorOf, principalOf, requireRole } from '../auth/roles.js';
import { labelRun, RunLabelError, RunLabelInput, runLabelOf, StoredRunLabel } from '../engine/reopen-run-labels.js';
import type { Store } from '../store/store.js';

export const RunLabelBody = RunLabelInput;
export const RunLabelResponse = z.object({ label: StoredRunLabel.nullable() });

/**
 * `GET /runs/:id/label` (viewer) and `POST /runs/:id/label {label: right|wrong, note?}`
 * (approver): an operator's verdict on what the loop did, audited, read back by evaluations.
 */
export function adminRunLabelRoutes(store: Store, clock: () => Date): Router {
  const r = express.Router();
  r.get('/runs/:id/label', requireRole('viewer'), async (req: Request<{ id: string }>, res) => {
    if (!(await store.getRun(req.params.id))) return void res.status(404).json({ error: 'not_found', message: `run '${req.params.id}' does not exist` });
    res.json({ label: await runLabelOf(store, req.params.id) });
  });
  r.post('/runs/:id/label', requireRole('approver'), async (req: Request<{ id: string }>, res) => {
    const body = RunLabelBody.safeParse(req.body ?? {});
    if (!body.success) return void res.status(400).json({ error: 'bad_request', message: body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
    const p = principalOf(res);
    try {
      const label = await labelRun(store, { runId: req.params.id, label: body.data.label, note: body.data.note, by: p ? actorOf(p) : 'admin', at: clock() });
      res.json({ label });
    } catch (err) {
      if (err instanceof RunLabelError) return void res.status(404).json({ error: 'not_found', message: err.message });
      throw err;
    }
  });
  return r;
}
