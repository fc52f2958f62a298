// This Windows machine as the Machine the CLI and the app work on: native-reg for the registry (in-process), secedit and
// the local GPO files for the policy stores, the Windows tools for the policy-source evidence.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BackupStore } from '../machine/backup-store';
import { windowsDataLocation } from '../machine/data-location';
import { Journal } from '../machine/journal';
import { MachineFailure } from '../machine/machine';
import { isElevated } from '../machine/windows/elevation-check';
import { spawnRunner, systemTool, windowsDirectory } from '../machine/windows/process-runner';
import { createWindowsMachine } from '../machine/windows/windows-machine';
import type { MachineChoice } from './chosen';

/**
 * %ProgramData%\FipsFix holds the backups and journal an elevated rollback trusts, so only
 * administrators and SYSTEM may write it (users may read). Users may create folders in ProgramData,
 * so a folder that already exists may have been made, and be owned, by anyone: every elevated start
 * takes ownership for Administrators and sets the access list again, on the folder and all inside.
 * Its `keys` folder (the backup key, backup-key.ts) is then closed to Users as well: Administrators
 * and SYSTEM only, nothing inherited, so a user who may read backups cannot read the key that signs them.
 */
export async function secureDataFolder(dir: string): Promise<string | undefined> {
  const keys = join(dir, 'keys');
  mkdirSync(keys, { recursive: true });
  const icacls = systemTool(windowsDirectory(), 'icacls');
  for (const args of [
    [dir, '/setowner', '*S-1-5-32-544', '/T', '/C', '/Q'],
    [
      dir,
      '/inheritance:r',
      '/grant:r',
      '*S-1-5-32-544:(OI)(CI)F',
      '*S-1-5-18:(OI)(CI)F',
      '*S-1-5-32-545:(OI)(CI)RX',
      '/T',
      '/C',
      '/Q',
    ],
    // After the line above, which gave Users read on everything inside, keys included.
    [keys, '/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '*S-1-5-18:(OI)(CI)F', '/T', '/C', '/Q'],
  ]) {
    const r = await spawnRunner.run(icacls, args, { timeoutMs: 60_000 });
    if (r.status !== 0)
      return `could not restrict ${args[0] ?? dir} to administrators (icacls ${args[1] ?? ''}: ${r.error?.message ?? `exit ${String(r.status)}`})`;
  }
  return undefined;
}

export function openWindowsMachine(env: NodeJS.ProcessEnv = process.env): MachineChoice {
  const location = windowsDataLocation(env);
  const elevated = isElevated();
  let secured = false;
  // Before any backup is written or trusted: a folder others can write is a folder others can forge.
  // Done when the engine is about to run, so a diagnosis does not wait for icacls.
  const secureForWrites = async (): Promise<void> => {
    if (!elevated || secured) return;
    const problem = await secureDataFolder(location.root);
    if (problem)
      throw new MachineFailure(
        'AccessDenied',
        `secure ${location.root}`,
        `${problem}; FipsFix will not write or trust backups there`,
      );
    secured = true;
  };
  // Elevated, the security template secedit applies is written where only administrators can write,
  // not in %TEMP%, which the same user's unelevated processes can change.
  const machine = createWindowsMachine(elevated ? { tempDir: join(location.root, 'work') } : {});
  return {
    kind: 'machine',
    machine,
    origin: machine.description,
    location,
    store: new BackupStore(location.backups, location.backupKey),
    journal: new Journal(location.journal),
    writes: elevated ? 'in-process' : 'elevated-step',
    secureForWrites,
  };
}
