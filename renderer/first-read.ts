// The first reading of the server starts as soon as the page's script runs, before React has drawn
// anything: the diagnosis is on screen sooner (the budget is 1 s from load), and the wizard's first
// effect takes these answers instead of asking again.
import { callMain } from './call-main';
import type { Outcome } from './wizard-state';
import type { DiagnoseValue } from './ipc-values';

export interface FirstRead {
  readonly registry: Promise<Outcome<DiagnoseValue>>;
  readonly all: Promise<Outcome<DiagnoseValue>>;
}

let first: FirstRead | null = null;

export function startFirstRead(): void {
  first = {
    registry: callMain(() => window.fipsfix.diagnose({ sources: 'registry' })),
    all: callMain(() => window.fipsfix.diagnose({ sources: 'all' })),
  };
}

/** The first reading, once: a later reading (Refresh, another target) asks main again. */
export function takeFirstRead(): FirstRead | null {
  const r = first;
  first = null;
  return r;
}
