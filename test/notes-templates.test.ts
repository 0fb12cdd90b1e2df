import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../src/config/load-config.js';
import { customerNote } from '../src/notes/customer-note.js';
import { renderTemplate, templateVariables } from '../src/notes/template.js';
import { deliverItem } from '../src/outbox/deliver-item.js';
import type { PsaAdapter } from '../src/model/psa.js';
import type { OutboxItem } from '../src/store/store.js';
import { notesTestConfig } from './support/notes-config.js';

describe('the template language', () => {
  it('substitutes {{variables}} only, and drops a line left empty by an empty value', () => {
    expect(renderTemplate('Hi {{ name }},\n{{extra}}\nBye {{name}}', { name: 'Ann', extra: '' })).toBe('Hi Ann,\nBye Ann');
    expect(renderTemplate('{{a}} {{constructor}} ${x} {{#if a}}', { a: '1' })).toBe('1  ${x} {{#if a}}');
    expect(templateVariables('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
  });
});

describe('notes config, validated at load', () => {
  it('an unknown variable is a load error naming the template and the variable', () => {
    const load = () => notesTestConfig(`notes:\n  templates:\n    mailbox-quota:\n      resolved:\n        de: "Hallo {{contactName}}, {{tenantId}}"\n`);
    expect(load).toThrowError(ConfigError);
    expect(load).toThrowError(/notes\.template mailbox-quota\.resolved\.de uses unknown variable '\{\{tenantId\}\}'/);
  });

  it('a default template may not use a remediation variable; a remediation template may use its own', () => {
    expect(() => notesTestConfig(`notes:\n  templates:\n    default:\n      resolved:\n        en: "{{newQuotaGB}}"\n`)).toThrowError(/template default\.resolved\.en uses unknown variable '\{\{newQuotaGB\}\}'/);
    expect(() => notesTestConfig(`notes:\n  templates:\n    mailbox-quota:\n      resolved:\n        en: "{{newQuotaGB}} GB"\n`)).not.toThrow();
  });

  it('refuses an unknown remediation, an unknown outcome and a stray brace', () => {
    expect(() => notesTestConfig(`notes:\n  templates:\n    mailbox-qouta:\n      resolved:\n        en: "x"\n`)).toThrowError(/notes\.templates\.mailbox-qouta: unknown remediation/);
    expect(() => notesTestConfig(`notes:\n  templates:\n    default:\n      closed:\n        en: "x"\n`)).toThrowError(/notes\.templates\.default/);
    expect(() => notesTestConfig(`notes:\n  templates:\n    default:\n      escalated:\n        en: "{{reason}"\n`)).toThrowError(/not a \{\{variable\}\}/);
  });
});

describe('choosing and filling the customer note', () => {
  const config = notesTestConfig(`notes:
  mspName: Northwind IT
  signOff: "Viele Grüße\\nIhr Northwind-Team"
  languageByClient: { fabrikam: de }
  templates:
    mailbox-quota:
      resolved:
        de: "Hallo {{contactName}},\\nIhr Postfach {{mailbox}} hat jetzt {{newQuotaGB}} GB.\\n{{signOff}}"
    default:
      escalated:
        de: "Hallo {{contactName}}, ein Techniker von {{mspName}} übernimmt: {{reason}}."
`);
  const values = { problem: 'P.', action: 'A.', nextStep: '', mailbox: 'lee@fabrikam.example', newQuotaGB: '60' };

  it("uses the client's language when the MSP has that template, with its name and sign-off", () => {
    const note = customerNote(config.notes, { outcome: 'resolved', remediationId: 'mailbox-quota', clientId: 'fabrikam', ticketId: '7', contactName: 'Lee', values });
    expect(note).toEqual({ language: 'de', text: 'Hallo Lee,\nIhr Postfach lee@fabrikam.example hat jetzt 60 GB.\nViele Grüße\nIhr Northwind-Team' });
    const escalated = customerNote(config.notes, { outcome: 'escalated', remediationId: 'mailbox-quota', clientId: 'fabrikam', ticketId: '7', contactName: 'Lee', values: { reason: 'x' } });
    expect(escalated.text).toBe('Hallo Lee, ein Techniker von Northwind IT übernimmt: x.');
  });

  it('falls back to the default language (built-in text) when there is no template in the wanted one', () => {
    const note = customerNote(config.notes, { outcome: 'resolved', remediationId: 'service-restart', clientId: 'fabrikam', ticketId: '7', contactName: null, values });
    expect(note.language).toBe('en');
    expect(note.text).toBe('Hello there,\n\nP.\nA.\n\nIf this did not fix the problem, reply to this ticket and a technician will pick it up.\n\nViele Grüße\nIhr Northwind-Team');
  });
});

describe('delivering the customer note, which has no marker', () => {
  const item = (attempts: number): OutboxItem =>
    ({ id: 'o1', runId: 'r1', installationId: 'cw', ticketId: '7', idempotencyKey: 'r1:resolution-customer:note', kind: 'note', attempts, payload: { text: 'Hello Lee,\nDone.', visibility: 'resolution', findBy: 'text' } }) as unknown as OutboxItem;

  it('is posted without a marker added, and after an earlier attempt looked up by its own text', async () => {
    const psa = { addNote: vi.fn(async () => ({ id: 'n1' })), findNote: vi.fn(async () => ({ id: 'n0' })) } as unknown as PsaAdapter;
    expect(await deliverItem(psa, item(1))).toEqual({ id: 'n1' });
    expect(psa.addNote).toHaveBeenCalledWith('7', { text: 'Hello Lee,\nDone.', visibility: 'resolution', marker: 'Hello Lee,\nDone.' });
    expect(await deliverItem(psa, item(2))).toEqual({ id: 'n0', foundAfterRetry: true });
    expect(psa.findNote).toHaveBeenCalledWith('7', 'Hello Lee,\nDone.');
    expect(psa.addNote).toHaveBeenCalledTimes(1);
  });
});
