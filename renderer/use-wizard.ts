// The wizard's side effects: every call to window.fipsfix, each answer handed to wizardReducer as an
// action. A command first asks the reducer whether its start action is accepted in the current
// state, so nothing is sent to main that the wizard would refuse (Fix it now on a stale plan, a
// second rollback while one runs).
import { useEffect, useReducer } from 'react';
import { callMain } from './call-main';
import {
  applicablePlanId,
  initialWizardState,
  planRequestOf,
  reportBackupId,
  wizardReducer,
  type RdpLevel,
  type StepKind,
  type WizardAction,
  type WizardState,
} from './wizard-state';

export type ReportFormat = 'html' | 'pdf' | 'json';

export interface WizardCommands {
  readonly go: (to: StepKind) => void;
  readonly chooseLevel: (level: RdpLevel) => void;
  readonly confirmLow: (confirmed: boolean) => void;
  readonly apply: () => Promise<void>;
  readonly verify: (afterRefresh: boolean) => Promise<void>;
  readonly exportReport: (format: ReportFormat) => Promise<void>;
  readonly askRollback: (backupId: string) => void;
  readonly cancelRollback: () => void;
  readonly rollback: () => Promise<void>;
}

async function listBackups(dispatch: (a: WizardAction) => void): Promise<void> {
  const r = await callMain(() => window.fipsfix.listBackups());
  dispatch(r.ok ? { type: 'backupsListed', list: r.value } : { type: 'failed', error: r.error });
}

export function useWizard(): { state: WizardState; commands: WizardCommands } {
  const [state, dispatch] = useReducer(wizardReducer, initialWizardState);

  useEffect(() => window.fipsfix.onProgress((step) => dispatch({ type: 'progress', step })), []);

  useEffect(() => {
    // The registry's verdict at once; the policy sources (gpresult can take seconds) replace it when
    // read. The reducer keeps the full one if it comes first.
    void callMain(() => window.fipsfix.diagnose({ sources: 'registry' })).then((r) => {
      if (r.ok) dispatch({ type: 'diagnosed', value: r.value });
    });
    void callMain(() => window.fipsfix.diagnose({ sources: 'all' })).then((r) => {
      dispatch(r.ok ? { type: 'diagnosed', value: r.value } : { type: 'failed', error: r.error });
    });
  }, []);

  // A plan for the step's choice, whenever the step or the choice changes; the reducer drops a plan
  // that comes back for a choice no longer on screen.
  const request = planRequestOf(state.step);
  const rdpLevel = request?.rdpLevel;
  const confirmLow = request?.confirmLow;
  useEffect(() => {
    if (rdpLevel === undefined || confirmLow === undefined) return;
    const asked = { rdpLevel, confirmLow };
    void callMain(() => window.fipsfix.plan(asked)).then((r) => {
      dispatch(
        r.ok ? { type: 'planMade', request: asked, value: r.value } : { type: 'failed', error: r.error },
      );
    });
  }, [state.step.kind, rdpLevel, confirmLow]);

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
    chooseLevel: (level) => dispatch({ type: 'levelChosen', level }),
    confirmLow: (confirmed) => dispatch({ type: 'lowConfirmed', confirmed }),
    apply: async () => {
      const planId = applicablePlanId(state);
      if (planId === null || !start({ type: 'fixStarted' })) return;
      const result = await callMain(() => window.fipsfix.apply({ planId }));
      dispatch({ type: 'fixEnded', result });
    },
    verify: async (afterRefresh) => {
      if (!start({ type: 'verifyStarted' })) return;
      const result = await callMain(() => window.fipsfix.verify({ afterRefresh }));
      dispatch({ type: 'verifyEnded', result });
    },
    exportReport: async (format) => {
      const backupId = reportBackupId(state);
      if (!start({ type: 'exportStarted' })) return;
      const result = await callMain(() => window.fipsfix.exportReport({ backupId, format }));
      dispatch({ type: 'exportEnded', result });
    },
    askRollback: (backupId) => dispatch({ type: 'rollbackAsked', backupId }),
    cancelRollback: () => dispatch({ type: 'rollbackCancelled' }),
    rollback: async () => {
      const backupId = state.step.kind === 'backups' ? state.step.asking : null;
      if (backupId === null || !start({ type: 'rollbackStarted' })) return;
      const result = await callMain(() => window.fipsfix.rollback({ backupId }));
      dispatch({ type: 'rollbackEnded', result });
      if (!result.ok) return;
      // The server changed: read it again, and the backups list with the rollback's state.
      const again = await callMain(() => window.fipsfix.diagnose({ sources: 'all' }));
      if (again.ok) dispatch({ type: 'diagnosed', value: again.value });
      await listBackups(dispatch);
    },
  };
  return { state, commands };
}
