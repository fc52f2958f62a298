// The fix engine's context for a machine the CLI or the app opened: its backups, its journal, which
// FipsFix and who runs it, and where the steps are reported. Made only when the engine is about to
// run, because it first makes the backup folder trustworthy (or throws).
import type { EngineContext, EngineStep } from '../machine/fix-engine';
import { currentAccount, TOOL_VERSION } from './identity';
import type { MachineChoice } from './machine-choice';

export type { EngineStep } from '../machine/fix-engine';

export interface EngineContextOptions {
  /** Each engine step as it happens: the CLI prints it, the window lists it. */
  readonly onStep?: (step: EngineStep) => void;
  readonly now?: () => Date;
  /** Cancels the Windows tools the engine runs (the window was closed). */
  readonly signal?: AbortSignal;
}

export async function engineContext(
  choice: MachineChoice,
  options: EngineContextOptions = {},
): Promise<EngineContext> {
  await choice.secureForWrites();
  return {
    machine: choice.machine,
    store: choice.store,
    journal: choice.journal,
    toolVersion: TOOL_VERSION,
    ranBy: currentAccount(),
    ...(options.now ? { now: options.now } : {}),
    ...(options.onStep ? { onStep: options.onStep } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
