// Where the user's guard directory and home are: shared by the config loader and the daemon client (which must load nothing else).
import { join } from 'node:path';

/**
 * The user's guard directory, where `conf` keeps config.json and guard keeps its audit log.
 * Same place conf itself picks for projectName 'guard' with no suffix (env-paths' config dir),
 * computed here because importing conf costs 50–100 ms and guard runs before every command.
 */
export function guardDirectory(env: Readonly<Record<string, string | undefined>>, home: string): string {
  if (env.GUARD_CONFIG_DIR) return env.GUARD_CONFIG_DIR;
  if (process.platform === 'darwin') return join(home, 'Library', 'Preferences', 'guard');
  if (process.platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'guard', 'Config');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'guard');
}

/**
 * The user's home directory, as os.homedir() gives it (HOME when it is set and not empty, else the
 * password database), and '/' when neither knows. node:os loads only when HOME is not set: loading
 * it costs ≈ 2 ms on every call of the start-up path, which needs nothing else from it.
 */
export function homeDirectory(env: Readonly<Record<string, string | undefined>>): string {
  if (env.HOME) return env.HOME;
  try {
    return (process.getBuiltinModule('node:os') as typeof import('node:os')).homedir();
  } catch {
    return '/';
  }
}
