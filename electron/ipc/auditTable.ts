/**
 * An intercom's audit log in people's words (issue 11, item 5): "Code 8a58fc85 (Anna) opened Main Gate to
 * enter", with gate, user and code names instead of raw ids; a kind for filtering; CSV for export. Shared by
 * the services (Device Details' history), the renderer (filter, CSV) and `fluss audit`. Pure: no Electron,
 * Node or DOM. Entries never carry digits or keys, so neither does anything made from them.
 */
import type { AuditEntry } from '../protocol/messages';
import { csvText } from './csv';

/** What the history can be filtered by. */
export const AUDIT_KINDS = ['codes', 'keypad', 'settings', 'users'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number] | 'other';
export const AUDIT_KIND_TITLES: Record<AuditKind, string> = { codes: 'Codes', keypad: 'Keypad', settings: 'Settings', users: 'Users', other: 'Other' };

/** The names this computer knows, by id: devices heard or saved, its labels for users and codes. */
export interface AuditNames {
  devices: Record<string, string>;
  users: Record<string, string>;
  codes: Record<string, string>;
  /** This computer's user id on the intercom: its entries say "You". */
  me?: string;
}

/** One history line, ready to show or export. */
export interface AuditRow {
  seq: number;
  at: number;
  type: string;
  kind: AuditKind;
  /** Who did it, by name. */
  who: string;
  text: string;
}

const KIND_OF: Record<string, AuditKind> = {
  'code.created': 'codes',
  'code.used': 'codes',
  'code.revoked': 'codes',
  'code.expired': 'codes',
  'gate.unreachable': 'codes',
  'code.refused': 'keypad',
  'keypad.lockout': 'keypad',
  'keypad.hardLocked': 'keypad',
  'keypad.refusedWhileLocked': 'keypad',
  'keypad.cleared': 'keypad',
  'settings.changed': 'settings',
  claimed: 'settings',
  'user.added': 'users',
  'user.removed': 'users',
};

const SETTING_TITLES: Record<string, string> = { entryDevice: 'Entry Device', exitDevice: 'Exit Device', maxUsers: 'Max Users', inviteDurationHours: 'Invite Duration' };
const REFUSAL_WORDS: Record<string, string> = { used: 'already used', expired: 'expired', revoked: 'revoked', locked: 'the keypad is locked', 'gate-unreachable': 'the gate did not answer' };

/** One entry as a history row. */
export function auditRow(entry: AuditEntry, names: AuditNames): AuditRow {
  const who = actorName(entry.actor, names);
  return { seq: entry.seq, at: entry.at, type: entry.type, kind: KIND_OF[entry.type] ?? 'other', who, text: describe(entry, who, names) };
}

function actorName(actor: string, names: AuditNames): string {
  if (actor === 'keypad') return 'Someone at the keypad';
  if (actor === 'device') return 'The intercom';
  if (actor === names.me) return 'You';
  return names.users[actor] ?? `User ${actor}`;
}

function describe(entry: AuditEntry, who: string, names: AuditNames): string {
  const d = entry.detail;
  const text = (key: string) => (typeof d[key] === 'string' || typeof d[key] === 'number' ? String(d[key]) : '');
  const code = () => codeName(text('codeId'), names);
  const gate = () => deviceName(text('gate'), names);
  switch (entry.type) {
    case 'code.created':
      return `${who} created ${lower(code())}`;
    case 'code.used':
      return `${code()} opened ${gate()} ${d.leg === 'exit' ? 'to leave' : 'to enter'}`;
    case 'code.revoked':
      return `${who} revoked ${lower(code())}`;
    case 'code.expired':
      return `${code()} expired`;
    case 'gate.unreachable':
      return `${gate()} did not answer when ${lower(code())} was typed`;
    case 'code.refused':
      if (d.reason === 'unknown') return 'A wrong code was typed at the keypad';
      if (d.reason === 'ended') return `An ended code was typed at the keypad: ${lower(code())}`;
      return `${d.codeId === undefined ? 'A code' : code()} was refused: ${REFUSAL_WORDS[text('reason')] ?? text('reason')}`;
    case 'keypad.lockout':
      return `The keypad locked for ${Math.max(1, Math.round(Number(d.durationMs) / 60_000))} min after ${text('failures')} wrong codes`;
    case 'keypad.hardLocked':
      return `The keypad locked until the owner clears it, after ${text('failures')} wrong codes`;
    case 'keypad.refusedWhileLocked':
      return `${text('count')} ${d.count === 1 ? 'code was' : 'codes were'} typed while the keypad was locked`;
    case 'keypad.cleared':
      return `${who} cleared the keypad lock`;
    case 'settings.changed':
      return `${who} changed One Time Access Settings${settingsChange(d, names)}`;
    case 'claimed':
      return `${actorName(text('ownerUserId'), names)} claimed the intercom`;
    case 'user.added':
      return `${who} added ${actorName(text('userId'), names)} as a shared user`;
    case 'user.removed':
      return `${who} removed ${actorName(text('userId'), names)}`;
    default:
      return `${entry.type}${Object.keys(d).length === 0 ? '' : `: ${Object.entries(d).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`}`;
  }
}

function settingsChange(detail: AuditEntry['detail'], names: AuditNames): string {
  const parts = Object.entries(detail)
    .filter(([field]) => field in SETTING_TITLES)
    .map(([field, value]) => `${SETTING_TITLES[field]} ${settingValue(field, value, names)}`);
  return parts.length === 0 ? '' : `: ${parts.join(', ')}`;
}

function settingValue(field: string, value: AuditEntry['detail'][string], names: AuditNames): string {
  if (field === 'exitDevice' && value === 'same') return 'Same as entry';
  if (field === 'entryDevice' || field === 'exitDevice') return value === null ? 'none' : deviceName(String(value), names);
  if (field === 'inviteDurationHours') return `${String(value)} h`;
  return String(value);
}

/** "Code 8a58fc85 (Anna, plumber)", or "Code 8a58fc85" when this computer has no label for it. */
export function codeName(codeId: string, names: AuditNames): string {
  const label = names.codes[codeId];
  return label === undefined || label === '' ? `Code ${codeId}` : `Code ${codeId} (${label})`;
}

function deviceName(deviceId: string, names: AuditNames): string {
  return names.devices[deviceId] ?? `device ${deviceId}`;
}

const lower = (s: string) => (s.startsWith('Code ') ? `code ${s.slice(5)}` : s);

/** The rows as CSV: sequence, time (ISO 8601, UTC), kind, who, what. */
export function auditCsv(rows: readonly AuditRow[]): string {
  return csvText(
    ['Seq', 'Time (UTC)', 'Kind', 'Who', 'What', 'Type'],
    rows.map((r) => [String(r.seq), new Date(r.at).toISOString(), AUDIT_KIND_TITLES[r.kind], r.who, r.text, r.type]),
  );
}
