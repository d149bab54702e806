/**
 * The Electron main process: one window, its security, IPC registration and the app's lifecycle. The
 * work itself is in electron/services (shared with the browser host).
 */
import { fileUserLabels } from '../invite/userLabels';
import { CommissionProgressFile, commissionProgressPath } from '../services/commissionProgressFile';
import { TestFireRecordFile } from '../services/testFireRecordFile';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, type WebContents } from 'electron';
import type { EventChannel } from '../ipc/contract';
import { createAppServices, type AppServices } from '../services/appServices';
import { ReadyGate } from '../services/eventBatcher';
import { chooseRadio, type RadioEnvironment } from './radio';
import { utilityRadio } from './utilityRadio';
import { fileOperationLog } from '../services/operationLog';
import { registerIpc } from './ipc';
import { APP_HOST, APP_SCHEME, APP_SCHEME_DEFINITION, appResponse, rendererEntry } from './appProtocol';
import { CONTENT_SECURITY_POLICY, hardenSession, hardenWebContents, isAllowedExternalUrl } from './security';
import { appUrlMatcher } from './senderCheck';
import { openElectronStores } from './stores';
import { BleTraceFile } from '../diagnostics/bleTrace';
import { fileAuditReadLog } from '../diagnostics/auditReads';
import { appDoctor } from '../services/appDoctor';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '../renderer');
const entry = rendererEntry({ isPackaged: app.isPackaged, rendererUrl: process.env.ELECTRON_RENDERER_URL });
const devServer = entry.devServer;
const isAppUrl = appUrlMatcher({ app: { scheme: APP_SCHEME, host: APP_HOST }, ...(devServer === undefined ? {} : { devServer }) });

let window: BrowserWindow | undefined;
let services: AppServices | undefined;
let environment: RadioEnvironment | undefined;
let events: ReadyGate<{ channel: EventChannel; payload: unknown }> | undefined;

app.enableSandbox();
// Before `ready`, as Electron requires: the renderer's own origin, app://fluss (appProtocol.ts).
protocol.registerSchemesAsPrivileged([APP_SCHEME_DEFINITION]);
// One app per user: a second start focuses the first window (two would share the radio and the store).
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

app.on('web-contents-created', (_event, contents) => {
  hardenWebContents(contents, isAppUrl, (url) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
  });
});

app.on('second-instance', () => {
  if (window?.isMinimized()) window.restore();
  window?.focus();
});

app.on('window-all-closed', () => app.quit());

let closing = false;
app.on('before-quit', (event) => {
  if (closing || !services) return;
  closing = true;
  event.preventDefault();
  // Test-fire cleanup revokes its code before the app exits; sessions close politely.
  const finished = Promise.allSettled([services.close().then(() => environment?.close())]);
  const deadline = new Promise((resolve) => setTimeout(resolve, 5_000));
  void Promise.race([finished, deadline]).then(() => app.quit());
});

if (primary) void app.whenReady().then(start);

async function start(): Promise<void> {
  hardenSession(session.defaultSession, devServer === undefined ? CONTENT_SECURITY_POLICY : null);
  protocol.handle(APP_SCHEME, (request) => appResponse(request.url, rendererDir, CONTENT_SECURITY_POLICY));
  const userData = app.getPath('userData');
  const stores = openElectronStores(userData);
  const logsDir = join(userData, 'logs');
  const trace = new BleTraceFile(join(logsDir, 'ble-trace.btsnoop'));
  // noble runs in its own process (electron/radio/): on an HCI binding it forwards its H4 stream into the
  // trace; otherwise (BlueZ, macOS, Windows, the simulated site) the app traces its links at the GATT level.
  const radio = await chooseRadio({ statePath: join(userData, 'sim-state.json'), credentials: stores.credentials, spawnRadio: utilityRadio, trace });
  environment = radio.environment;
  const notices = [...stores.notices, ...environment.notices];

  window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Fluss+ Commissioner',
    // Written out here (not built by a helper) so reviewers and electronegativity see every setting.
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  const appWindow = window;
  events = new ReadyGate(({ channel, payload }) => {
    if (!appWindow.isDestroyed()) appWindow.webContents.send(channel, payload);
  });
  const gate = events;
  services = createAppServices({
    transport: environment.transport,
    credentials: environment.credentials,
    prefs: stores.prefs,
    emit: (channel, payload) => gate.post({ channel, payload }),
    version: app.getVersion(),
    simulated: radio.adapterProblem !== undefined,
    ...(radio.adapterProblem === undefined ? {} : { adapterProblem: radio.adapterProblem }),
    ...(environment.siteName === undefined ? {} : { siteName: environment.siteName }),
    now: environment.now,
    // Beside the prefs: the Site overview's "Last test-fire".
    testFireRecords: new TestFireRecordFile(join(userData, 'test-fires.json')),
    // Where `fluss commission` keeps it (beside the simulator's state for the simulated site): each resumes the other's.
    commissionProgress: new CommissionProgressFile(commissionProgressPath(userData, radio.adapterProblem === undefined ? undefined : join(userData, 'sim-state.json'))),
    log: fileOperationLog(join(logsDir, 'operations.log')),
    trace,
    transportTracesH4: environment.tracesH4 ?? false,
    auditReads: fileAuditReadLog(join(logsDir, 'audit-read.jsonl')),
    userLabels: fileUserLabels(join(userData, 'user-labels.json')),
    reports: {
      signingKey: stores.reportKey,
      reportsDir: join(app.getPath('documents'), 'Fluss+ Reports'),
      diagnosticsDir: app.getPath('downloads'),
      logDirs: [logsDir],
      doctor: appDoctor({ simulated: radio.adapterProblem !== undefined, bluetooth: environment.transport.name }),
    },
  });
  const running = services;
  registerIpc(ipcMain, {
    invoke: (channel, payload) => running.invoke(channel, payload),
    onReady: () => gate.ready(),
    windowIdOf: (sender) => BrowserWindow.fromWebContents(sender as WebContents)?.id,
    appWindowId: () => (appWindow.isDestroyed() ? undefined : appWindow.id),
    isAppUrl,
  });
  // A reload starts a new page: hold events again until it says it is ready.
  appWindow.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) gate.reset();
  });
  appWindow.once('ready-to-show', () => {
    appWindow.show();
    for (const notice of notices) void dialog.showMessageBox(appWindow, { type: 'warning', title: 'Fluss+ Commissioner', message: notice });
  });
  void appWindow.loadURL(entry.url);
}
