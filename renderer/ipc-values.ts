// The values main sends the window, named by what the steps show. Types only: every decision
// (causes, sources, plans, refusals) and every word for a value comes from the core through
// window.fipsfix (the service fills in `words` and `changeWords`); the window formats none of them.
import type { ArgsOf, ResultOf } from '../src/ipc/contract';

export type DiagnoseValue = Extract<ResultOf<'diagnose'>, { ok: true }>['value'];
export type Diagnosis = DiagnoseValue['diagnosis'];
export type VerifyValue = Extract<ResultOf<'verify'>, { ok: true }>['value'];
export type Cause = Diagnosis['causes'][number];
export type CauseWords = DiagnoseValue['words']['causes'][number];
export type PlanValue = Extract<ResultOf<'plan'>, { ok: true }>['value'];
export type Plan = PlanValue['plan'];
export type PlannedChange = Extract<Plan, { kind: 'changes' }>['changes'][number];
export type ChangeWords = PlanValue['changeWords'][number];
export type ApplyValue = Extract<ResultOf<'apply'>, { ok: true }>['value'];
export type RollbackValue = Extract<ResultOf<'rollback'>, { ok: true }>['value'];
export type BackupList = Extract<ResultOf<'listBackups'>, { ok: true }>['value'];
export type TargetsValue = Extract<ResultOf<'targets'>, { ok: true }>['value'];
export type TargetValue = Extract<ResultOf<'openTarget'>, { ok: true }>['value'];
export type TargetRequest = ArgsOf<'openTarget'>[0];
export type RollbackPreview = Extract<ResultOf<'previewRollback'>, { ok: true }>['value'];
export type EngineStepWords = PlanValue['steps'][number];
