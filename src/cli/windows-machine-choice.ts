// This Windows machine as the CLI's Machine: native-reg for the registry (in-process), secedit and
// the local GPO files for the policy stores, the Windows tools for the policy-source evidence.
import { existsSync, mkdirSync } from 'node:fs';
import { BackupStore } from '../machine/backup-store';
import { windowsDataLocation } from '../machine/data-location';
import { Journal } from '../machine/journal';
import { isElevated } from '../machine/windows/elevation-check';
import { spawnRunner, systemTool, windowsDirectory } from '../machine/windows/process-runner';
import { createWindowsMachine } from '../machine/windows/windows-machine';
import type { Chosen } from './machine-choice';

/**
 * %ProgramData%\FipsFix holds the backups a rollback trusts, so only administrators and SYSTEM may
 * write it (users may read). Done once, when the folder is created by an elevated FipsFix.
 */
export function secureDataFolder(dir: string): string | undefined {
  if (existsSync(dir)) return undefined;
  mkdirSync(dir, { recursive: true });
  const r = spawnRunner.run(
    systemTool(windowsDirectory(), 'icacls'),
    [dir, '/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-545:(OI)(CI)RX'],
    { timeoutMs: 30_000 },
  );
  return r.status === 0 ? undefined : `could not restrict ${dir} to administrators (icacls: ${r.error?.message ?? `exit ${String(r.status)}`})`;
}

export function openWindowsMachine(env: NodeJS.ProcessEnv = process.env): Extract<Chosen, { kind: 'machine' }> {
  const machine = createWindowsMachine();
  const location = windowsDataLocation(env);
  const elevated = isElevated();
  if (elevated) {
    // An elevated FipsFix that finds no data folder creates it, restricted, before any backup.
    const problem = secureDataFolder(location.root);
    if (problem) process.stderr.write(`fipsfix: WARNING: ${problem}\n`);
  }
  return {
    kind: 'machine',
    machine,
    origin: machine.description,
    location,
    store: new BackupStore(location.backups),
    journal: new Journal(location.journal),
    writes: elevated ? 'in-process' : 'elevated-step',
  };
}
