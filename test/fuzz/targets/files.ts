/**
 * Fuzz targets for what is read from disk: the site file, the simulated devices' state file (and the
 * revision and clock readers beside it), an intercom's flash image, the credential store, the browser
 * host's preferences and the GATT cache. Each input is written as the file and loaded the way the app
 * loads it; loaders may refuse with a FlussError that says what to do, nothing else.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromPersisted } from '../../../electron/firmware/intercomState';
import { migratePrefs } from '../../../electron/services/prefsStore';
import { DEMO_SITE } from '../../../electron/sim/demoSite';
import { loadSite } from '../../../electron/sim/siteFile';
import { SimSite } from '../../../electron/sim/simSite';
import { readClockOffset, readRevisions, SimStateFile } from '../../../electron/sim/simState';
import { CredentialFile } from '../../../electron/storage/credentialFile';
import { keychainProtection } from '../../../electron/storage/keyProtection';
import { memoryKeychain } from '../../../electron/storage/keychain';
import { PlainJsonFile } from '../../../electron/storage/plainJsonFile';
import { GattCacheFile } from '../../../electron/transport/gattCache';
import { demoSite, FRONT_DOOR, MAIN_GATE } from '../../helpers/demo';
import { asText, defined, flussErrorsOnly, json, resultProblem, text, type FuzzTarget } from '../target';

/** A folder per target, emptied before every input (set-aside copies of bad files pile up otherwise). */
class Scratch {
  private readonly root = mkdtempSync(join(tmpdir(), 'fluss-fuzz-'));
  readonly dir = join(this.root, 'data');

  constructor() {
    mkdirSync(this.dir);
  }

  /** Writes `bytes` as `name` in an empty folder and returns its path. */
  put(name: string, bytes: Uint8Array): string {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir);
    const path = join(this.dir, name);
    writeFileSync(path, bytes);
    return path;
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function siteFile(): FuzzTarget {
  const scratch = new Scratch();
  return {
    name: 'file.site',
    weight: 0.3,
    seeds: [json(DEMO_SITE), json(demoSite())],
    run(input) {
      loadSite(scratch.put('site.json', input));
      return undefined;
    },
    allowed: flussErrorsOnly,
    close: () => scratch.close(),
  };
}

/** The state file of the demo site as a real run saves it, sealed under an in-memory keychain. */
function simState(): FuzzTarget {
  const scratch = new Scratch();
  const protection = keychainProtection(memoryKeychain());
  const sim = new SimSite({ site: demoSite() });
  const devices = new Map([FRONT_DOOR, MAIN_GATE].map((id) => [id, defined(sim.intercom(id) ?? sim.gate(id), id).snapshot()]));
  const seedPath = join(scratch.dir, 'sim-state.json');
  new SimStateFile(seedPath, protection).save({ clockOffsetMs: 60_000, devices, revisions: new Map([[FRONT_DOOR, 3]]) });
  const seed = new Uint8Array(readFileSync(seedPath));
  return {
    name: 'file.simState',
    weight: 0.3,
    seeds: [seed],
    run(input) {
      const path = scratch.put('sim-state.json', input);
      readRevisions(path);
      readClockOffset(path);
      new SimStateFile(path, protection).load();
      return undefined;
    },
    allowed: flussErrorsOnly,
    close: () => scratch.close(),
  };
}

/** An intercom's flash image (JSON), restored as a simulated reboot does. */
function intercomFlash(): FuzzTarget {
  const sim = new SimSite({ site: demoSite() });
  const snapshot = defined(sim.intercom(FRONT_DOOR), 'Front Door').snapshot();
  return {
    name: 'flash.intercom',
    seeds: [json(snapshot)],
    run(input) {
      let value: unknown;
      try {
        value = JSON.parse(asText(input));
      } catch {
        value = asText(input);
      }
      return resultProblem(fromPersisted(value), 'fromPersisted');
    },
  };
}

function credentials(): FuzzTarget {
  const scratch = new Scratch();
  const protection = keychainProtection(memoryKeychain());
  const seedPath = join(scratch.dir, 'credentials.json');
  const store = new CredentialFile(seedPath, protection);
  store.remember(FRONT_DOOR, { userId: 'tech1', role: 'owner', key: new Uint8Array(32).fill(1), identityKey: new Uint8Array(32).fill(2) });
  store.remember(MAIN_GATE, { userId: 'anna', role: 'shared', key: new Uint8Array(32).fill(3) });
  const seed = new Uint8Array(readFileSync(seedPath));
  return {
    name: 'file.credentials',
    weight: 0.3,
    seeds: [seed],
    run(input) {
      const loaded = new CredentialFile(scratch.put('credentials.json', input), protection);
      loaded.lookup(FRONT_DOOR);
      loaded.lookup(MAIN_GATE, 'shared');
      return undefined;
    },
    allowed: flussErrorsOnly,
    close: () => scratch.close(),
  };
}

function prefs(): FuzzTarget {
  const scratch = new Scratch();
  const stored = { schemaVersion: 2, technicianName: 'Ana', showOtherDevices: true, sitesSeen: ['Harbour View'], devicesSeen: {} };
  return {
    name: 'file.prefs',
    weight: 0.3,
    seeds: [json({ format: 'fluss-plain-v1', plain: stored }), json({ format: 'fluss-sealed-v1', plain: { technicianName: 'Ana' }, sealed: '' })],
    run(input) {
      new PlainJsonFile(scratch.put('prefs.json', input)).load(migratePrefs);
      return undefined;
    },
    allowed: flussErrorsOnly,
    close: () => scratch.close(),
  };
}

function gattCache(): FuzzTarget {
  const scratch = new Scratch();
  const key = { deviceId: FRONT_DOOR, firmware: '1.4.2', profile: 'p' };
  const layout = {
    services: [
      {
        uuid: '0000feed00001000800000805f9b34fb'.slice(0, 32),
        start: 10,
        end: 20,
        declarations: [{ declHandle: 11, properties: 0x1a, valueHandle: 12, uuid: '2a00' }],
        characteristics: [{ uuid: '2a00', declHandle: 11, valueHandle: 12, properties: 0x1a, endHandle: 13, cccd: 13 }],
      },
    ],
  };
  const seedPath = join(scratch.dir, 'gatt-cache.json');
  new GattCacheFile(seedPath).set(key, layout);
  return {
    name: 'file.gattCache',
    weight: 0.3,
    seeds: [new Uint8Array(readFileSync(seedPath)), text('{"format":"fluss-gatt-cache-v1","devices":{}}')],
    run(input) {
      const cache = new GattCacheFile(scratch.put('gatt-cache.json', input));
      cache.get(key);
      return undefined;
    },
    close: () => scratch.close(),
  };
}

export function fileTargets(): FuzzTarget[] {
  return [siteFile(), simState(), intercomFlash(), credentials(), prefs(), gattCache()];
}
