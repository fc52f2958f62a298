// The wizard's state: which step is on screen, with exactly the data that step needs (the way GitHub
// Desktop models its flows in app/src/models/*-flow-step.ts), and what the session has learnt so far.
// wizardReducer is pure: the calls to window.fipsfix are made in use-wizard.ts, whose answers come
// back here as actions. An action that makes no sense in the current step is ignored (the same
// state object is returned), so a late or doubled answer cannot move the wizard.
import type { AppError, ArgsOf, ProgressStep, ResultOf } from '../src/ipc/contract';
import { assertNever } from './assert-never';
import type {
  ApplyValue,
  BackupList,
  DiagnoseValue,
  PlanValue,
  RollbackPreview,
  RollbackValue,
  TargetRequest,
  TargetsValue,
  TargetValue,
  VerifyValue,
} from './ipc-values';

export type PlanRequest = ArgsOf<'plan'>[0];
export type RdpLevel = PlanRequest['rdpLevel'];
export type ExportValue = Extract<ResultOf<'exportReport'>, { ok: true }>['value'];
export type ChangeTicket = NonNullable<ArgsOf<'exportReport'>[0]['changeTicket']>;
export type GpoInstructions = Extract<ResultOf<'gpoInstructions'>, { ok: true }>['value'];
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** A plan together with the choice it was made for: a plan for an older choice is never applied. */
export type MadePlan = { readonly request: PlanRequest; readonly value: PlanValue };

export type WizardStep =
  | {
      readonly kind: 'target';
      /** What the administrator picked; a path is typed (the browser fallback) or left to the Open dialog. */
      readonly selection: TargetRequest;
      readonly opening: boolean;
    }
  | { readonly kind: 'diagnosis' }
  | {
      readonly kind: 'method';
      readonly plan: MadePlan | null;
      /** The instructions for the domain administrator, when a domain GPO sets a cause. */
      readonly instructions: GpoInstructions | null;
      readonly saving: boolean;
    }
  | {
      readonly kind: 'confirm';
      readonly level: RdpLevel;
      /** The second, explicit yes that Low (1) needs; only ever true while Low is chosen. */
      readonly lowConfirmed: boolean;
      readonly plan: MadePlan | null;
    }
  | { readonly kind: 'fix' }
  | { readonly kind: 'verify'; readonly checking: boolean }
  | { readonly kind: 'report'; readonly exporting: boolean; readonly ticket: ChangeTicket }
  | {
      readonly kind: 'backups';
      readonly list: BackupList | null;
      readonly asking: string | null;
      /** What the rollback asked about will write back, in words. */
      readonly preview: RollbackPreview | null;
      /** A backup's report being exported (its id). */
      readonly exporting: string | null;
    };

/** The steps in the order of the step list: Back goes to the one before. */
export const STEP_ORDER: readonly StepKind[] = [
  'target',
  'diagnosis',
  'method',
  'confirm',
  'fix',
  'verify',
  'report',
  'backups',
];

export type StepKind = WizardStep['kind'];
export type StepOf<K extends StepKind> = Extract<WizardStep, { kind: K }>;

/** An apply or a rollback: the engine's progress while it runs, then what came back. */
export type Run<T> = {
  readonly running: boolean;
  readonly progress: readonly ProgressStep[];
  readonly outcome: T | null;
};
/** The fix keeps the plan it applied: the verification shows what that plan takes to take effect. */
export type FixRun = Run<ApplyValue> & { readonly plan: PlanValue };

export interface WizardState {
  readonly step: WizardStep;
  /** What the window can open, and what it works on now. */
  readonly targets: TargetsValue | null;
  /** Counts the targets opened: an answer about an earlier one is dropped. */
  readonly generation: number;
  /** Counts the full readings of the server: the step's plan is made again after each. */
  readonly reads: number;
  /** A reading of the server is under way (load, Refresh, F5, the window's focus). */
  readonly reading: boolean;
  /** Changes whenever the step's heading should take the focus (a new step, the end of a fix or rollback). */
  readonly focusKey: number;
  readonly error: AppError | null;
  /** The newest reading of the server: the first diagnosis, then after a verification or a rollback. */
  readonly diagnosis: DiagnoseValue | null;
  readonly fix: FixRun | null;
  readonly verified: VerifyValue | null;
  /** The file the last export was saved to (a report, the instructions), or that it was cancelled. */
  readonly exported: ExportValue | null;
  readonly rollback: Run<RollbackValue> | null;
}

