import type { SimDevice } from '../rmm-devices/device-model.js';

export interface TacticalAgent {
  agentId: string;
  device: SimDevice;
  clientId: number;
  clientName: string;
  siteId: number;
  siteName: string;
  /** Agent custom fields by name (text values; '' = empty). */
  customFields: Record<string, string>;
  /** The "TicketFix - Software request" script check: prints the request field and fails while it holds a value. */
  softwareRequestCheck: { id: number; status: 'passing' | 'failing'; stdout: string };
  /**
   * The software inventory as the agent last reported it (software/models.py InstalledSoftware):
   * null until the agent reports one, then a snapshot that only a refresh (PUT) renews.
   */
  inventory: { name: string; version: string }[] | null;
}

/** Agent custom fields the simulated Tactical defines (id -> name). */
export const TACTICAL_SIM_CUSTOM_FIELDS: Record<number, string> = { 7: 'TicketfixSoftwareRequest' };
export const TACTICAL_SIM_SOFTWARE_REQUEST_CHECK = 'TicketFix - Software request';
/** The saved script behind that check (configure it as softwareRequestScriptId). */
export const TACTICAL_SIM_SOFTWARE_REQUEST_SCRIPT_ID = 43;

export interface TacticalAlert {
  id: number;
  agentId: string;
  checkId: number;
  severity: 'info' | 'warning' | 'error';
  message: string;
  alertTime: string;
  resolved: boolean;
  resolvedOn?: string;
}

export interface TacticalPendingAction {
  id: number;
  agentId: string;
  action_type: 'chocoinstall';
  status: 'pending' | 'completed';
  details: { name: string; output: string | null; installed: boolean; retcode?: number };
  /** Reads of pendingactions still to answer "pending" (the agent has not picked it up yet). */
  pollsLeft: number;
  entry_time: string;
}

export interface TacticalHistory {
  id: number;
  agentId: string;
  type: 'script_run' | 'cmd_run';
  script: number | null;
  script_name: string;
  time: string;
  script_results: { stdout: string; stderr: string; retcode: number; execution_time: number; id: number } | null;
}

export interface TacticalScript {
  id: number;
  name: string;
  /** What running it does in the simulator. */
  kind: 'choco-uninstall' | 'echo' | 'software-request';
}

/** The alert template's URL actions, as the MSP configured them (see integrations/tactical/alert-template.ts). */
export interface TacticalAlertActions {
  url: string;
  headers: Record<string, string>;
  failureBody: string;
  resolvedBody: string;
}

export interface CallLogEntry {
  method: string;
  path: string;
  status: number;
  fault?: string;
}
