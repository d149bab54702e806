import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the CLI and the simulator keep their files when not told otherwise: FLUSS_DATA_DIR, else the
 * platform's per-user application data folder (the same one Electron's app.getPath('userData') uses).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.FLUSS_DATA_DIR) return env.FLUSS_DATA_DIR;
  const app = 'Fluss+ Commissioner';
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), app);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', app);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), app);
}
