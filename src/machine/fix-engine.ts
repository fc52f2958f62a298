// The fix engine: turns a plan into a change on a machine and back, never leaving it half-changed.
// In order, each step reported to the caller: re-check (nothing changed since the plan, no domain
// GPO appeared), backup, journal, write by the plan's method, policy refresh where the method needs
// one, verify by reading back; on any failure, roll back from the backup and say what failed.
import { backedUpValue, BACKUP_FORMAT, type BackedUpPolicy, type BackupContent } from '../core/backup';
import { diagnose } from '../core/diagnose';
import type { Diagnosis } from '../core/diagnosis-schema';
import type {
  ApplyOutcome,
  BackupRef,
  PolicyRefreshOutcome,
  RollbackOutcome,
  VerificationLine,
} from '../core/outcome';
import {
  allowListProblems,
  planRemediation,
  PlanSchema,
  type PlannedChange,
  type RemediationPlan,
} from '../core/plan';
import { describeChange } from '../core/words/method';
import { isListenerLevelId } from '../core/settings';
import { BackupRefused, BackupStore, newBackupId, type RunRecord, type StoredBackup } from './backup-store';
import type { Journal } from './journal';
import {
  MachineFailure,
  type FipsSecurityOption,
  type LocalGpoRdpLevel,
  type Machine,
  type ToolOptions,
  type ValueSnapshot,
} from './machine';
import { counted } from '../core/words/count';
import { utcOffsetText } from '../core/words/time';

export type EnginePhase = 'recheck' | 'backup' | 'write' | 'refresh' | 'verify' | 'rollback';
export interface EngineStep {
  readonly phase: EnginePhase;
  readonly message: string;
}

export interface EngineContext {
  readonly machine: Machine;
  readonly store: BackupStore;
  readonly journal: Journal;
  readonly toolVersion: string;
  /** Who makes the change, for the backup and the report. */
  readonly ranBy?: string;
  readonly now?: () => Date;
  readonly onStep?: (step: EngineStep) => void;
  /**
   * Cancels the tools the engine runs (the window was closed). A cancelled write fails like any other
   * and the backup is restored; restoring is never cancelled, so it can undo what was done.
   */
  readonly signal?: AbortSignal;
}

const ref = (b: StoredBackup): BackupRef => ({
  id: b.id,
  file: b.file,
  regFile: b.regFile,
  sha256: b.sha256,
});

/**
 * The server's offset from UTC at a moment: the engine runs on the server it changes (or, for a
 * simulated machine, on the computer whose clock that machine has), so this process's time zone is it.
 */
function serverUtcOffset(at: Date): string {
  return utcOffsetText(-at.getTimezoneOffset());
}

/** A run record's time, who ran it, and the server's offset then. */
function runStamp(ctx: EngineContext): { finishedAt: string; ranBy?: string; utcOffset: string } {
  const at = (ctx.now ?? (() => new Date()))();
  return {
    finishedAt: at.toISOString(),
    ...(ctx.ranBy ? { ranBy: ctx.ranBy } : {}),
    utcOffset: serverUtcOffset(at),
  };
}

function describeSnapshot(s: ValueSnapshot | undefined): string {
  if (!s || !s.exists) return 'absent';
  return s.type === 'REG_DWORD' ? `REG_DWORD ${s.data}` : s.typeName;
}

function failureText(e: unknown): string {
  if (e instanceof MachineFailure) return `${e.message} [${e.code}]`;
  return e instanceof Error ? e.message : String(e);
}

/** The choices a plan was made with, read back from it, so the re-check plans the same way. */
function choicesOf(plan: Extract<RemediationPlan, { kind: 'changes' }>): {
  rdpTargetLevel: 1 | 2 | 3;
  confirmLowLevel: boolean;
} {
  // Any RDP level: the policy value, RDP-Tcp's, or another listener's.
  const rdp = plan.changes.find(
    (c) => c.id === 'rdp-encryption-policy' || c.id === 'rdp-tcp-encryption-level' || isListenerLevelId(c.id),
  );
  const level = rdp && (rdp.after === 1 || rdp.after === 2 || rdp.after === 3) ? rdp.after : 3;
  return { rdpTargetLevel: level, confirmLowLevel: level === 1 };
}

