import type { ScannedDeviceView, SessionView } from '../../electron/ipc/contract';
import type { SettingsSnapshot } from '../../electron/protocol/messages';

export const INTERCOM = 'f1a000000001';
export const MAIN_GATE = 'f16000000001';
export const GARAGE = 'f16000000002';

export const scanList = (now = Date.now()): ScannedDeviceView[] => [
  { key: 'a', kind: 'intercom', deviceId: INTERCOM, name: 'Front Door', claimed: true, model: 'FI-100', firmware: '1.4.2', rssi: -58, lastSeen: now },
  { key: 'b', kind: 'gate', deviceId: MAIN_GATE, name: 'Main Gate', rssi: -63, lastSeen: now },
  { key: 'c', kind: 'gate', deviceId: GARAGE, name: 'Garage', rssi: -77, lastSeen: now },
  { key: 'd', kind: 'other', name: 'Pixel 8', rssi: -40, lastSeen: now },
  { key: 'e', kind: 'intercom', deviceId: 'f1a000000002', name: 'New Intercom', claimed: false, rssi: -71, lastSeen: now },
];

export const snapshot = (revision = 3): SettingsSnapshot => ({
  settings: { entryDevice: MAIN_GATE, exitDevice: 'same', maxUsers: 10, inviteDurationHours: 12 },
  revision,
});

export const sessionView = (role: 'owner' | 'shared' = 'owner'): SessionView => ({
  info: {
    kind: 'intercom',
    deviceId: INTERCOM,
    name: 'Front Door',
    model: 'FI-100',
    firmware: '1.4.2',
    hardware: 'C',
    serial: 'FI100-24-000117',
    protocolVersion: 1,
    claimed: true,
  },
  role,
  userId: role === 'owner' ? 'demo-owner' : 'demo-shared',
});
