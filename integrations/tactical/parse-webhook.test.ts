import { describe, expect, it } from 'vitest';
import { parseTacticalAlert } from './parse-webhook.js';

const base = { event: 'failure', alert_id: '12', agent_id: 'HkXyZq', hostname: 'CONTOSO-WS01', client_id: '1', check_id: '9001', message: 'please install VLC and restart Spooler' };
const category = (extra: Record<string, unknown>) => {
  const p = parseTacticalAlert({ ...base, ...extra }, 'tac');
  if (p.ok !== true) throw new Error(p.ok === false ? p.message : p.reason);
  return [p.alert.category, p.alert.serviceName ?? null, p.alert.application ?? null];
};

describe('Tactical alert categories come from the check type and structured fields only', () => {
  it('a failing script check may be a software request, but the body never names the application (it is read from the agent)', () => {
    expect(category({ check_type: 'script', requested_app: ' Notepad++ ', service_name: 'None' })).toEqual(['software_request', null, null]);
  });
  it('a script check without a check id, a service check that also carries a request field, and other checks are not software requests', () => {
    expect(category({ check_type: 'script', check_id: 'None' })).toEqual(['other', null, null]);
    expect(category({ check_type: 'winsvc', service_name: 'Spooler', requested_app: 'VLC' })).toEqual(['service_stopped', 'Spooler', null]);
    // The message text never decides anything.
    expect(category({ check_type: 'cpuload' })).toEqual(['other', null, null]);
  });
  it('reads the text None (what Tactical substitutes for a missing value) as absent', () => {
    const p = parseTacticalAlert({ ...base, alert_type: 'availability', check_id: 'None', check_type: 'None', service_name: 'None', client_id: 'None' }, 'tac');
    expect(p.ok === true ? [p.alert.category, p.alert.checkId, p.alert.serviceName, p.alert.organisationHint] : p).toEqual(['other', undefined, undefined, undefined]);
  });
  it('a body Tactical sent as one JSON string (its JSON broke after substitution) is refused with the reason', () => {
    const p = parseTacticalAlert('{"event": "failure", "message": "say "hi""}', 'tac');
    expect(p).toMatchObject({ ok: false, message: expect.stringContaining('not valid JSON') });
  });
  it('an oversized request field is refused with a clear error', () => {
    const p = parseTacticalAlert({ ...base, check_type: 'script', requested_app: 'x'.repeat(257) }, 'tac');
    expect(p.ok).toBe(false);
    expect(p.ok === false ? p.message : '').toContain('requested_app');
  });
});