export type WizardAction =
  | { readonly type: 'go'; readonly to: StepKind }
  | { readonly type: 'targetsListed'; readonly targets: TargetsValue }
  | { readonly type: 'targetSelected'; readonly selection: TargetRequest }
  | { readonly type: 'targetOpenStarted' }
  | { readonly type: 'targetOpenEnded'; readonly result: Outcome<TargetValue> }
  | { readonly type: 'readStarted' }
  | { readonly type: 'diagnosed'; readonly value: DiagnoseValue; readonly generation?: number }
  | { readonly type: 'instructionsRead'; readonly value: GpoInstructions }
  | { readonly type: 'saveStarted' }
  | { readonly type: 'saveEnded'; readonly result: Outcome<ExportValue> }
  | { readonly type: 'ticketChanged'; readonly field: keyof ChangeTicket; readonly value: string }
  | { readonly type: 'rollbackPreviewed'; readonly preview: RollbackPreview }
  | { readonly type: 'backupReportStarted'; readonly backupId: string }
  | { readonly type: 'backupReportEnded'; readonly result: Outcome<ExportValue> }
  | { readonly type: 'failed'; readonly error: AppError }
  | { readonly type: 'planMade'; readonly request: PlanRequest; readonly value: PlanValue }
  | { readonly type: 'levelChosen'; readonly level: RdpLevel }
  | { readonly type: 'lowConfirmed'; readonly confirmed: boolean }
  | { readonly type: 'fixStarted' }
  | { readonly type: 'progress'; readonly step: ProgressStep }
  | { readonly type: 'fixEnded'; readonly result: Outcome<ApplyValue> }
  | { readonly type: 'verifyStarted' }
  | { readonly type: 'verifyEnded'; readonly result: Outcome<VerifyValue> }
  | { readonly type: 'exportStarted' }
  | { readonly type: 'exportEnded'; readonly result: Outcome<ExportValue> }
  | { readonly type: 'backupsListed'; readonly list: BackupList }
  | { readonly type: 'rollbackAsked'; readonly backupId: string }
  | { readonly type: 'rollbackCancelled' }
  | { readonly type: 'rollbackStarted' }
  | { readonly type: 'rollbackEnded'; readonly result: Outcome<RollbackValue> };

export const initialWizardState: WizardState = {
  step: { kind: 'diagnosis' },
  targets: null,
  generation: 0,
  reads: 0,
  reading: true,
  focusKey: 0,
  error: null,
  diagnosis: null,
  fix: null,
  verified: null,
  exported: null,
  rollback: null,
};

const HIGH: RdpLevel = 3;

/** The target step opens on what the window works on now. */
function selectionOf(t: TargetsValue | null): TargetRequest {
  const current = t?.current;
  if (current?.kind === 'this-machine') return { kind: 'this-machine' };
  if (current?.kind === 'evidence') return { kind: 'evidence-folder', path: null };
  const builtIn = t?.builtIn.find((m) => m.name === current?.name) ?? t?.builtIn[0];
  return builtIn ? { kind: 'built-in', name: builtIn.name } : { kind: 'machine-file', path: null };
}

function enter(kind: StepKind, state: WizardState): WizardStep {
  switch (kind) {
    case 'target':
      return { kind, selection: selectionOf(state.targets), opening: false };
    case 'diagnosis':
    case 'fix':
      return { kind };
    case 'method':
      return { kind, plan: null, instructions: null, saving: false };
    case 'confirm':
      return { kind, level: HIGH, lowConfirmed: false, plan: null };
    case 'verify':
      return { kind, checking: false };
    case 'report':
      return { kind, exporting: false, ticket: {} };
    case 'backups':
      return { kind, list: null, asking: null, preview: null, exporting: null };
    default:
      return assertNever(kind, 'unknown step');
  }
}

/** The window works on an evidence folder: a record of another server, read only. */
export function isEvidence(state: WizardState): boolean {
  return state.diagnosis?.target.kind === 'evidence';
}

/** Every cause can be fixed on this server (none comes from a domain GPO or an unknown source). */
export function isFixable(state: WizardState): boolean {
  if (isEvidence(state)) return false;
  const causes = state.diagnosis?.diagnosis.causes ?? [];
  return causes.length > 0 && causes.every((c) => c.fixableLocally);
}

/** An apply, rollback, verification or export is running: nothing else may start, no step may change. */
export function isBusy(state: WizardState): boolean {
  const { step } = state;
  return (
    state.fix?.running === true ||
    state.rollback?.running === true ||
    (step.kind === 'target' && step.opening) ||
    (step.kind === 'method' && step.saving) ||
    (step.kind === 'verify' && step.checking) ||
    (step.kind === 'report' && step.exporting) ||
    (step.kind === 'backups' && step.exporting !== null)
  );
}

