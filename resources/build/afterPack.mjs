/**
 * electron-builder afterPack hook: flips the Electron fuses of the packaged binary before it is
 * signed or wrapped in an installer (Electron's security checklist, "Electron fuses"):
 * no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS, no --inspect, the app only from its ASAR archive, whose
 * integrity is checked (macOS and Windows; Linux ignores that fuse), and no extra privileges for file://
 * (the window loads the UI from app://, electron/main/appProtocol.ts). Every fuse of the wire is set
 * (strictlyRequireAllFuses), so a fuse a future Electron adds fails the build until someone decides it.
 */
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** @param {import('electron-builder').AfterPackContext} context */
export default async function afterPack(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const product = packager.appInfo.productFilename;
  const binary =
    electronPlatformName === 'darwin' || electronPlatformName === 'mas'
      ? join(appOutDir, `${product}.app`)
      : electronPlatformName === 'win32'
        ? join(appOutDir, `${product}.exe`)
        : join(appOutDir, packager.executableName);
  await flipFuses(binary, {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    resetAdHocDarwinSignature: electronPlatformName === 'darwin' && context.arch === 3 /* Arch.arm64 */,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    // On by default: WebAssembly's trap handlers are a speed feature, not a security risk.
    [FuseV1Options.WasmTrapHandlers]: true,
  });
}
