// What the app does, over the core and the fix engine, for both shells: the Electron main process
// (main.ts, through IPC) and the browser fallback (browser-server.ts, through HTTP). Every verb of
// src/ipc/contract.ts has one method here; none re-implements a rule of the core or the engine.
// Expected failures come back as values with the next step in words; bugs throw (and the shells turn
// them into a generic 'Failed' without a stack).
import { randomBytes } from 'node:crypto';
import { diagnose } from '../core/diagnose';
import type { Diagnosis } from '../core/diagnosis-schema';
import { planRemediation, type RemediationPlan } from '../core/plan';
import { applySteps } from '../core/words/engine-steps';
import { AFTER_FIX_DECISION } from '../core/words/taking-effect';

import { exportArtifacts } from '../core/export/export';
import { describeValue } from '../core/words/evidence';
import { rollbackConsequence } from '../core/words/rollback';
import { settingWords } from '../core/words/setting';
import type { ChangeTicket, Report } from '../core/report';
import type { CommandTarget } from '../core/words/command-line';
import type { AppError, ArgsOf, ResultOf } from '../ipc/contract';
import { listBackups } from './backups';
import type { EngineStep } from './engine-context';
import { type ElevationDeps } from './elevated-step';
import { BackupRefused, ElevatedStepLost, MachineFailure } from './failures';
import { applyConfirmedPlan, rollbackToBackup, verifyAfterPolicyRefresh } from './fix';
import { describeInterrupted, interruptedRun } from './interrupted-run';
import { builtInMachines, type Chosen, type MachineChoice } from './machine-choice';
import { renderReport, ReportRenderFailure, type ReportFormat } from './render-report';
import { backupReport, diagnosisReport, localUtcOffset } from './report';
import { changeWords, diagnosisWords } from './window-words';
import { openWindowTarget, TargetRefused, targetOf, type Target, type WindowTargets } from './window-targets';
import { theseCounted } from '../core/words/count';

type Ok<V extends 'apply' | 'rollback' | 'diagnose' | 'exportReport'> = Extract<
  ResultOf<V>,
  { ok: true }
>['value'];

/** What the Save As step is given a name and a format for: a report, or the domain administrator's instructions. */
export type SavedFormat = ReportFormat | 'md';

const MIME: Readonly<Record<SavedFormat, string>> = {
  json: 'application/json',
  html: 'text/html',
  pdf: 'application/pdf',
  md: 'text/markdown',
};

export interface AppServiceOptions {
  /** What the window opens on first: a machine, or an evidence folder. */
  readonly choice: Chosen;
  /** How the one UAC prompt is shown when this process is not elevated (Windows, unelevated). */
  readonly elevation?: ElevationDeps;
  /** What else the window may open, and how a path is chosen; without it, only the first target. */
  readonly targets?: WindowTargets & {
    /** The shell's writes and UAC prompt for a machine the window opened (Electron's elevated step). */
    readonly prepare?: (
      choice: MachineChoice,
      simulatedSpec: string | undefined,
    ) => { choice: MachineChoice; elevation?: ElevationDeps };
    /** Told the target whenever the window opens another (Electron's window title). */
    readonly opened?: (target: Target) => void;
  };
  /** Opens a file this service saved, with the program Windows associates with it (Electron's shell). */
  readonly openFile?: (file: string) => Promise<boolean>;
  /**
   * The browser fallback: a saved file is also handed to the page, which has the browser download it
   * (there is no Save As dialog in a browser tab).
   */
  readonly offerDownload?: boolean;
  /** Engine steps, as they happen, for the window's progress list. */
  readonly onProgress?: (step: EngineStep) => void;
  /** Where a report goes: the Electron shell asks with a save dialog; the browser fallback writes to its data folder. */
  readonly saveReport: (
    suggestedName: string,
    content: Uint8Array,
    format: SavedFormat,
  ) => Promise<string | undefined>;
  /** How a report becomes bytes: render-report.ts, except that Electron prints PDFs with its own Chromium. */
  readonly renderReport?: (report: Report, format: ReportFormat) => Promise<Uint8Array>;
  readonly now?: () => Date;
  /** What chose the first target (a simulated machine's --machine), so the commands a report names work. */
  readonly commandTarget?: CommandTarget;
}

