// What the app does, over the core and the fix engine, for both shells: the Electron main process
// (main.ts, through IPC) and the browser fallback (browser-server.ts, through HTTP). Every verb of
// src/ipc/contract.ts has one method here; none re-implements a rule of the core or the engine.
// Expected failures come back as values with the next step in words; bugs throw (and the shells turn
// them into a generic 'Failed' without a stack).
import { randomBytes } from 'node:crypto';
import { diagnose } from '../core/diagnose';
import type { Diagnosis } from '../core/diagnosis-schema';
import { planRemediation, type RemediationPlan } from '../core/plan';
import type { ChangeTicket, Report } from '../core/report';
import type { CommandTarget } from '../core/words/command-line';
import type { AppError, ArgsOf, ResultOf } from '../ipc/contract';
import { listBackups } from './backups';
import type { EngineStep } from './engine-context';
import { type ElevationDeps } from './elevated-step';
import { BackupRefused, ElevatedStepLost, MachineFailure } from './failures';
import { applyConfirmedPlan, rollbackToBackup, verifyAfterPolicyRefresh } from './fix';
import { describeInterrupted, interruptedRun } from './interrupted-run';
import type { MachineChoice } from './machine-choice';
import { renderReport, ReportRenderFailure, type ReportFormat } from './render-report';
import { backupReport, diagnosisReport, localUtcOffset } from './report';
import { changeWords, diagnosisWords } from './window-words';
import { theseCounted } from '../core/words/count';

type Ok<V extends 'apply' | 'rollback' | 'diagnose'> = Extract<ResultOf<V>, { ok: true }>['value'];

export interface AppServiceOptions {
  readonly choice: MachineChoice;
  /** How the one UAC prompt is shown when this process is not elevated (Windows, unelevated). */
  readonly elevation?: ElevationDeps;
  /** Engine steps, as they happen, for the window's progress list. */
  readonly onProgress?: (step: EngineStep) => void;
  /** Where a report goes: the Electron shell asks with a save dialog; the browser fallback writes to its data folder. */
  readonly saveReport: (
    suggestedName: string,
    content: Uint8Array,
    format: ReportFormat,
  ) => Promise<string | undefined>;
  /** How a report becomes bytes: render-report.ts, except that Electron prints PDFs with its own Chromium. */
  readonly renderReport?: (report: Report, format: ReportFormat) => Promise<Uint8Array>;
  readonly now?: () => Date;
  /** What chose the machine (a simulated machine's --machine), so the commands a report names work. */
  readonly commandTarget?: CommandTarget;
}

const fail = (code: AppError['code'], message: string, next: string): { ok: false; error: AppError } => ({
  ok: false,
  error: { code, message, next },
});

/** The interrupted run on this machine, in words, or null. */
function interrupted(choice: MachineChoice): { text: string; backupId: string } | null {
  const e = interruptedRun(choice);
  return e ? { text: describeInterrupted(e), backupId: e.backupId } : null;
}

const INTERRUPTED_NEXT =
  'Settle it first: roll its backup back from the Backups step (or "fipsfix recover --rollback"), or finish the fix from an administrator console with "fipsfix recover --complete".';

export class AppService {
  private readonly plans = new Map<string, Extract<RemediationPlan, { kind: 'changes' }>>();
  private readonly choice: MachineChoice;
  /** One per window: closing it cancels the Windows tools still running for it. */
  private readonly running = new AbortController();

  constructor(private readonly opts: AppServiceOptions) {
    this.choice = opts.choice;
  }

  /** Engine steps go to the window's progress list. */
  private get fixOptions(): Parameters<typeof applyConfirmedPlan>[2] {
    return {
      ...(this.opts.now ? { now: this.opts.now } : {}),
      onStep: (s: EngineStep) => this.opts.onProgress?.(s),
      ...(this.opts.elevation ? { elevation: this.opts.elevation } : {}),
      signal: this.running.signal,
    };
  }

  /**
   * Kills the tools running for this window (secedit, gpresult, gpupdate…): the shell calls it when
   * the window closes or the app quits. A fix cut short this way is undone from its backup by the
   * engine; a UAC-prompted elevated step is its own process and runs to its end.
   */
  cancelRunningTools(): void {
    this.running.abort();
  }