/**
 * The confirmed change is the one the fresh plan makes. A method left to the elevated step
 * ('decided-when-elevated') is settled by the fresh plan, which only ever names a local method.
 */
const sameChange = (confirmed: PlannedChange, fresh: PlannedChange): boolean =>
  confirmed.id === fresh.id &&
  (confirmed.via === fresh.via || confirmed.via === 'decided-when-elevated') &&
  confirmed.before === fresh.before &&
  confirmed.after === fresh.after;

async function verifyChanges(
  machine: Machine,
  changes: readonly PlannedChange[],
  tools: ToolOptions,
): Promise<VerificationLine[]> {
  const lines: VerificationLine[] = [];
  for (const c of changes) {
    const found = machine.registry.readValue(c.id);
    lines.push({
      value: c.registryValue,
      expected: `REG_DWORD ${c.after}`,
      found: describeSnapshot(found),
      ok: found.exists && found.type === 'REG_DWORD' && found.data === c.after,
    });
    if (c.via === 'local-security-policy') {
      const db = await machine.policy.readFipsSecurityOption(tools);
      lines.push({
        value: 'local security database: FIPS security option',
        expected: 'defined 0',
        found: db.state === 'defined' ? `defined ${db.data}` : 'not defined',
        ok: db.state === 'defined' && db.data === 0,
      });
    }
    if (c.via === 'local-gpo') {
      const pol = machine.policy.readLocalGpoRdpLevel();
      lines.push({
        value: 'local GPO Registry.pol: MinEncryptionLevel',
        expected: `set ${c.after}`,
        found: pol.state === 'set' ? `set ${pol.data}` : pol.state,
        ok: pol.state === 'set' && pol.data === c.after,
      });
    }
  }
  return lines;
}

const sameFipsOption = (a: FipsSecurityOption, b: FipsSecurityOption): boolean =>
  a.state === b.state && (a.state !== 'defined' || (b.state === 'defined' && a.data === b.data));
const describeGpo = (p: LocalGpoRdpLevel): string => (p.state === 'set' ? `set ${p.data}` : p.state);

async function verifyBackup(
  machine: Machine,
  b: BackupContent,
  tools: ToolOptions,
): Promise<VerificationLine[]> {
  const lines: VerificationLine[] = b.values.map((v) => {
    const found = machine.registry.readValue(v.id);
    const ok = v.existed
      ? found.exists && found.type === 'REG_DWORD' && found.data === v.data
      : !found.exists;
    return {
      value: `${v.path}\\${v.name}`,
      expected: v.existed ? `REG_DWORD ${v.data}` : 'absent',
      found: describeSnapshot(found),
      ok,
    };
  });
  if (b.policy.fipsSecurityOption?.state === 'defined') {
    const db = await machine.policy.readFipsSecurityOption(tools);
    const want = b.policy.fipsSecurityOption.data;
    lines.push({
      value: 'local security database: FIPS security option',
      expected: `defined ${want}`,
      found: db.state === 'defined' ? `defined ${db.data}` : 'not defined',
      ok: db.state === 'defined' && db.data === want,
    });
  }
  if (b.policy.localGpoRdpLevel) {
    const want = b.policy.localGpoRdpLevel;
    const pol = machine.policy.readLocalGpoRdpLevel();
    lines.push({
      value: 'local GPO Registry.pol: MinEncryptionLevel',
      expected: describeGpo(want),
      found: describeGpo(pol),
      ok: describeGpo(pol) === describeGpo(want),
    });
  }
  return lines;
}

