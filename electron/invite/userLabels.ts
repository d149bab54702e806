/**
 * The owner's labels for shared users ("Ben, caretaker"), kept on the owner's computer only: the device
 * knows each shared user by a random id (issue 9, finding 10), so this is the only place the two meet.
 * Not secret, but personal: the file is written 0600.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { deviceIdSchema, userIdSchema } from '../protocol/messages';
import { setAside, writePrivateFile } from '../storage/privateFile';
import { userLabelSchema } from './inviteFormat';

export interface UserLabels {
  labelOf(deviceId: string, userId: string): string | undefined;
  /** The user id a label stands for on a device (case-insensitive), when exactly one matches. */
  userIdFor(deviceId: string, label: string): string | undefined;
  set(deviceId: string, userId: string, label: string): void;
  forget(deviceId: string, userId: string): void;
}

const fileSchema = z.strictObject({
  version: z.literal(1),
  devices: z.record(deviceIdSchema, z.record(userIdSchema, userLabelSchema)),
  /** Labels of removed users, so the audit history still names them ("You removed Ben"). */
  former: z.record(deviceIdSchema, z.record(userIdSchema, userLabelSchema)).optional(),
});

type Table = Record<string, Record<string, string>>;

class LabelTable implements UserLabels {
  constructor(
    protected table: Table,
    private readonly save: (table: Table, former: Table) => void,
    protected former: Table = {},
  ) {}

  /** The user's label, or the label they had before they were removed. */
  labelOf(deviceId: string, userId: string): string | undefined {
    return this.table[deviceId]?.[userId] ?? this.former[deviceId]?.[userId];
  }

  userIdFor(deviceId: string, label: string): string | undefined {
    const wanted = label.trim().toLowerCase();
    const matches = Object.entries(this.table[deviceId] ?? {}).filter(([, l]) => l.toLowerCase() === wanted);
    return matches.length === 1 ? matches[0]?.[0] : undefined;
  }

  set(deviceId: string, userId: string, label: string): void {
    this.table = { ...this.table, [deviceId]: { ...this.table[deviceId], [userId]: label } };
    this.former = without(this.former, deviceId, userId);
    this.save(this.table, this.former);
  }

  /** The user was removed: their label no longer finds them, but still names them in the history. */
  forget(deviceId: string, userId: string): void {
    const label = this.table[deviceId]?.[userId];
    this.table = without(this.table, deviceId, userId);
    if (label !== undefined) this.former = { ...this.former, [deviceId]: { ...this.former[deviceId], [userId]: label } };
    this.save(this.table, this.former);
  }
}

function without(table: Table, deviceId: string, userId: string): Table {
  return { ...table, [deviceId]: Object.fromEntries(Object.entries(table[deviceId] ?? {}).filter(([id]) => id !== userId)) };
}

/** Labels for the life of the process (tests, and hosts given no folder). */
export function memoryUserLabels(): UserLabels {
  return new LabelTable({}, () => undefined);
}

/**
 * Labels in a JSON file. An unreadable file is not fatal (labels are a convenience): the ids are shown
 * instead, and the file is rewritten on the next change.
 */
export function fileUserLabels(path: string): UserLabels {
  let table: Table = {};
  let former: Table = {};
  if (existsSync(path)) {
    try {
      const file = fileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
      table = file.devices;
      former = file.former ?? {};
    } catch {
      setAside(path);
      table = {};
    }
  }
  return new LabelTable(table, (t, f) => writePrivateFile(path, `${JSON.stringify({ version: 1, devices: t, former: f }, null, 2)}\n`), former);
}
