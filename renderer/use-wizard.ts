// The wizard's side effects: every call to window.fipsfix, each answer handed to wizardReducer as an
// action. A command first asks the reducer whether its start action is accepted in the current
// state, so nothing is sent to main that the wizard would refuse (the apply button on a stale plan, a
// second rollback while one runs). The server is read again whenever the window regains the focus,
// on Refresh and on F5, so what it shows is never older than the last look at it.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { callMain } from './call-main';
import { takeFirstRead } from './first-read';
import { copyText, downloadIfOffered } from './saved-file';
import {
  applicablePlanId,
  initialWizardState,
  isBusy,
  planRequestOf,
  reportBackupId,
  wizardReducer,
  type ChangeTicket,
  type ExportValue,
  type Outcome,
  type RdpLevel,
  type StepKind,
  type WizardAction,
  type WizardState,
} from './wizard-state';
import type { TargetRequest } from './ipc-values';

export type ReportFormat = 'html' | 'pdf' | 'json';

export interface WizardCommands {
  readonly go: (to: StepKind) => void;
  readonly refresh: () => void;
  readonly selectTarget: (selection: TargetRequest) => void;
  readonly openTarget: () => Promise<void>;
  readonly chooseLevel: (level: RdpLevel) => void;
  readonly confirmLow: (confirmed: boolean) => void;
  readonly apply: () => Promise<void>;
  readonly verify: (afterRefresh: boolean) => Promise<void>;
  readonly changeTicket: (field: keyof ChangeTicket, value: string) => void;
  readonly exportReport: (format: ReportFormat) => Promise<void>;
  readonly copyInstructions: () => Promise<boolean>;
  readonly saveInstructions: () => Promise<void>;
  readonly openSaved: (file: string) => Promise<void>;
  readonly askRollback: (backupId: string) => void;
  readonly cancelRollback: () => void;
  readonly rollback: () => Promise<void>;
  readonly backupReport: (backupId: string, format: ReportFormat) => Promise<void>;
}

type Dispatch = (a: WizardAction) => void;

async function listBackups(dispatch: Dispatch): Promise<void> {
  const r = await callMain(() => window.fipsfix.listBackups());
  dispatch(r.ok ? { type: 'backupsListed', list: r.value } : { type: 'failed', error: r.error });
}

/** The registry's verdict at once (on a first look), then the one with the policy sources. */
async function readServer(dispatch: Dispatch, generation: number, quickFirst: boolean): Promise<void> {
  dispatch({ type: 'readStarted' });
  const started = quickFirst ? takeFirstRead() : null;
  if (quickFirst)
    void (started?.registry ?? callMain(() => window.fipsfix.diagnose({ sources: 'registry' }))).then((r) => {
      if (r.ok) dispatch({ type: 'diagnosed', value: r.value, generation });
    });
  const r = await (started?.all ?? callMain(() => window.fipsfix.diagnose({ sources: 'all' })));
  dispatch(r.ok ? { type: 'diagnosed', value: r.value, generation } : { type: 'failed', error: r.error });
}

function saved(
  dispatch: Dispatch,
  result: Outcome<ExportValue>,
  end: 'exportEnded' | 'saveEnded' | 'backupReportEnded',
): void {
  if (result.ok) downloadIfOffered(result.value);
  dispatch({ type: end, result });
}