const fail = (code: AppError['code'], message: string, next: string): { ok: false; error: AppError } => ({
  ok: false,
  error: { code, message, next },
});

/** The interrupted run on this machine, in words, or null. */
function interrupted(choice: Chosen): { text: string; backupId: string } | null {
  if (choice.kind !== 'machine') return null;
  const e = interruptedRun(choice);
  return e ? { text: describeInterrupted(e), backupId: e.backupId } : null;
}

const INTERRUPTED_NEXT =
  "Settle it first: roll its backup back from the Backups step, or finish the fix from an administrator console with FipsFix's recover command.";

/** Asked of an evidence folder what only a machine can do (plan, fix, backups): refused, in words. */
class NotAMachine extends Error {}

export class AppService {
  private readonly plans = new Map<string, Extract<RemediationPlan, { kind: 'changes' }>>();
  private chosen: Chosen;
  private target: Target;
  private elevation: ElevationDeps | undefined;
  /** What the commands a report names must say to reach the target open now (it changes with it). */
  private commandTarget: CommandTarget | undefined;
  /** The files this service saved, the only ones openFile opens. */
  private readonly saved = new Set<string>();
  /** One per window: closing it cancels the Windows tools still running for it. */
  private readonly running = new AbortController();

  constructor(private readonly opts: AppServiceOptions) {
    this.chosen = opts.choice;
    this.target = targetOf(opts.choice);
    this.elevation = opts.elevation;
    this.commandTarget = opts.commandTarget;
  }

  /** The machine the window works on; an evidence folder is a record, not a machine. */
  private get choice(): MachineChoice {
    if (this.chosen.kind !== 'machine')
      throw new NotAMachine(
        'An evidence folder is a record of another server: FipsFix shows its verdict and how to fix it, and changes nothing.',
      );
    return this.chosen;
  }