/**
 * Puts back what a backup holds: the policy stores first (they also write the registry), then every
 * value exactly — a value that did not exist is deleted, not set to 0 — and nothing else.
 */
async function restore(machine: Machine, b: BackupContent, step: (s: EngineStep) => void): Promise<void> {
  const db = b.policy.fipsSecurityOption;
  if (db?.state === 'defined' && !sameFipsOption(await machine.policy.readFipsSecurityOption(), db)) {
    step({ phase: 'rollback', message: `local security policy: FIPS security option back to ${db.data}` });
    await machine.policy.configureFipsSecurityOption(db.data);
  }
  const pol = b.policy.localGpoRdpLevel;
  if (pol && describeGpo(machine.policy.readLocalGpoRdpLevel()) !== describeGpo(pol)) {
    step({ phase: 'rollback', message: 'local GPO: Registry.pol record restored, then a policy refresh' });
    machine.policy.writeLocalGpoRdpLevel(pol);
    await machine.policy.refreshPolicy();
  }
  // Only what differs is written: a value the failed apply never reached is left untouched.
  for (const v of b.values) {
    const now = machine.registry.readValue(v.id);
    const same = v.existed ? now.exists && now.type === 'REG_DWORD' && now.data === v.data : !now.exists;
    if (same) continue;
    step({
      phase: 'rollback',
      message: v.existed
        ? `${v.path}\\${v.name} back to ${v.data}`
        : `${v.path}\\${v.name} deleted (it did not exist)`,
    });
    if (v.existed) machine.registry.setDword(v.id, v.data);
    else machine.registry.deleteValue(v.id);
  }
}

