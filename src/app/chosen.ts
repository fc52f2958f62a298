// What the CLI or the app opened: an evidence folder, or a machine with its backups and journal. Apart
// from machine-choice.ts, so the openers it calls (windows-machine-choice.ts) do not import it back.
import type { Evidence } from '../core/evidence';
import type { BackupStore } from '../machine/backup-store';
import type { DataLocation } from '../machine/data-location';
import type { Journal } from '../machine/journal';
import type { Machine } from '../machine/machine';

export interface SourceOptions {
  readonly machine?: string | undefined;
  readonly evidence?: string | undefined;
}

export type Chosen =
  | {
      readonly kind: 'evidence';
      readonly evidence: Evidence;
      readonly origin: string;
      readonly skipped: readonly { file: string; reason: string }[];
      /** The server's offset from UTC, where the collect manifest recorded it. */
      readonly utcOffset?: string;
    }
  | {
      readonly kind: 'machine';
      readonly machine: Machine;
      readonly origin: string;
      readonly location: DataLocation;
      readonly store: BackupStore;
      readonly journal: Journal;
      /** On Windows unelevated, writes go through one UAC prompt; elsewhere they run here. */
      readonly writes: 'in-process' | 'elevated-step';
      /** Called before the fix engine runs here: makes the backup folder trustworthy, or throws. */
      readonly secureForWrites: () => Promise<void>;
    };

/** A machine to diagnose and change (not an evidence folder): what the fix engine and the app work on. */
export type MachineChoice = Extract<Chosen, { kind: 'machine' }>;
