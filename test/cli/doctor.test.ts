/** `fluss doctor`'s decisions and the binding choice, fed fake probe results (no adapter, no child process). */
import { describe, expect, it } from 'vitest';
import { chooseBinding } from '../../electron/transport/noble/binding';
import { doctorPassed, evaluateDoctor, parseCapabilities, type DoctorProbes } from '../../electron/transport/noble/doctor';

const linuxDbus = (edit: Partial<DoctorProbes> = {}): DoctorProbes => ({
  platform: 'linux',
  binding: { kind: 'dbus' },
  bindingSource: 'the default on linux',
  adapterState: 'poweredOn',
  adapterTimeoutMs: 5_000,
  dbusModule: true,
  bluetoothdRunning: true,
  systemBus: { path: '/var/run/dbus/system_bus_socket', exists: true, accessible: true },
  ...edit,
});

const byId = (probes: DoctorProbes) => Object.fromEntries(evaluateDoctor(probes).map((c) => [c.id, c]));

describe('binding choice', () => {
  it('defaults to BlueZ over D-Bus on Linux and the native bindings elsewhere', () => {
    expect(chooseBinding({}, {}, 'linux')).toEqual({ kind: 'dbus' });
    expect(chooseBinding({}, {}, 'darwin')).toEqual({ kind: 'mac' });
    expect(chooseBinding({}, {}, 'win32')).toEqual({ kind: 'win' });
  });

  it('takes the raw HCI socket when asked by option or environment, and HCI UART over everything', () => {
    expect(chooseBinding({ hci: 1 }, {}, 'linux')).toEqual({ kind: 'hci', deviceId: 1 });
    expect(chooseBinding({}, { FLUSS_BLE_BINDING: 'hci' }, 'linux')).toEqual({ kind: 'hci', deviceId: 0 });
    expect(chooseBinding({}, { FLUSS_HCI_DEVICE: '2' }, 'linux')).toEqual({ kind: 'hci', deviceId: 2 });
    expect(chooseBinding({ hciUart: '/dev/ttyACM0', hci: 1 }, {}, 'win32')).toEqual({ kind: 'hci-uart', port: '/dev/ttyACM0', baudRate: 1_000_000 });
    expect(chooseBinding({}, { FLUSS_HCI_UART: 'COM4' }, 'win32')).toMatchObject({ kind: 'hci-uart', port: 'COM4' });
    expect(() => chooseBinding({ binding: 'usb' }, {}, 'linux')).toThrow(/not a Bluetooth binding/);
  });
});

describe('fluss doctor checks', () => {
  it('passes a Linux laptop with BlueZ running and a powered adapter', () => {
    const checks = evaluateDoctor(linuxDbus());
    expect(checks.map((c) => c.id)).toEqual(['binding', 'dbus-module', 'dbus', 'bluez', 'adapter']);
    expect(checks.every((c) => c.status === 'pass')).toBe(true);
    expect(doctorPassed(checks)).toBe(true);
    expect(checks[0]?.detail).toMatch(/BlueZ over D-Bus/);
  });

  it('names the fix when BlueZ is not running and there is no system bus', () => {
    const checks = byId(linuxDbus({ bluetoothdRunning: false, systemBus: { path: '/run/dbus/system_bus_socket', exists: false, accessible: false }, adapterState: 'unsupported' }));
    expect(checks.bluez).toMatchObject({ status: 'fail', fix: expect.stringMatching(/systemctl enable --now bluetooth/) as unknown });
    expect(checks.dbus).toMatchObject({ status: 'fail', fix: expect.stringMatching(/--hci 0/) as unknown });
    expect(checks.adapter).toMatchObject({ status: 'fail', fix: expect.stringMatching(/systemctl start bluetooth/) as unknown });
  });

  it('raw HCI: fails without CAP_NET_RAW and CAP_NET_ADMIN, naming the setcap command for this node', () => {
    const probes = (getcap: string | undefined, isRoot = false): DoctorProbes => ({
      ...linuxDbus(),
      binding: { kind: 'hci', deviceId: 0 },
      isRoot,
      hciAdapters: ['hci0'],
      node: { path: '/usr/local/bin/node', getcap },
    });
    const missing = byId(probes(''));
    expect(missing['hci-permissions']).toMatchObject({ status: 'fail', detail: expect.stringMatching(/CAP_NET_RAW and CAP_NET_ADMIN/) as unknown });
    expect(missing['hci-permissions']?.fix).toContain('sudo setcap cap_net_raw,cap_net_admin+eip /usr/local/bin/node');
    expect(byId(probes('/usr/local/bin/node cap_net_admin,cap_net_raw=eip'))['hci-permissions']?.status).toBe('pass');
    expect(byId(probes('/usr/local/bin/node = cap_net_raw+eip'))['hci-permissions']?.detail).toMatch(/lacks CAP_NET_ADMIN\.$/);
    expect(byId(probes('', true))['hci-permissions']?.status).toBe('pass');
    expect(byId(probes(undefined))['hci-permissions']?.status).toBe('warn');
    expect(byId({ ...probes(''), hciAdapters: ['hci1'] })['hci-adapter']).toMatchObject({ status: 'fail', fix: 'Use --hci 1.' });
  });

  it('parses getcap output in both formats', () => {
    expect([...parseCapabilities('/usr/bin/node cap_net_admin,cap_net_raw=eip\n')].sort()).toEqual(['cap_net_admin', 'cap_net_raw']);
    expect([...parseCapabilities('/usr/bin/node = cap_net_admin,cap_net_raw+eip')].sort()).toEqual(['cap_net_admin', 'cap_net_raw']);
    expect(parseCapabilities('').size).toBe(0);
  });

  it('macOS: an unauthorized state is the Bluetooth permission, with where to grant it', () => {
    const checks = byId({ platform: 'darwin', binding: { kind: 'mac' }, bindingSource: 'the default on darwin', adapterState: 'unauthorized', adapterTimeoutMs: 5_000 });
    expect(checks.permission).toMatchObject({ status: 'fail', fix: expect.stringMatching(/Privacy & Security > Bluetooth/) as unknown });
    expect(checks.adapter?.status).toBe('fail');
  });

  it('Windows: a powered-off adapter fails with the fix; a powered one passes', () => {
    const base: DoctorProbes = { platform: 'win32', binding: { kind: 'win' }, bindingSource: 'the default on win32', adapterState: 'poweredOff', adapterTimeoutMs: 5_000 };
    expect(byId(base).adapter).toMatchObject({ status: 'fail', fix: expect.stringMatching(/Turn Bluetooth on/) as unknown });
    expect(doctorPassed(evaluateDoctor({ ...base, adapterState: 'poweredOn' }))).toBe(true);
  });

  it('HCI UART: a missing port fails before any adapter wait, and a silent controller says how long it waited', () => {
    const base: DoctorProbes = { platform: 'linux', binding: { kind: 'hci-uart', port: '/dev/ttyACM0', baudRate: 1_000_000 }, bindingSource: '--hci-uart', adapterState: 'unknown', adapterTimeoutMs: 2_000 };
    expect(byId({ ...base, serialPort: { path: '/dev/ttyACM0', exists: false, accessible: false } })['serial-port']?.status).toBe('fail');
    const silent = byId({ ...base, serialPort: { path: '/dev/ttyACM0', exists: true, accessible: true } });
    expect(silent['serial-port']?.status).toBe('pass');
    expect(silent.adapter).toMatchObject({ status: 'fail', detail: expect.stringMatching(/within 2 s/) as unknown });
  });
});
