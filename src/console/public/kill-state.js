// The kill switch state in the header, refreshed on every poll and after every change.
import { api } from './api.js';
import { scopeText } from './format.js';

export let switches = [];

export async function refreshKillState() {
  const el = document.getElementById('kill-state');
  try {
    switches = (await api('/kill-switch')).switches ?? [];
  } catch (err) {
    el.dataset.tone = 'unknown';
    el.textContent = 'Kill switch: unknown';
    el.title = err.message;
    return;
  }
  const engaged = switches.filter((s) => s.engaged);
  const global = engaged.find((s) => s.scope.kind === 'global');
  let text;
  let tone;
  if (global) {
    text = 'Kill switch ENGAGED: automation stopped';
    tone = 'stopped';
  } else if (engaged.length) {
    text = `Automation running · ${engaged.length} scoped stop${engaged.length > 1 ? 's' : ''}`;
    tone = 'partial';
  } else {
    text = 'Automation running';
    tone = 'running';
  }
  // Only touch the DOM on change so the live region announces changes, not every poll.
  if (el.textContent !== text) el.textContent = text;
  el.dataset.tone = tone;
  el.title = engaged.map((s) => `${scopeText(s.scope)}: ${s.reason || 'no reason given'} (${s.by})`).join('\n') || 'No kill switch is engaged';
}

export const globalSwitch = () => switches.find((s) => s.scope.kind === 'global') ?? null;
