/**
 * Packaging smoke test: electron-builder's Linux `dir` target with a stand-in Electron (no download
 * needed; ../shared/ble-notes.md). Checks the asar holds the built main, preload and renderer, the
 * native prebuilds sit outside it, and the afterPack hook flipped the fuses.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/demo';

const ROOT = join(import.meta.dirname, '../..');
const BUILT = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * A stand-in `electron` executable carrying a fuse wire (sentinel, version 1, 9 fuses in Electron's
 * default states), so @electron/fuses can flip it exactly as in a real binary.
 */
function standInElectron(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const wire = Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in electron"\nexit 0\n# '), Buffer.from(SENTINEL), Buffer.from([1, 9]), Buffer.from('101100111'), Buffer.from('\n')]);
  writeFileSync(join(dir, 'electron'), wire, { mode: 0o755 });
}

let unpacked: string;

beforeAll(() => {
  if (!BUILT.every((f) => existsSync(join(ROOT, f)))) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  }
  const work = tempDir();
  standInElectron(join(work, 'electron-dist'));
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--publish', 'never', `-c.electronDist=${join(work, 'electron-dist')}`, `-c.directories.output=${join(work, 'dist')}`],
    { cwd: ROOT, stdio: 'pipe', timeout: 120_000, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
  unpacked = join(work, 'dist', 'linux-unpacked');
}, 180_000);

describe('electron-builder --linux dir', () => {
  it('puts the built main, preload and renderer in app.asar', () => {
    const files = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false });
    expect(files).toEqual(expect.arrayContaining(['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']));
    expect(files.some((f) => /^\/out\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
    expect(files.some((f) => f.startsWith('/out/cli') || f.startsWith('/electron/') || f.startsWith('/test/'))).toBe(false);
    expect(files).toContain('/node_modules/electron-store/package.json');
  });

  it("unpacks noble's native prebuilds (a .node file cannot load from inside an asar)", () => {
    const archive = join(unpacked, 'resources', 'app.asar');
    const natives = listPackage(archive, { isPack: false }).filter((f) => f.endsWith('.node'));
    expect(natives.length).toBeGreaterThan(0);
    expect(natives.filter((f) => !('unpacked' in statFile(archive, f.slice(1)) && (statFile(archive, f.slice(1)) as { unpacked?: boolean }).unpacked))).toEqual([]);
    for (const prebuild of ['@stoprocent/noble/prebuilds/linux-x64/node.napi.glibc.node', '@stoprocent/bluetooth-hci-socket/prebuilds/linux-x64/@stoprocent+bluetooth-hci-socket.glibc.node']) {
      expect(existsSync(join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules', prebuild))).toBe(true);
    }
  });

  it('flips the fuses: no run-as-node, NODE_OPTIONS or --inspect; app only from an integrity-checked asar; no file:// privileges', async () => {
    const fuses = await getCurrentFuseWire(join(unpacked, 'fluss-commissioner'));
    const state = (option: FuseV1Options) => String.fromCharCode(fuses[option] as number);
    expect(state(FuseV1Options.RunAsNode)).toBe('0');
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe('1');
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0');
  });
});

describe('electron-builder.yml', () => {
  const config = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');

  it('targets AppImage and deb, nsis, and a dmg that says why it uses Bluetooth', () => {
    expect(config).toMatch(/linux:\n\s+target: \[AppImage, deb\]/);
    expect(config).toMatch(/win:\n\s+target: \[nsis\]/);
    expect(config).toMatch(/mac:\n\s+target: \[dmg\]/);
    expect(config).toMatch(/NSBluetoothAlwaysUsageDescription: \S+/);
  });

  it('signs macOS with entitlements that keep library validation on', () => {
    expect(config).toMatch(/^ {2}hardenedRuntime: true$/m);
    expect(config).toMatch(/^ {2}entitlements: resources\/build\/entitlements\.mac\.plist$/m);
    expect(config).toMatch(/^ {2}entitlementsInherit: resources\/build\/entitlements\.mac\.plist$/m);
    const plist = readFileSync(join(ROOT, 'resources/build/entitlements.mac.plist'), 'utf8');
    const keys = [...plist.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<key>([^<]+)<\/key>\s*<(true|false)\/>/g)].map((m) => `${m[1] ?? ''}=${m[2] ?? ''}`);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit=true', 'com.apple.security.device.bluetooth=true']);
    expect(keys.filter((k) => k.includes('disable-library-validation') || k.includes('allow-unsigned-executable-memory'))).toEqual([]);
    expect(plist).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<!DOCTYPE plist/);
  });

  it('never rebuilds native modules and unpacks them', () => {
    expect(config).toMatch(/^npmRebuild: false$/m);
    expect(config).toMatch(/asarUnpack:\n\s+- "\*\*\/\*\.node"/);
    expect(config).toMatch(/^afterPack: resources\/build\/afterPack\.mjs$/m);
  });
});
