// Where FipsFix keeps backups, the journal and (for a simulated machine) the machine's current state.
// On Windows: %ProgramData%\FipsFix, writable by administrators only. For a simulated machine: beside
// its file (<file>.fipsfix/), or for a built-in one under FIPSFIX_DATA_DIR (default
// $XDG_DATA_HOME/fipsfix or ~/.local/share/fipsfix), so the built-in definitions stay pristine.
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export interface DataLocation {
  readonly root: string;
  readonly backups: string;
  readonly journal: string;
  /** The key that authenticates this machine's backups (HMAC-SHA-256): administrators only on Windows. */
  readonly backupKey: string;
  /** Only for a simulated machine: its current state, created on the first change. */
  readonly machineState?: string;
}

function under(root: string, withState: boolean): DataLocation {
  return {
    root,
    backups: join(root, 'backups'),
    journal: join(root, 'journal.json'),
    backupKey: join(root, 'keys', 'backup.key'),
    ...(withState ? { machineState: join(root, 'machine.json') } : {}),
  };
}

export function windowsDataLocation(env: NodeJS.ProcessEnv = process.env): DataLocation {
  const programData = env['ProgramData'] ?? env['PROGRAMDATA'] ?? 'C:\\ProgramData';
  return under(`${programData.replace(/\\+$/, '')}\\FipsFix`, false);
}

export function simulatedDataLocation(
  spec: { builtIn: string } | { file: string },
  env: NodeJS.ProcessEnv = process.env,
): DataLocation {
  if ('file' in spec)
    return under(join(dirname(spec.file), `${basename(spec.file).replace(/\.json$/i, '')}.fipsfix`), true);
  const base =
    env['FIPSFIX_DATA_DIR'] ?? join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'fipsfix');
  return under(join(base, 'simulated', spec.builtIn), true);
}