export async function applyPlan(ctx: EngineContext, planInput: unknown): Promise<ApplyOutcome> {
  const step = ctx.onStep ?? (() => undefined);
  const tools: ToolOptions = { signal: ctx.signal };
  const now = ctx.now ?? (() => new Date());
  const parsed = PlanSchema.safeParse(planInput);
  if (!parsed.success) return { kind: 'refused', reasons: ['the plan is not a valid FipsFix plan'] };
  const plan = parsed.data;
  if (plan.kind === 'nothing-to-do') return { kind: 'already-fixed', message: plan.message };
  if (plan.kind === 'refused') return { kind: 'refused', reasons: plan.reasons };
  const problems = allowListProblems(plan);
  if (problems.length > 0) return { kind: 'refused', reasons: problems.map((p) => `not allowed: ${p}`) };

  // 1. Re-check on fresh evidence, sources included: the administrator confirmed a plan made from
  // what was read then; if anything differs now, nothing is written.
  step({ phase: 'recheck', message: 'reading the registry and the policy sources again' });
  const diagnosisBefore = diagnose(await ctx.machine.evidence.collectAll(tools));
  const fresh = planRemediation(diagnosisBefore, choicesOf(plan));
  if (fresh.kind === 'nothing-to-do')
    return {
      kind: 'already-fixed',
      message: 'Already fixed: nothing read now forces the FIPS encryption level. Nothing was changed.',
    };
  if (fresh.kind === 'refused') return { kind: 'refused', reasons: fresh.reasons };
  const changed =
    plan.changes.length !== fresh.changes.length ||
    plan.changes.some((c, i) => {
      const f = fresh.changes[i];
      return !f || !sameChange(c, f);
    });
  if (changed) {
    return {
      kind: 'refused',
      reasons: [
        'The machine changed since this plan was made (a value or its source is not what the plan says). Nothing was changed; plan again.',
        ...fresh.changes.map((c) => `now: ${describeChange(c)}`),
      ],
    };
  }

  // From here on the fresh plan is what runs: the same changes, each with its method as read now.
  const executed = fresh;

  // 2. Backup, value by value, plus the policy stores this method touches.
  step({
    phase: 'backup',
    message: `backing up ${counted(executed.changes.length, 'value')} to ${ctx.store.dir}`,
  });
  const values = [];
  for (const c of executed.changes) {
    const s = ctx.machine.registry.readValue(c.id);
    if (s.exists && s.type === 'other')
      return {
        kind: 'refused',
        reasons: [`${c.registryValue} is a ${s.typeName}, not a REG_DWORD: FipsFix will not touch it`],
      };
    values.push(backedUpValue(c.id, s.exists ? { exists: true, data: s.data } : { exists: false }));
  }
  const policy: BackedUpPolicy = {
    ...(executed.changes.some((c) => c.via === 'local-security-policy')
      ? { fipsSecurityOption: await ctx.machine.policy.readFipsSecurityOption(tools) }
      : {}),
    ...(executed.changes.some((c) => c.via === 'local-gpo')
      ? { localGpoRdpLevel: ctx.machine.policy.readLocalGpoRdpLevel() }
      : {}),
  };
  const at = now();
  const content: BackupContent = {
    format: BACKUP_FORMAT,
    id: newBackupId(at),
    machine: ctx.machine.name,
    createdAt: at.toISOString(),
    toolVersion: ctx.toolVersion,
    ...(ctx.ranBy ? { ranBy: ctx.ranBy } : {}),
    utcOffset: serverUtcOffset(at),
    plan: executed,
    diagnosis: diagnosisBefore,
    values,
    policy,
  };
  let backup: StoredBackup;
  try {
    backup = ctx.store.write(content);
  } catch (e) {
    return {
      kind: 'refused',
      reasons: [`The backup could not be written, so nothing was changed: ${failureText(e)}`],
    };
  }

  // 3. Journal, then each write by its method.
  const writes = executed.changes.map((c) => describeChange(c));
  ctx.journal.begin(
    {
      operation: 'apply',
      backupId: backup.id,
      backupFile: backup.file,
      machine: ctx.machine.name,
      startedAt: at.toISOString(),
    },
    [...writes, ...(fresh.refreshPolicyAfter ? ['policy refresh'] : [])],
  );
  let refresh: PolicyRefreshOutcome | undefined;
  try {
    for (const [i, c] of executed.changes.entries()) {
      ctx.journal.mark(i, 'started');
      step({ phase: 'write', message: describeChange(c) });
      switch (c.via) {
        case 'rdp-tcp-value':
        case 'registry':
          ctx.machine.registry.setDword(c.id, c.after);
          break;
        case 'local-security-policy':
          await ctx.machine.policy.configureFipsSecurityOption(0, tools);
          break;
        case 'local-gpo':
          ctx.machine.policy.writeLocalGpoRdpLevel({ state: 'set', data: c.after });
          break;
        case 'decided-when-elevated':
          // The fresh plan, made here from the sources, always names the method.
          throw new Error(`internal: ${c.registryValue} has no method after the re-check`);
      }
      ctx.journal.mark(i, 'done');
    }
    // Whether a refresh is needed follows from the methods, as the fresh plan says, not from the input.
    if (fresh.refreshPolicyAfter) {
      ctx.journal.mark(executed.changes.length, 'started');
      step({
        phase: 'refresh',
        message: 'gpupdate /target:computer /force, so the local GPO change applies',
      });
      refresh = await ctx.machine.policy.refreshPolicy(tools);
      ctx.journal.mark(executed.changes.length, 'done');
    }
  } catch (e) {
    return rollBackAfterFailure(ctx, backup, `writing failed: ${failureText(e)}`, step);
  }

  // 4. Verify through the normal reader.
  step({ phase: 'verify', message: 'reading every changed value back' });
  let verification: VerificationLine[];
  try {
    verification = await verifyChanges(ctx.machine, executed.changes, tools);
  } catch (e) {
    // A read-back that fails (secedit, a locked Registry.pol) proves nothing: undo, as for a mismatch.
    return rollBackAfterFailure(ctx, backup, `reading the values back failed: ${failureText(e)}`, step);
  }
  if (verification.some((v) => !v.ok)) {
    const bad = verification
      .filter((v) => !v.ok)
      .map((v) => `${v.value}: expected ${v.expected}, found ${v.found}`);
    return rollBackAfterFailure(ctx, backup, `verification failed: ${bad.join('; ')}`, step, verification);
  }
  ctx.journal.finish();
  const diagnosisAfter = await diagnosisAfterFix(ctx.machine, tools);
  ctx.store.writeRun({
    format: 'fipsfix-run/1',
    backupId: backup.id,
    operation: 'apply',
    ...runStamp(ctx),
    outcome: 'applied',
    message: diagnosisAfter.summary,
    verification: [...verification],
    diagnosisAfter,
  });
  return {
    kind: 'applied',
    backup: ref(backup),
    verification,
    diagnosisAfter,
    ...(refresh ? { refresh } : {}),
  };
}