export function useWizard(): { state: WizardState; commands: WizardCommands } {
  const [state, dispatch] = useReducer(wizardReducer, initialWizardState);
  // The newest state for the window's own events (focus, F5), which outlive a render.
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });

  useEffect(() => window.fipsfix.onProgress((step) => dispatch({ type: 'progress', step })), []);

  const { generation } = state;
  useEffect(() => {
    void readServer(dispatch, generation, true);
    void callMain(() => window.fipsfix.targets()).then((r) => {
      if (r.ok) dispatch({ type: 'targetsListed', targets: r.value });
    });
  }, [generation]);

  const refresh = useCallback(() => {
    const s = latest.current;
    // While a fix or rollback runs, its own re-reading decides; afterwards the window reads again.
    if (isBusy(s)) return;
    void readServer(dispatch, s.generation, false);
    if (s.step.kind === 'backups') void listBackups(dispatch);
  }, []);

  useEffect(() => {
    const onFocus = (): void => refresh();
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') refresh();
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'F5') {
        // F5 reads the server again in place; reloading the page would drop the wizard's state.
        e.preventDefault();
        refresh();
      }
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('keydown', onKey);
    };
  }, [refresh]);

  // A plan for the step's choice, whenever the step, the choice or the reading of the server changes;
  // the reducer drops a plan that comes back for a choice no longer on screen.
  const request = planRequestOf(state.step);
  const rdpLevel = request?.rdpLevel;
  const confirmLow = request?.confirmLow;
  const evidence = state.diagnosis?.target.kind === 'evidence';
  const { reads } = state;
  useEffect(() => {
    if (rdpLevel === undefined || confirmLow === undefined || evidence) return;
    const asked = { rdpLevel, confirmLow };
    void callMain(() => window.fipsfix.plan(asked)).then((r) => {
      dispatch(
        r.ok ? { type: 'planMade', request: asked, value: r.value } : { type: 'failed', error: r.error },
      );
    });
  }, [state.step.kind, rdpLevel, confirmLow, evidence, reads]);

  // The domain administrator's instructions, whenever the method step shows a cause a domain GPO sets.
  const asksDomain =
    state.step.kind === 'method' && (state.diagnosis?.words.causes.some((c) => c.ask !== null) ?? false);
  useEffect(() => {
    if (!asksDomain) return;
    void callMain(() => window.fipsfix.gpoInstructions()).then((r) => {
      if (r.ok) dispatch({ type: 'instructionsRead', value: r.value });
    });
  }, [asksDomain, reads]);

  const onBackups = state.step.kind === 'backups';
  useEffect(() => {
    if (onBackups) void listBackups(dispatch);
  }, [onBackups]);

  /** Dispatches a start action, and says whether the wizard accepted it. */
  const start = (action: WizardAction): boolean => {
    if (wizardReducer(state, action) === state) return false;
    dispatch(action);
    return true;
  };

  const commands: WizardCommands = {
    go: (to) => dispatch({ type: 'go', to }),
    refresh,
    selectTarget: (selection) => dispatch({ type: 'targetSelected', selection }),
    openTarget: async () => {
      if (state.step.kind !== 'target') return;
      const { selection } = state.step;
      if (!start({ type: 'targetOpenStarted' })) return;
      const result = await callMain(() => window.fipsfix.openTarget(selection));
      dispatch({ type: 'targetOpenEnded', result });
    },
    chooseLevel: (level) => dispatch({ type: 'levelChosen', level }),
    confirmLow: (confirmed) => dispatch({ type: 'lowConfirmed', confirmed }),
    apply: async () => {
      const planId = applicablePlanId(state);
      if (planId === null || !start({ type: 'fixStarted' })) return;
      const result = await callMain(() => window.fipsfix.apply({ planId }));
      dispatch({ type: 'fixEnded', result });
      // The server changed (or refused because it had): the diagnosis is read again.
      await readServer(dispatch, state.generation, false);
    },
    verify: async (afterRefresh) => {
      if (!start({ type: 'verifyStarted' })) return;
      const result = await callMain(() => window.fipsfix.verify({ afterRefresh }));
      dispatch({ type: 'verifyEnded', result });
    },
    changeTicket: (field, value) => dispatch({ type: 'ticketChanged', field, value }),
    exportReport: async (format) => {
      if (state.step.kind !== 'report') return;
      const backupId = reportBackupId(state);
      // Only the fields filled in: an empty one is not part of the ticket.
      const ticket = Object.fromEntries(
        Object.entries(state.step.ticket).flatMap(([k, v]) => (v.trim() ? [[k, v.trim()]] : [])),
      ) as ChangeTicket;
      if (!start({ type: 'exportStarted' })) return;
      const result = await callMain(() =>
        window.fipsfix.exportReport({
          backupId,
          format,
          ...(Object.keys(ticket).length > 0 ? { changeTicket: ticket } : {}),
        }),
      );
      saved(dispatch, result, 'exportEnded');
    },
    copyInstructions: async () => {
      const text = state.step.kind === 'method' ? state.step.instructions?.text : null;
      return text ? copyText(text) : false;
    },
    saveInstructions: async () => {
      if (!start({ type: 'saveStarted' })) return;
      const result = await callMain(() => window.fipsfix.saveGpoInstructions());
      saved(dispatch, result, 'saveEnded');
    },
    openSaved: async (file) => {
      const r = await callMain(() => window.fipsfix.openFile({ file }));
      if (!r.ok) dispatch({ type: 'failed', error: r.error });
    },
    askRollback: (backupId) => {
      if (!start({ type: 'rollbackAsked', backupId })) return;
      void callMain(() => window.fipsfix.previewRollback({ backupId })).then((r) => {
        dispatch(r.ok ? { type: 'rollbackPreviewed', preview: r.value } : { type: 'failed', error: r.error });
      });
    },
    cancelRollback: () => dispatch({ type: 'rollbackCancelled' }),
    rollback: async () => {
      const backupId = state.step.kind === 'backups' ? state.step.asking : null;
      if (backupId === null || !start({ type: 'rollbackStarted' })) return;
      const result = await callMain(() => window.fipsfix.rollback({ backupId }));
      dispatch({ type: 'rollbackEnded', result });
      if (!result.ok) return;
      // The server changed: read it again, and the backups list with the rollback's state.
      await readServer(dispatch, state.generation, false);
      await listBackups(dispatch);
    },
    backupReport: async (backupId, format) => {
      if (!start({ type: 'backupReportStarted', backupId })) return;
      const result = await callMain(() => window.fipsfix.exportReport({ backupId, format }));
      saved(dispatch, result, 'backupReportEnded');
    },
  };
  return { state, commands };
}