  private readonly writing = new Set<Promise<unknown>>();

  /** An apply or rollback in progress, so the shell can let it finish (or undo itself) before exiting. */
  private track<T>(work: Promise<T>): Promise<T> {
    this.writing.add(work);
    const done = (): void => void this.writing.delete(work);
    work.then(done, done);
    return work;
  }

  /** Resolves once no apply or rollback is running (each has restored its backup if it was cut short). */
  async writesSettled(): Promise<void> {
    await Promise.allSettled([...this.writing]);
  }

  private collectAll(): ReturnType<MachineChoice['machine']['evidence']['collectAll']> {
    return this.choice.machine.evidence.collectAll({ signal: this.running.signal });
  }

  /** A diagnosis as the window shows it: with its words (who set each cause…), and any interrupted run. */
  private diagnosisValue(diagnosis: Diagnosis, sources: 'registry' | 'all' = 'all'): Ok<'diagnose'> {
    return {
      sources,
      diagnosis,
      words: diagnosisWords(diagnosis),
      origin: this.choice.origin,
      simulated: this.choice.machine.description.startsWith('simulated'),
      interrupted: interrupted(this.choice)?.text ?? null,
    };
  }

  async diagnose(...[req]: ArgsOf<'diagnose'>): Promise<ResultOf<'diagnose'>> {
    if (req.sources === 'registry')
      return {
        ok: true,
        value: this.diagnosisValue(diagnose(this.choice.machine.evidence.collectRegistry()), 'registry'),
      };
    return {
      ok: true,
      value: this.diagnosisValue(diagnose(await this.collectAll())),
    };
  }

  /**
   * Diagnoses again; with afterRefresh, first refreshes policy as Windows would (gpupdate
   * /target:computer /force, security settings included) and records the result with the latest
   * backup: the check that the fix survives a refresh.
   */
  async verify(...[req]: ArgsOf<'verify'>): Promise<ResultOf<'verify'>> {
    try {
      if (!req.afterRefresh)
        return {
          ok: true,
          value: {
            ...this.diagnosisValue(diagnose(await this.collectAll())),
            refresh: null,
          },
        };
      const { refresh, diagnosis } = await this.track(verifyAfterPolicyRefresh(this.choice, this.fixOptions));
      return { ok: true, value: { ...this.diagnosisValue(diagnosis), refresh } };
    } catch (e) {
      return this.expected(e);
    }
  }

  async plan(...[req]: ArgsOf<'plan'>): Promise<ResultOf<'plan'>> {
    // Unelevated, the elevated step reads the policy sources and settles what is unknown here.
    const plan = planRemediation(diagnose(await this.collectAll()), {
      rdpTargetLevel: req.rdpLevel,
      confirmLowLevel: req.confirmLow,
      elevatedStepDecidesUnknown: this.choice.writes === 'elevated-step',
    });
    let planId: string | null = null;
    if (plan.kind === 'changes') {
      planId = `plan-${randomBytes(16).toString('hex')}`;
      // Only the plan the administrator sees last can be applied.
      this.plans.clear();
      this.plans.set(planId, plan);
    }
    return {
      ok: true,
      value: {
        planId,
        plan,
        changeWords: changeWords(plan),
        backupDir: this.choice.store.dir,
        backupValues: plan.kind === 'changes' ? theseCounted(plan.changes.length, 'value') : '',
        writes: this.choice.writes,
      },
    };
  }

  async apply(...[req]: ArgsOf<'apply'>): Promise<ResultOf<'apply'>> {
    const plan = this.plans.get(req.planId);
    if (!plan)
      return fail(
        'PlanUnknown',
        'This plan is not the one FipsFix showed last (the app was restarted, or another plan was made since).',
        'Go back to the confirmation step and review the changes again.',
      );
    const unsettled = interrupted(this.choice);
    if (unsettled) return fail('InterruptedRun', unsettled.text, INTERRUPTED_NEXT);
    this.plans.delete(req.planId);
    try {
      if (this.choice.writes === 'elevated-step')
        this.opts.onProgress?.({
          phase: 'recheck',
          message: "waiting for the administrator prompt (UAC): the fix runs in FipsFix's own elevated step",
        });
      return { ok: true, value: await this.track(applyConfirmedPlan(this.choice, plan, this.fixOptions)) };
    } catch (e) {
      return this.expected(e);
    }
  }