export function isReachable(state: WizardState, kind: StepKind): boolean {
  switch (kind) {
    case 'target':
    case 'diagnosis':
      return true;
    case 'backups':
      return !isEvidence(state);
    case 'method':
    case 'report':
      return state.diagnosis !== null;
    case 'confirm':
      return isFixable(state);
    case 'fix':
    case 'verify':
      return state.fix?.outcome != null;
    default:
      return assertNever(kind, 'unknown step');
  }
}

/** The step before this one in the step list that can be reached, for Back. */
export function previousStep(state: WizardState): StepKind | null {
  const i = STEP_ORDER.indexOf(state.step.kind);
  for (let j = i - 1; j >= 0; j--) {
    const k = STEP_ORDER[j];
    if (k && isReachable(state, k)) return k;
  }
  return null;
}

/** The plan the current step asks main for: the method step shows the default's refusal, if any. */
export function planRequestOf(step: WizardStep): PlanRequest | null {
  if (step.kind === 'method') return { rdpLevel: HIGH, confirmLow: false };
  if (step.kind === 'confirm') return { rdpLevel: step.level, confirmLow: step.lowConfirmed };
  return null;
}

const sameRequest = (a: PlanRequest, b: PlanRequest | null): boolean =>
  b !== null && a.rdpLevel === b.rdpLevel && a.confirmLow === b.confirmLow;

/** The plan id the apply button ("Apply 1 change to …") applies: only a plan made for the choice on screen, Low only once confirmed. */
export function applicablePlanId(state: WizardState): string | null {
  const { step } = state;
  if (step.kind !== 'confirm' || !step.plan || isBusy(state)) return null;
  if (!sameRequest(step.plan.request, planRequestOf(step))) return null;
  if (step.level === 1 && !step.lowConfirmed) return null;
  return step.plan.value.planId;
}

/** The backup the report describes: the fix's, else the rollback's. */
export function reportBackupId(state: WizardState): string | null {
  const applied = state.fix?.outcome;
  if (applied && 'backup' in applied) return applied.backup.id;
  const rolledBack = state.rollback?.outcome;
  if (rolledBack && 'backup' in rolledBack) return rolledBack.backup.id;
  return null;
}

