// An apply or rollback that did not finish (the journal is still there): nothing else writes until it
// is settled. One description for every shell; each adds its own next step (a command, a button).
import type { JournalEntry } from '../machine/journal';
import type { MachineChoice } from './machine-choice';

export type { JournalEntry } from '../machine/journal';

/**
 * The interrupted run on this machine, if any. An unreadable journal is ignored (it cannot say what
 * was done), and `onUnreadable` is told why.
 */
export function interruptedRun(
  choice: MachineChoice,
  onUnreadable: (message: string) => void = () => undefined,
): JournalEntry | undefined {
  const j = choice.journal.read();
  if (j.kind === 'interrupted') return j.entry;
  if (j.kind === 'unreadable')
    onUnreadable(`the journal ${choice.journal.file} is unreadable (${j.problem}); it is ignored.`);
  return undefined;
}

/** What the interrupted run did and where it stopped, without the next step. */
export function describeInterrupted(e: JournalEntry): string {
  const done = e.steps.filter((s) => s.state === 'done').map((s) => s.description);
  const started = e.steps.find((s) => s.state === 'started');
  return [
    `An ${e.operation} on ${e.machine} started at ${e.startedAt} did not finish (backup ${e.backupId}).`,
    done.length > 0 ? `Done: ${done.join('; ')}.` : 'No step finished.',
    started ? `Interrupted during: ${started.description}.` : '',
  ]
    .filter((l) => l !== '')
    .join(' ');
}
