import { describe, expect, it } from 'vitest';
import { parseTacticalAlert } from './parse-webhook.js';

const base = { event: 'failure', alert_id: '12', agent_id: 'HkXyZq', hostname: 'CONTOSO-WS01', client_id: '1', check_id: '9001', message: 'please install VLC and restart Spooler' };
const category = (extra: Record<string, unknown>) => {
  const p = parseTacticalAlert({ ...base, ...extra }, 'tac');
  if (p.ok !== true) throw new Error(p.ok === false ? p.message : p.reason);
  return [p.alert.category, p.alert.serviceName ?? null, p.alert.application ?? null];
};

describe('Tactical alert categories come from the check type and structured fields only', () => {
  it('a script check with the request field filled in is a software request for that application (trimmed)', () => {
    expect(category({ check_type: 'script', requested_app: ' Notepad++ ', service_name: '' })).toEqual(['software_request', null, 'Notepad++']);
  });
  it('a script check without a request, or a service check that also carries a request field, is not a software request', () => {
    expect(category({ check_type: 'script', requested_app: '' })).toEqual(['other', null, null]);
    expect(category({ check_type: 'winsvc', service_name: 'Spooler', requested_app: 'VLC' })).toEqual(['service_stopped', 'Spooler', null]);
    // The message text never decides anything.
    expect(category({ check_type: 'cpuload' })).toEqual(['other', null, null]);
  });
  it('an oversized request field is refused with a clear error', () => {
    const p = parseTacticalAlert({ ...base, check_type: 'script', requested_app: 'x'.repeat(257) }, 'tac');
    expect(p.ok).toBe(false);
    expect(p.ok === false ? p.message : '').toContain('requested_app');
  });
});
