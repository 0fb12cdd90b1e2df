// A <dialog> confirmation: returns the value of the extra input (or true) on confirm, null on cancel.
import { mount } from './dom.js';

export function confirmDialog({ title, text, confirmLabel = 'Confirm', danger = false, input }) {
  const dlg = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  const ok = document.getElementById('confirm-ok');
  ok.textContent = confirmLabel;
  ok.className = danger ? 'danger' : 'primary';
  mount(document.getElementById('confirm-extra'), input ?? null);
  // Enter in the text field confirms (the form's implicit default would be Cancel, the first button).
  input?.querySelector?.('input')?.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); ok.click(); }
  });
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => {
      if (dlg.returnValue !== 'ok') return resolve(null);
      const control = input?.querySelector?.('input, textarea, select') ?? null;
      resolve(control ? control.value : true);
    }, { once: true });
    dlg.returnValue = '';
    dlg.showModal();
    // Cancel gets the focus: Enter on an engaged switch must not confirm by accident.
    (input?.querySelector?.('input, textarea') ?? document.getElementById('confirm-cancel')).focus();
  });
}
