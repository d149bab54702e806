/**
 * The built-in demo site, used by `npm start`, `fluss --sim` and the tests when no site file is given.
 * Its keys are demo keys, public by design: never reuse them for a real device.
 */
export const DEMO_SITE = {
  version: 1,
  name: 'Demo site',
  users: [
    { userId: 'demo-owner', role: 'owner', key: 'qOr+m3vNpBCmEisjoKLIkK6KmgVZIcr0QXqkTco7HZ0=' },
    { userId: 'demo-shared', role: 'shared', key: 'BQbfKDskezI2fO1J73WSukQTjfJpUgGmPl7F8tLpCnk=' },
  ],
  devices: [
    {
      kind: 'intercom',
      deviceId: 'f1a000000001',
      name: 'Front Door',
      serial: 'FI100-24-000117',
      firmware: '1.4.2',
      hardware: 'C',
      rssi: -58,
      claimed: true,
      setupKey: '7aaf-e856-6d1b-7112-00f2-bec3-e61a-0d6e',
      // Commissioned already, so test-fire works out of the box; the other three are factory defaults.
      settings: { entryDevice: 'f16000000001' },
    },
    {
      kind: 'intercom',
      deviceId: 'f1a000000002',
      name: 'New Intercom',
      serial: 'FI100-24-000342',
      firmware: '1.4.2',
      hardware: 'C',
      rssi: -71,
      claimed: false,
      setupKey: 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1',
    },
    { kind: 'gate', deviceId: 'f16000000001', name: 'Main Gate', serial: 'FG200-23-004410', firmware: '2.1.0', rssi: -63 },
    { kind: 'gate', deviceId: 'f16000000002', name: 'Garage', serial: 'FG200-23-004411', firmware: '2.1.0', rssi: -77 },
    { kind: 'gate', deviceId: 'f16000000003', name: 'Side Gate', serial: 'FG200-24-000090', firmware: '2.1.0', rssi: -85 },
  ],
  others: [
    { address: '5c:e9:1e:4a:10:02', name: 'Pixel 8', rssi: -66, manufacturerData: 'e000010203' },
    { address: 'c4:7c:8d:66:21:9a', rssi: -80, serviceUuids: ['feaa'], manufacturerData: '4c000215' },
    { address: '70:2a:d5:0c:33:e1', name: '[TV] Samsung', rssi: -74, manufacturerData: '75000102' },
    { address: 'e2:15:99:41:07:bb', name: 'Tile', rssi: -90, serviceUuids: ['feed'] },
  ],
  radio: { connectionIntervalMs: 15, advertisingIntervalMs: 100, mtu: 247 },
} as const;