const withError = (state: WizardState, error: AppError | null): WizardState =>
  error ? { ...state, error } : state;

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  const { step } = state;
  switch (action.type) {
    case 'go': {
      if (isBusy(state) || !isReachable(state, action.to)) return state;
      const next = action.to === step.kind ? step : enter(action.to, state);
      return { ...state, step: next, error: null, focusKey: state.focusKey + 1 };
    }
    case 'targetsListed': {
      const listed = { ...state, targets: action.targets };
      return step.kind === 'target' && !step.opening
        ? { ...listed, step: { ...step, selection: selectionOf(action.targets) } }
        : listed;
    }
    case 'targetSelected':
      if (step.kind !== 'target' || step.opening) return state;
      return { ...state, step: { ...step, selection: action.selection } };
    case 'targetOpenStarted':
      if (step.kind !== 'target' || isBusy(state)) return state;
      return { ...state, error: null, step: { ...step, opening: true } };
    case 'targetOpenEnded': {
      if (step.kind !== 'target' || !step.opening) return state;
      if (!action.result.ok)
        return { ...state, error: action.result.error, step: { ...step, opening: false } };
      const opened = action.result.value;
      // Nothing learnt about the previous target carries over; its late answers are dropped.
      return {
        ...initialWizardState,
        targets: state.targets ? { ...state.targets, current: opened } : null,
        generation: state.generation + 1,
        focusKey: state.focusKey + 1,
      };
    }
    case 'readStarted':
      return state.reading ? state : { ...state, reading: true };
    case 'diagnosed': {
      if ((action.generation ?? state.generation) !== state.generation) return state;
      // The registry's quick answer never replaces the one with the policy sources.
      if (action.value.sources === 'registry' && state.diagnosis?.sources === 'all') return state;
      const full = action.value.sources === 'all';
      return {
        ...state,
        diagnosis: action.value,
        reading: full ? false : state.reading,
        reads: full ? state.reads + 1 : state.reads,
      };
    }
    case 'instructionsRead':
      if (step.kind !== 'method') return state;
      return { ...state, step: { ...step, instructions: action.value } };
    case 'saveStarted':
      if (step.kind !== 'method' || isBusy(state)) return state;
      return { ...state, error: null, step: { ...step, saving: true } };
    case 'saveEnded': {
      if (step.kind !== 'method' || !step.saving) return state;
      const done = { ...state, step: { ...step, saving: false } };
      return action.result.ok
        ? { ...done, exported: action.result.value }
        : { ...done, error: action.result.error };
    }
    case 'ticketChanged':
      if (step.kind !== 'report' || step.exporting) return state;
      return { ...state, step: { ...step, ticket: { ...step.ticket, [action.field]: action.value } } };
    case 'rollbackPreviewed':
      if (step.kind !== 'backups' || step.asking !== action.preview.backupId) return state;
      return { ...state, step: { ...step, preview: action.preview } };
    case 'backupReportStarted':
      if (step.kind !== 'backups' || isBusy(state)) return state;
      return { ...state, error: null, step: { ...step, exporting: action.backupId } };
    case 'backupReportEnded': {
      if (step.kind !== 'backups' || step.exporting === null) return state;
      const done = { ...state, step: { ...step, exporting: null } };
      return action.result.ok
        ? { ...done, exported: action.result.value }
        : { ...done, error: action.result.error };
    }
    case 'failed':
      return { ...state, error: action.error, reading: false };
    case 'planMade':
      if (
        (step.kind !== 'method' && step.kind !== 'confirm') ||
        !sameRequest(action.request, planRequestOf(step))
      )
        return state;
      return { ...state, step: { ...step, plan: { request: action.request, value: action.value } } };
    case 'levelChosen':
      if (step.kind !== 'confirm' || isBusy(state) || step.level === action.level) return state;
      return { ...state, step: { ...step, level: action.level, lowConfirmed: false } };
    case 'lowConfirmed':
      if (step.kind !== 'confirm' || isBusy(state) || step.level !== 1) return state;
      return { ...state, step: { ...step, lowConfirmed: action.confirmed } };
    case 'fixStarted':
      if (step.kind !== 'confirm' || !step.plan || applicablePlanId(state) === null) return state;
      return {
        ...state,
        step: { kind: 'fix' },
        error: null,
        focusKey: state.focusKey + 1,
        fix: { running: true, progress: [], outcome: null, plan: step.plan.value },
      };
    case 'progress':
      // Progress can trail the answer (the browser fallback sends it on its own connection): it
      // belongs to the run of the step on screen, running or just ended.
      if (step.kind === 'fix' && state.fix)
        return { ...state, fix: { ...state.fix, progress: [...state.fix.progress, action.step] } };
      if (step.kind === 'backups' && state.rollback)
        return {
          ...state,
          rollback: { ...state.rollback, progress: [...state.rollback.progress, action.step] },
        };
      return state;
    case 'fixEnded':
      if (!state.fix?.running) return state;
      return withError(
        {
          ...state,
          focusKey: state.focusKey + 1,
          fix: { ...state.fix, running: false, outcome: action.result.ok ? action.result.value : null },
        },
        action.result.ok ? null : action.result.error,
      );
    case 'verifyStarted':
      if (step.kind !== 'verify' || isBusy(state)) return state;
      return { ...state, step: { ...step, checking: true } };
    case 'verifyEnded': {
      if (step.kind !== 'verify' || !step.checking) return state;
      const done = { ...state, step: { ...step, checking: false } };
      return action.result.ok
        ? { ...done, verified: action.result.value, diagnosis: action.result.value }
        : { ...done, error: action.result.error };
    }
    case 'exportStarted':
      if (step.kind !== 'report' || isBusy(state)) return state;
      return { ...state, step: { ...step, exporting: true } };
    case 'exportEnded': {
      if (step.kind !== 'report' || !step.exporting) return state;
      const done = { ...state, step: { ...step, exporting: false } };
      if (!action.result.ok) return { ...done, error: action.result.error };
      return { ...done, exported: action.result.value };
    }
    case 'backupsListed':
      if (step.kind !== 'backups') return state;
      return { ...state, step: { ...step, list: action.list } };
    case 'rollbackAsked':
      if (step.kind !== 'backups' || isBusy(state)) return state;
      return { ...state, step: { ...step, asking: action.backupId, preview: null } };
    case 'rollbackCancelled':
      if (step.kind !== 'backups' || isBusy(state)) return state;
      return { ...state, step: { ...step, asking: null, preview: null } };
    case 'rollbackStarted':
      if (step.kind !== 'backups' || step.asking === null || isBusy(state)) return state;
      return { ...state, rollback: { running: true, progress: [], outcome: null } };
    case 'rollbackEnded':
      if (step.kind !== 'backups' || !state.rollback?.running) return state;
      return withError(
        {
          ...state,
          // The server changed: what the window knows of it is old until it is read again.
          reading: action.result.ok ? true : state.reading,
          step: { ...step, asking: null, preview: null },
          focusKey: state.focusKey + 1,
          rollback: {
            ...state.rollback,
            running: false,
            outcome: action.result.ok ? action.result.value : null,
          },
        },
        action.result.ok ? null : action.result.error,
      );
    default:
      return assertNever(action, 'unknown wizard action');
  }
}