/** The diagnosis after a verified fix: for the record, so a collector failing now must not undo it. */
async function diagnosisAfterFix(machine: Machine, tools: ToolOptions): Promise<Diagnosis> {
  try {
    return diagnose(await machine.evidence.collectAll(tools));
  } catch {
    try {
      return diagnose(machine.evidence.collectRegistry());
    } catch (e) {
      return diagnose({
        machine: { name: machine.name },
        registry: {},
        unavailable: [{ what: 'registry', reason: `could not be read after the fix: ${failureText(e)}` }],
      });
    }
  }
}

/**
 * Restores a backup and reads every value back; the journal is closed only when all of it holds.
 * Not cancellable: it is what undoes a cancelled or failed write.
 */
async function restoreAndVerify(
  ctx: EngineContext,
  backup: StoredBackup,
  step: (s: EngineStep) => void,
): Promise<{ restoreError?: string; verification: VerificationLine[]; complete: boolean }> {
  let restoreError: string | undefined;
  try {
    await restore(ctx.machine, backup.content, step);
  } catch (e) {
    restoreError = failureText(e);
  }
  step({ phase: 'verify', message: 'reading every restored value back' });
  const verification = await verifyBackup(ctx.machine, backup.content, {});
  const complete = restoreError === undefined && verification.every((v) => v.ok);
  if (complete) ctx.journal.finish();
  return { ...(restoreError !== undefined ? { restoreError } : {}), verification, complete };
}

async function rollBackAfterFailure(
  ctx: EngineContext,
  backup: StoredBackup,
  failure: string,
  step: (s: EngineStep) => void,
  verificationBefore: readonly VerificationLine[] = [],
): Promise<ApplyOutcome> {
  step({ phase: 'rollback', message: `${failure} — restoring the backup ${backup.id}` });
  const { restoreError, verification, complete } = await restoreAndVerify(ctx, backup, step);
  ctx.store.writeRun({
    format: 'fipsfix-run/1',
    backupId: backup.id,
    operation: 'apply',
    ...runStamp(ctx),
    outcome: complete ? 'rolled-back' : 'rollback-incomplete',
    message: failure + (restoreError ? `; restoring also failed: ${restoreError}` : ''),
    verification: [...verificationBefore, ...verification],
  });
  return complete
    ? { kind: 'rolled-back', backup: ref(backup), failure, verification }
    : {
        kind: 'rollback-incomplete',
        backup: ref(backup),
        failure: `${failure}; restoring the backup ${restoreError ? `failed: ${restoreError}` : 'left values that differ'}`,
        verification,
      };
}

export async function rollback(ctx: EngineContext, idOrPath: string): Promise<RollbackOutcome> {
  let backup: StoredBackup;
  try {
    backup = ctx.store.read(idOrPath);
  } catch (e) {
    if (e instanceof BackupRefused)
      return { kind: 'refused', reasons: [`${e.message}. Nothing was changed.`] };
    throw e;
  }
  return rollbackStored(ctx, backup);
}

