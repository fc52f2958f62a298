// The engine's steps as the window lists them: the steps main named before the run (the plan's
// `steps`), each pending, running, done or failed as the engine's progress messages arrive (one per
// step as it starts, in order), and any step it took that was not planned (a rollback after a failed
// write) added where it happened. Pure, so it is tested without a page.
import type { ProgressStep } from '../src/ipc/contract';

export type RowState = 'pending' | 'running' | 'done' | 'failed' | 'not-run';
export interface ProgressRow {
  readonly what: string;
  /** The engine's own message for this step, once it started. */
  readonly detail: string | null;
  readonly state: RowState;
}

/** How the run ended: every step done, stopped at the step that was running, or still running. */
export type RunEnd = 'done' | 'stopped' | null;

export function progressRows(
  planned: readonly { readonly phase: string; readonly what: string }[],
  events: readonly ProgressStep[],
  end: RunEnd,
): ProgressRow[] {
  const rows: { what: string; detail: string | null; planned: boolean; reached: boolean }[] = planned.map(
    (p) => ({ what: p.what, detail: null, planned: true, reached: false }),
  );
  let at = -1;
  for (const e of events) {
    const next = rows.findIndex((r, i) => i > at && r.planned && planned[i]?.phase === e.phase);
    if (next >= 0) {
      at = next;
    } else if (at >= 0 && rows[at]?.planned && planned[at]?.phase === e.phase) {
      // A second message from the step already running (waiting for the UAC prompt, then the re-check).
    } else {
      rows.splice(at + 1, 0, { what: e.message, detail: null, planned: false, reached: false });
      at += 1;
    }
    const row = rows[at];
    if (row) {
      row.reached = true;
      if (row.planned) row.detail = e.message;
    }
  }
  // The planned step a stopped run failed at: the last one reached (later, unplanned ones undid it).
  let failedAt = -1;
  if (end === 'stopped')
    rows.forEach((r, i) => {
      if (r.planned && r.reached) failedAt = i;
    });
  return rows.map((r, i) => {
    let state: RowState;
    if (end === 'done') state = 'done';
    else if (end === 'stopped')
      state = i === failedAt ? 'failed' : r.reached ? 'done' : i < failedAt ? 'done' : 'not-run';
    else state = i < at ? 'done' : i === at ? 'running' : 'pending';
    return { what: r.what, detail: r.detail, state };
  });
}