  async rollback(...[req]: ArgsOf<'rollback'>): Promise<ResultOf<'rollback'>> {
    // Only the interrupted run's own backup may be restored before it is settled.
    const unsettled = interrupted(this.choice);
    if (unsettled && unsettled.backupId !== req.backupId)
      return fail('InterruptedRun', unsettled.text, INTERRUPTED_NEXT);
    try {
      if (this.choice.writes === 'elevated-step')
        this.opts.onProgress?.({ phase: 'rollback', message: 'waiting for the administrator prompt (UAC)' });
      return {
        ok: true,
        value: await this.track(rollbackToBackup(this.choice, req.backupId, this.fixOptions)),
      };
    } catch (e) {
      return this.expected(e);
    }
  }

  listBackups(): ResultOf<'listBackups'> {
    const { dir, rows, unreadable } = listBackups(this.choice);
    return {
      ok: true,
      value: {
        dir,
        // The window names backups by id; their paths stay in main.
        backups: rows.map((r) => ({
          id: r.id,
          createdAt: r.createdAt,
          machine: r.machine,
          changes: [...r.changes],
          applied: r.applied,
          rolledBack: r.rolledBack,
        })),
        unreadable: [...unreadable],
      },
    };
  }

  /** The report's data, from what FipsFix recorded (a backup and its runs), or the diagnosis alone. */
  async report(backupId: string | null, changeTicket?: ChangeTicket): Promise<Report> {
    const now = (this.opts.now ?? (() => new Date()))();
    const more = {
      ...(changeTicket ? { changeTicket } : {}),
      ...(this.opts.commandTarget ? { commandTarget: this.opts.commandTarget } : {}),
    };
    if (backupId === null)
      return diagnosisReport(
        diagnose(await this.collectAll()),
        now.toISOString(),
        this.choice.machine.name,
        // The window runs on the machine it diagnoses (or the simulated one): its offset is the server's.
        localUtcOffset(now),
        more,
      );
    const b = this.choice.store.read(backupId);
    const diagnosis = b.content.diagnosis ?? diagnose(await this.collectAll());
    return backupReport(this.choice.store, b, now.toISOString(), diagnosis, more);
  }

  async exportReport(...[req]: ArgsOf<'exportReport'>): Promise<ResultOf<'exportReport'>> {
    try {
      const report = await this.report(req.backupId, req.changeTicket);
      const content = await (this.opts.renderReport ?? renderReport)(report, req.format);
      const name =
        `fipsfix-report-${report.machine.name}-${req.backupId ?? 'diagnosis'}.${req.format}`.replace(
          /[^A-Za-z0-9_.-]/g,
          '_',
        );
      const file = await this.opts.saveReport(name, content, req.format);
      return { ok: true, value: file === undefined ? { saved: false } : { saved: true, file } };
    } catch (e) {
      return this.expected(e);
    }
  }

  private expected(e: unknown): { ok: false; error: AppError } {
    if (e instanceof ReportRenderFailure)
      return fail(
        'Failed',
        `The report could not be rendered: ${e.message}`,
        'Export it as HTML and print that page, or as JSON.',
      );
    if (e instanceof BackupRefused)
      return fail(
        'BackupRefused',
        `FipsFix will not use this backup: ${e.problem}. Nothing was changed.`,
        'Choose another backup, or restore the values by hand with the .reg file beside it after checking it.',
      );
    if (e instanceof ElevatedStepLost)
      return fail(
        'ElevationLost',
        e.message,
        'Close FipsFix and run "fipsfix recover" in an administrator console to see what was done and settle it.',
      );
    if (e instanceof MachineFailure) {
      if (e.code === 'ElevationDeclined')
        return fail(
          'Failed',
          'The administrator prompt was declined: nothing was changed.',
          'Click the button again and answer Yes to the Windows prompt, or run FipsFix as an administrator.',
        );
      return fail(
        'Failed',
        `${e.attempted} failed (${e.code}). ${e.message}`,
        "Nothing was written unless the steps above say so. Check the account's rights and try again.",
      );
    }
    throw e;
  }
}