/** Restores a backup already read and checked (schema, hash, allow-list). */
export async function rollbackStored(ctx: EngineContext, backup: StoredBackup): Promise<RollbackOutcome> {
  const step = ctx.onStep ?? (() => undefined);
  const now = ctx.now ?? (() => new Date());
  if (backup.authenticity !== 'verified') {
    // Only its hash was checked (the key could not be read here): never restored on that alone.
    return {
      kind: 'refused',
      reasons: [
        `${backup.file} could not be verified: this machine's backup key can be read only by administrators. Restore it from an elevated prompt. Nothing was changed.`,
      ],
    };
  }
  if (backup.content.machine.toUpperCase() !== ctx.machine.name.toUpperCase()) {
    return {
      kind: 'refused',
      reasons: [
        `${backup.file} is a backup of ${backup.content.machine}, not of ${ctx.machine.name}. Nothing was changed.`,
      ],
    };
  }
  step({ phase: 'verify', message: `comparing the machine with backup ${backup.id}` });
  const before = await verifyBackup(ctx.machine, backup.content, { signal: ctx.signal });
  if (before.every((v) => v.ok)) {
    // An interrupted run that never changed anything: nothing to restore, its journal is settled.
    const j = ctx.journal.read();
    if (j.kind === 'interrupted' && j.entry.backupId === backup.id) ctx.journal.finish();
    return { kind: 'already-restored', backup: ref(backup) };
  }

  ctx.journal.begin(
    {
      operation: 'rollback',
      backupId: backup.id,
      backupFile: backup.file,
      machine: ctx.machine.name,
      startedAt: now().toISOString(),
    },
    ['restore the backup'],
  );
  ctx.journal.mark(0, 'started');
  const { restoreError, verification, complete: ok } = await restoreAndVerify(ctx, backup, step);
  // What the server is after the rollback, read again: the report's headline rests on it, not on the
  // assumption that restoring the values restores the diagnosis.
  const diagnosisAfter = ok ? await diagnosisAfterFix(ctx.machine, { signal: ctx.signal }) : undefined;
  ctx.store.writeRun({
    format: 'fipsfix-run/1',
    backupId: backup.id,
    operation: 'rollback',
    ...runStamp(ctx),
    outcome: ok ? 'restored' : 'rollback-incomplete',
    message: ok
      ? `restored ${counted(backup.content.values.length, 'value')} from ${backup.id}`
      : `restoring failed: ${restoreError ?? 'values differ'}`,
    verification,
    ...(diagnosisAfter ? { diagnosisAfter } : {}),
  });
  return ok
    ? { kind: 'restored', backup: ref(backup), verification }
    : {
        kind: 'rollback-incomplete',
        backup: ref(backup),
        failure: restoreError ?? 'some values differ from the backup after restoring',
        verification,
      };
}

/** The check no peer tool makes: refresh policy as Windows would, then diagnose again. */
export async function verifyAfterRefresh(
  ctx: EngineContext,
  backupId: string | undefined,
): Promise<{ refresh: PolicyRefreshOutcome; diagnosis: Diagnosis }> {
  const step = ctx.onStep ?? (() => undefined);
  step({ phase: 'refresh', message: 'gpupdate /target:computer /force (reapplies security settings too)' });
  const tools: ToolOptions = { signal: ctx.signal };
  const refresh = await ctx.machine.policy.refreshPolicy(tools);
  const diagnosis = diagnose(await ctx.machine.evidence.collectAll(tools));
  if (backupId) {
    const run = ctx.store.readRun(backupId, 'apply');
    if (run) {
      const record: RunRecord = {
        ...run,
        afterRefresh: {
          checkedAt: (ctx.now ?? (() => new Date()))().toISOString(),
          ok: refresh.ran && !diagnosis.blocksRemoteAssistance,
          message: refresh.ran ? diagnosis.summary : `no policy refresh: ${refresh.reason}`,
        },
      };
      ctx.store.writeRun(record);
    }
  }
  return { refresh, diagnosis };
}