  /** Engine steps go to the window's progress list. */
  private get fixOptions(): Parameters<typeof applyConfirmedPlan>[2] {
    return {
      ...(this.opts.now ? { now: this.opts.now } : {}),
      onStep: (s: EngineStep) => this.opts.onProgress?.(s),
      ...(this.elevation ? { elevation: this.elevation } : {}),
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

  private async collectAll(): Promise<Parameters<typeof diagnose>[0]> {
    const c = this.chosen;
    if (c.kind === 'evidence') return c.evidence;
    return c.machine.evidence.collectAll({ signal: this.running.signal });
  }

  /** A diagnosis as the window shows it: with its words (who set each cause…), and any interrupted run. */
  private diagnosisValue(diagnosis: Diagnosis, sources: 'registry' | 'all' = 'all'): Ok<'diagnose'> {
    return {
      sources,
      diagnosis,
      words: diagnosisWords(diagnosis),
      origin: this.target.origin,
      simulated: this.target.kind === 'simulated',
      target: this.target,
      interrupted: interrupted(this.chosen)?.text ?? null,
    };
  }

  async diagnose(...[req]: ArgsOf<'diagnose'>): Promise<ResultOf<'diagnose'>> {
    const c = this.chosen;
    if (req.sources === 'registry' && c.kind === 'machine')
      return {
        ok: true,
        value: this.diagnosisValue(diagnose(c.machine.evidence.collectRegistry()), 'registry'),
      };
    return {
      ok: true,
      value: this.diagnosisValue(diagnose(await this.collectAll())),
    };
  }

  /** What the window works on, and what else it may open. */
  targets(): ResultOf<'targets'> {
    const t = this.opts.targets;
    return {
      ok: true,
      value: {
        current: this.target,
        builtIn: t ? builtInMachines() : [],
        thisMachine: t?.thisMachine === true && process.platform === 'win32',
        browse: t?.pick !== undefined,
        openFiles: this.opts.openFile !== undefined,
      },
    };
  }

  /** Opens another target; refused while a fix or rollback runs, since it writes to the one open now. */
  async openTarget(...[req]: ArgsOf<'openTarget'>): Promise<ResultOf<'openTarget'>> {
    const t = this.opts.targets;
    if (!t)
      return fail(
        'Failed',
        'This window works on one target only.',
        'Start FipsFix again to choose another.',
      );
    if (this.writing.size > 0)
      return fail(
        'Failed',
        'A fix or a rollback is running on the current target.',
        'Wait until it has finished, then choose again.',
      );
    try {
      const opened = await openWindowTarget(req, t);
      if (!opened) return { ok: true, value: this.target };
      let chosen = opened.chosen;
      let elevation: ElevationDeps | undefined;
      if (chosen.kind === 'machine' && t.prepare) {
        const prepared = t.prepare(chosen, opened.simulatedSpec);
        chosen = prepared.choice;
        elevation = prepared.elevation;
      }
      this.chosen = chosen;
      this.elevation = elevation;
      this.target = opened.target;
      this.commandTarget = opened.commandTarget;
      // A plan belongs to the target it was made for.
      this.plans.clear();
      t.opened?.(this.target);
      return { ok: true, value: this.target };
    } catch (e) {
      if (e instanceof TargetRefused)
        return fail('NotAMachine', e.message, 'Choose another machine, file or folder.');
      return this.expected(e);
    }
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
    if (this.chosen.kind !== 'machine') return this.expected(new NotAMachine(''));
    const diagnosis = diagnose(await this.collectAll());
    // Unelevated, the elevated step reads the policy sources and settles what is unknown here.
    const planFor = (confirmLowLevel: boolean): RemediationPlan =>
      planRemediation(diagnosis, {
        rdpTargetLevel: req.rdpLevel,
        confirmLowLevel,
        elevatedStepDecidesUnknown: this.choice.writes === 'elevated-step',
      });
    // Low not yet confirmed: the window still shows what Low would change, beside the second yes it
    // needs; only a plan made with that yes gets an id, so nothing unconfirmed can be applied.
    const preview = req.rdpLevel === 1 && !req.confirmLow;
    const plan = preview ? planFor(true) : planFor(req.confirmLow);
    let planId: string | null = null;
    if (plan.kind === 'changes' && !preview) {
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
        steps: applySteps(plan),
        awaitsLowConfirmation: preview && plan.kind === 'changes',
        afterFix: { ...AFTER_FIX_DECISION },
      },
    };
  }

  async apply(...[req]: ArgsOf<'apply'>): Promise<ResultOf<'apply'>> {
    if (this.chosen.kind !== 'machine') return this.expected(new NotAMachine(''));
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

  /** Before a rollback: each value it writes back, now → after, and what that means for the server. */
  previewRollback(...[req]: ArgsOf<'previewRollback'>): ResultOf<'previewRollback'> {
    try {
      const choice = this.choice;
      const b = choice.store.read(req.backupId);
      const values = b.content.values.map((v) => {
        const now = choice.machine.registry.readValue(v.id);
        return {
          setting: settingWords(v.id),
          registryValue: `${v.path}\\${v.name}`,
          now: now.exists
            ? now.type === 'REG_DWORD'
              ? describeValue(v.id, now.data)
              : now.typeName
            : 'absent',
          after: describeValue(v.id, v.existed ? v.data : null),
        };
      });
      const plan = b.content.plan;
      return {
        ok: true,
        value: {
          backupId: b.id,
          server: b.content.machine,
          values,
          consequence: rollbackConsequence(values, b.content.diagnosis),
          takesEffect: plan.kind === 'changes' ? plan.takesEffect.map((t) => t.what) : [],
          writes: choice.writes,
        },
      };
    } catch (e) {
      return this.expected(e);
    }
  }

  async rollback(...[req]: ArgsOf<'rollback'>): Promise<ResultOf<'rollback'>> {
    if (this.chosen.kind !== 'machine') return this.expected(new NotAMachine(''));
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
    if (this.chosen.kind !== 'machine') return this.expected(new NotAMachine(''));
    const { dir, rows, unreadable } = listBackups(this.chosen);
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
      ...(this.commandTarget ? { commandTarget: this.commandTarget } : {}),
    };
    if (backupId === null)
      return diagnosisReport(
        diagnose(await this.collectAll()),
        now.toISOString(),
        this.chosen.kind === 'machine' ? this.chosen.machine.name : undefined,
        // The window runs on the machine it diagnoses (or the simulated one): its offset is the server's.
        // An evidence folder was collected elsewhere: its offset is not this computer's.
        this.chosen.kind === 'machine' ? localUtcOffset(now) : undefined,
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
      return { ok: true, value: await this.save(name, content, req.format) };
    } catch (e) {
      return this.expected(e);
    }
  }

  /** Through the shell's Save As (Electron) or into its folder (the browser fallback, which also hands it to the page). */
  private async save(name: string, content: Uint8Array, format: SavedFormat): Promise<Ok<'exportReport'>> {
    const file = await this.opts.saveReport(name, content, format);
    if (file === undefined) return { saved: false };
    this.saved.add(file);
    return {
      saved: true,
      file,
      ...(this.opts.offerDownload
        ? { download: { name, mime: MIME[format], base64: Buffer.from(content).toString('base64') } }
        : {}),
    };
  }

  /** The instructions for the domain administrator, as `fipsfix export --as gpo-instructions` writes them. */
  private async instructions(): Promise<{ text: string | null; reason: string | null; server: string }> {
    const d = diagnose(await this.collectAll());
    const server = d.machine.name ?? 'this-server';
    const r = exportArtifacts('gpo-instructions', [{ server, diagnosis: d }]);
    if (r.files.length === 0)
      return { text: null, reason: r.refused[0]?.reason ?? 'no domain GPO sets it', server };
    // One file: the instructions, then each script they name, as the export writes them beside it.
    const [doc, ...scripts] = r.files;
    const text = [
      doc?.content ?? '',
      ...scripts.map(
        (f) =>
          `\n\n## ${f.path}\n\n\`\`\`powershell\n${(typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content)).replace(/\r\n/g, '\n')}\n\`\`\`\n`,
      ),
    ].join('');
    return { text, reason: null, server };
  }

  async gpoInstructions(): Promise<ResultOf<'gpoInstructions'>> {
    const { text, reason } = await this.instructions();
    return { ok: true, value: { text, reason } };
  }

  async saveGpoInstructions(): Promise<ResultOf<'saveGpoInstructions'>> {
    try {
      const { text, reason, server } = await this.instructions();
      if (text === null)
        return fail(
          'Failed',
          `There are no instructions for a domain administrator: ${reason}.`,
          'Nothing to save.',
        );
      const name = `fipsfix-gpo-instructions-${server}.md`.replace(/[^A-Za-z0-9_.-]/g, '_');
      return { ok: true, value: await this.save(name, new TextEncoder().encode(text), 'md') };
    } catch (e) {
      return this.expected(e);
    }
  }

  /** Opens a file this window saved (never another path the page names). */
  async openFile(...[req]: ArgsOf<'openFile'>): Promise<ResultOf<'openFile'>> {
    if (!this.opts.openFile || !this.saved.has(req.file)) return { ok: true, value: { opened: false } };
    return { ok: true, value: { opened: await this.opts.openFile(req.file) } };
  }

  private expected(e: unknown): { ok: false; error: AppError } {
    if (e instanceof NotAMachine)
      return fail(
        'NotAMachine',
        'An evidence folder is a record of another server: FipsFix shows its verdict and how to fix it there, and changes nothing.',
        'To fix that server, run FipsFix on it.',
      );
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
