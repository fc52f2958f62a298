// The wizard's reducer alone (renderer/wizard-state.ts), without a page: which step follows which,
// that an action out of place leaves the state as it was (the same object), and that Low needs its
// second yes before a plan for it can be applied. The values are written out as main would send
// them, their words made by the service's own window-words.ts; the page-level behaviour is
// test/renderer/wizard.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applicablePlanId,
  initialWizardState,
  isBusy,
  isReachable,
  planRequestOf,
  previousStep,
  reportBackupId,
  wizardReducer,
  type PlanRequest,
  type WizardAction,
  type WizardState,
} from '../../renderer/wizard-state';
import type {
  ApplyValue,
  BackupList,
  Cause,
  DiagnoseValue,
  Diagnosis,
  PlanValue,
  RollbackValue,
} from '../../renderer/ipc-values';
import { changeWords, diagnosisWords } from '../../src/app/window-words';
import { applySteps } from '../../src/core/words/engine-steps';
import { AFTER_FIX_DECISION } from '../../src/core/words/taking-effect';
import { progressRows } from '../../renderer/progress-rows';

const run = (state: WizardState, ...actions: WizardAction[]): WizardState =>
  actions.reduce(wizardReducer, state);

const rdpTcpCause = (over: Partial<Cause> = {}): Cause => ({
  id: 'rdp-tcp-encryption-level',
  setting: 'rdp-encryption-level',
  source: 'rdp-tcp-connection',
  method: 1,
  fixableLocally: true,
  registryValue:
    'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp\\MinEncryptionLevel',
  value: 4,
  valueLabel: '4 (FIPS Compliant)',
  forcesFipsNow: true,
  why: 'FIPS Compliant is the level in force.',
  evidence: [{ file: 'simulated machine', format: 'simulated-machine', location: 'RDP-Tcp', read: '4' }],
  remedy: { summary: 'Set MinEncryptionLevel to 3.', steps: [] },
  ...over,
});

const diagnosisWith = (causes: Cause[]): Diagnosis => ({
  format: 'fipsfix-diagnosis/1',
  machine: { name: 'APP-TS02' },
  verdict: causes.length > 0 ? 'blocked' : 'not-blocked',
  blocksRemoteAssistance: causes.length > 0,
  summary: causes.length > 0 ? 'Blocked.' : 'Not blocked.',
  effectiveLevel: { level: 4, label: '4 (FIPS Compliant)', decidedBy: 'rdp-tcp-encryption-level' },
  causes,
  notes: [],
  evidenceGaps: [],
  symptom: null,
});

const diagnosed = (causes: Cause[], sources: 'registry' | 'all' = 'all'): DiagnoseValue => ({
  diagnosis: diagnosisWith(causes),
  words: diagnosisWords(diagnosisWith(causes)),
  origin: 'simulated machine "rdp-tcp-fips"',
  simulated: true,
  target: { kind: 'simulated', name: 'APP-TS02', origin: 'simulated machine "rdp-tcp-fips"' },
  interrupted: null,
  sources,
});

const PLAN_ID = 'plan-0123456789abcdef0123456789abcdef';
const withWords = (
  v: Omit<PlanValue, 'changeWords' | 'steps' | 'awaitsLowConfirmation' | 'afterFix'>,
): PlanValue => ({
  ...v,
  changeWords: changeWords(v.plan),
  steps: applySteps(v.plan),
  awaitsLowConfirmation: false,
  afterFix: { ...AFTER_FIX_DECISION },
});
const changesPlan = (after: number): PlanValue =>
  withWords({
    planId: PLAN_ID,
    plan: {
      format: 'fipsfix-plan/1',
      kind: 'changes',
      changes: [
        {
          id: 'rdp-tcp-encryption-level',
          registryValue: 'MinEncryptionLevel',
          via: 'rdp-tcp-value',
          method: 1,
          before: 4,
          after,
          reason: 'changed where it was set',
        },
      ],
      warnings: [],
      refreshPolicyAfter: false,
      takesEffect: [{ what: 'New connections use it.', source: 'KB 811770' }],
    },
    backupDir: '/tmp/backups',
    backupValues: 'this value',
    writes: 'in-process',
  });
const refusedPlan: PlanValue = withWords({
  planId: null,
  plan: {
    format: 'fipsfix-plan/1',
    kind: 'refused',
    reasons: ['Choosing it needs an explicit confirmation.'],
  },
  backupDir: '/tmp/backups',
  backupValues: '',
  writes: 'in-process',
});

const BACKUP = { id: '20261125T120000Z-1a2b3c4d', file: 'b.json', regFile: 'b.reg', sha256: 'a'.repeat(64) };
const applied: ApplyValue = {
  kind: 'applied',
  backup: BACKUP,
  verification: [{ value: 'MinEncryptionLevel', expected: 'REG_DWORD 3', found: 'REG_DWORD 3', ok: true }],
  diagnosisAfter: diagnosisWith([]),
};
const restored: RollbackValue = { kind: 'restored', backup: BACKUP, verification: [] };
const backups: BackupList = { dir: '/tmp/backups', backups: [], unreadable: [] };
const failure = { code: 'Failed', message: 'It failed.', next: 'Try again.' } as const;

const planned = (request: PlanRequest, value: PlanValue): WizardAction => ({
  type: 'planMade',
  request,
  value,
});
const onConfirm = run(
  initialWizardState,
  { type: 'diagnosed', value: diagnosed([rdpTcpCause()]) },
  {
    type: 'go',
    to: 'confirm',
  },
);

describe('the wizard reducer: steps', () => {
  it('starts on the diagnosis, with only the server choice, the diagnosis and the backups reachable', () => {
    assert.equal(initialWizardState.step.kind, 'diagnosis');
    const reachable = (
      ['target', 'diagnosis', 'method', 'confirm', 'fix', 'verify', 'report', 'backups'] as const
    ).filter((k) => isReachable(initialWizardState, k));
    assert.deepEqual(reachable, ['target', 'diagnosis', 'backups']);
    assert.equal(wizardReducer(initialWizardState, { type: 'go', to: 'method' }), initialWizardState);
  });

  it("keeps the policy sources' diagnosis when the registry's quick one comes back after it", () => {
    const full = diagnosed([rdpTcpCause()], 'all');
    const s = run(initialWizardState, { type: 'diagnosed', value: full });
    assert.equal(wizardReducer(s, { type: 'diagnosed', value: diagnosed([], 'registry') }), s);
    const quickFirst = run(
      initialWizardState,
      { type: 'diagnosed', value: diagnosed([], 'registry') },
      { type: 'diagnosed', value: full },
    );
    assert.equal(quickFirst.diagnosis, full);
  });

  it('walks method → confirm → fix → verify → report → backups, each entered fresh', () => {
    let s = run(initialWizardState, { type: 'diagnosed', value: diagnosed([rdpTcpCause()]) });
    s = run(s, { type: 'go', to: 'method' });
    assert.deepEqual(s.step, { kind: 'method', plan: null, instructions: null, saving: false });
    assert.deepEqual(planRequestOf(s.step), { rdpLevel: 3, confirmLow: false });
    s = run(s, { type: 'go', to: 'confirm' });
    assert.deepEqual(s.step, { kind: 'confirm', level: 3, lowConfirmed: false, plan: null });
    s = run(s, planned({ rdpLevel: 3, confirmLow: false }, changesPlan(3)));
    assert.equal(applicablePlanId(s), PLAN_ID);
    assert.equal(isReachable(s, 'fix'), false, 'no fix step before a fix');

    s = run(s, { type: 'fixStarted' });
    assert.equal(s.step.kind, 'fix');
    assert.equal(isBusy(s), true);
    assert.equal(wizardReducer(s, { type: 'go', to: 'diagnosis' }), s, 'no step change while the fix runs');
    s = run(s, { type: 'progress', step: { phase: 'backup', message: 'backing up 1 value' } });
    s = run(s, { type: 'fixEnded', result: { ok: true, value: applied } });
    assert.equal(isBusy(s), false);
    assert.deepEqual(s.fix?.progress, [{ phase: 'backup', message: 'backing up 1 value' }]);
    assert.equal(s.fix?.outcome, applied);
    assert.equal(isReachable(s, 'verify'), true);

    s = run(s, { type: 'go', to: 'verify' }, { type: 'verifyStarted' });
    assert.equal(isBusy(s), true);
    const after = { ...diagnosed([]), refresh: { ran: true as const } };
    s = run(s, { type: 'verifyEnded', result: { ok: true, value: after } });
    assert.equal(s.verified, after);
    assert.equal(s.diagnosis, after, 'the verification is the newest reading of the server');

    s = run(s, { type: 'go', to: 'report' }, { type: 'exportStarted' });
    s = run(s, { type: 'exportEnded', result: { ok: true, value: { saved: false } } });
    assert.deepEqual(s.exported, { saved: false });
    assert.equal(reportBackupId(s), BACKUP.id);
    s = run(s, { type: 'go', to: 'backups' });
    assert.deepEqual(s.step, { kind: 'backups', list: null, asking: null, preview: null, exporting: null });
  });

  it('a domain GPO cause: the method step, but never the confirmation', () => {
    const gpo = rdpTcpCause({ source: 'domain-group-policy', fixableLocally: false });
    const s = run(
      initialWizardState,
      { type: 'diagnosed', value: diagnosed([gpo]) },
      { type: 'go', to: 'method' },
    );
    assert.equal(s.step.kind, 'method');
    assert.equal(wizardReducer(s, { type: 'go', to: 'confirm' }), s);
  });

  it('an error is shown until the next step is entered; a failed fix reaches no verification', () => {
    let s = run(onConfirm, planned({ rdpLevel: 3, confirmLow: false }, changesPlan(3)), {
      type: 'fixStarted',
    });
    s = run(s, { type: 'fixEnded', result: { ok: false, error: failure } });
    assert.deepEqual(s.error, failure);
    assert.equal(isReachable(s, 'verify'), false);
    s = run(s, { type: 'go', to: 'backups' });
    assert.equal(s.error, null);
  });

  it('a rollback: asked, started, its progress, then ended with the question closed', () => {
    let s = run(initialWizardState, { type: 'go', to: 'backups' }, { type: 'backupsListed', list: backups });
    assert.equal(
      wizardReducer(s, { type: 'rollbackStarted' }),
      s,
      'no rollback before the question is asked',
    );
    s = run(s, { type: 'rollbackAsked', backupId: BACKUP.id }, { type: 'rollbackStarted' });
    assert.equal(isBusy(s), true);
    assert.equal(wizardReducer(s, { type: 'rollbackStarted' }), s, 'no second rollback while one runs');
    s = run(s, { type: 'progress', step: { phase: 'restore', message: 'writing 1 value' } });
    s = run(s, { type: 'rollbackEnded', result: { ok: true, value: restored } });
    assert.deepEqual(s.step, {
      kind: 'backups',
      list: backups,
      asking: null,
      preview: null,
      exporting: null,
    });
    assert.equal(s.rollback?.outcome, restored);
    assert.equal(s.rollback?.progress.length, 1);
    assert.equal(reportBackupId(s), BACKUP.id, 'without a fix, the report describes the rollback');
  });
});

describe('the wizard reducer: actions out of place are ignored', () => {
  const cases: [string, WizardState, WizardAction][] = [
    [
      'a verification answer on the diagnosis',
      initialWizardState,
      { type: 'verifyEnded', result: { ok: false, error: failure } },
    ],
    [
      'an export that was never started',
      initialWizardState,
      { type: 'exportEnded', result: { ok: true, value: { saved: false } } },
    ],
    ['a fix end without a fix', onConfirm, { type: 'fixEnded', result: { ok: true, value: applied } }],
    ['a fix without a plan', onConfirm, { type: 'fixStarted' }],
    ['a level choice outside the confirmation', initialWizardState, { type: 'levelChosen', level: 1 }],
    ['a backups list outside the backups', onConfirm, { type: 'backupsListed', list: backups }],
    ['a rollback question outside the backups', onConfirm, { type: 'rollbackAsked', backupId: BACKUP.id }],
    [
      'a plan on the diagnosis',
      initialWizardState,
      planned({ rdpLevel: 3, confirmLow: false }, changesPlan(3)),
    ],
    ['a plan for another choice', onConfirm, planned({ rdpLevel: 2, confirmLow: false }, changesPlan(2))],
    ['progress with no run on screen', onConfirm, { type: 'progress', step: { phase: 'x', message: 'y' } }],
    [
      'a rollback end without a rollback',
      run(initialWizardState, { type: 'go', to: 'backups' }),
      { type: 'rollbackEnded', result: { ok: true, value: restored } },
    ],
  ];
  for (const [what, state, action] of cases)
    it(what, () => assert.equal(wizardReducer(state, action), state));
});

describe('Low (1) needs the second confirmation', () => {
  const low = run(onConfirm, { type: 'levelChosen', level: 1 });

  it('choosing Low asks for a plan without the confirmation, which cannot be applied', () => {
    assert.deepEqual(planRequestOf(low.step), { rdpLevel: 1, confirmLow: false });
    const s = run(low, planned({ rdpLevel: 1, confirmLow: false }, refusedPlan));
    assert.equal(applicablePlanId(s), null);
    assert.equal(wizardReducer(s, { type: 'fixStarted' }), s);
  });

  it('even a plan with an id is not applied for Low until it is confirmed', () => {
    const s = run(low, planned({ rdpLevel: 1, confirmLow: false }, changesPlan(1)));
    assert.equal(applicablePlanId(s), null);
    assert.equal(wizardReducer(s, { type: 'fixStarted' }), s);
  });

  it('confirmed, the plan for the confirmed choice is applied, and an older one never', () => {
    let s = run(low, { type: 'lowConfirmed', confirmed: true });
    assert.deepEqual(planRequestOf(s.step), { rdpLevel: 1, confirmLow: true });
    s = run(s, planned({ rdpLevel: 1, confirmLow: false }, refusedPlan));
    assert.equal(
      s.step.kind === 'confirm' && s.step.plan,
      null,
      'the answer for the unconfirmed choice is dropped',
    );
    s = run(s, planned({ rdpLevel: 1, confirmLow: true }, changesPlan(1)));
    assert.equal(applicablePlanId(s), PLAN_ID);
    // Back to High: the Low plan on screen is stale until High's own plan comes back.
    s = run(s, { type: 'levelChosen', level: 3 });
    assert.equal(applicablePlanId(s), null);
    assert.equal(wizardReducer(s, { type: 'fixStarted' }), s);
  });

  it('the confirmation exists only while Low is chosen, and leaving Low withdraws it', () => {
    assert.equal(wizardReducer(onConfirm, { type: 'lowConfirmed', confirmed: true }), onConfirm);
    const s = run(
      low,
      { type: 'lowConfirmed', confirmed: true },
      { type: 'levelChosen', level: 2 },
      {
        type: 'levelChosen',
        level: 1,
      },
    );
    assert.deepEqual(planRequestOf(s.step), { rdpLevel: 1, confirmLow: false });
  });
});

describe('the target, and readings of the server', () => {
  const targets = {
    current: { kind: 'simulated' as const, name: 'APP-TS02', origin: 'simulated machine "rdp-tcp-fips"' },
    builtIn: [
      { name: 'both-methods', description: 'Both.' },
      { name: 'fips-domain-gpo', description: 'A domain GPO.' },
    ],
    thisMachine: false,
    browse: false,
    openFiles: false,
  };
  const opened = { kind: 'evidence' as const, name: 'srv-01', origin: 'evidence folder /e/srv-01' };

  it('opening another target forgets the previous one, and drops its late answers', () => {
    let s = run(
      initialWizardState,
      { type: 'diagnosed', value: diagnosed([rdpTcpCause()]) },
      { type: 'targetsListed', targets },
      { type: 'go', to: 'target' },
    );
    assert.deepEqual(s.step, {
      kind: 'target',
      selection: { kind: 'built-in', name: 'both-methods' },
      opening: false,
    });
    s = run(s, { type: 'targetSelected', selection: { kind: 'evidence-folder', path: '/e/srv-01' } });
    s = run(s, { type: 'targetOpenStarted' });
    assert.equal(isBusy(s), true);
    assert.equal(wizardReducer(s, { type: 'targetSelected', selection: { kind: 'this-machine' } }), s);
    const before = s.generation;
    s = run(s, { type: 'targetOpenEnded', result: { ok: true, value: opened } });
    assert.equal(s.step.kind, 'diagnosis');
    assert.equal(s.diagnosis, null, 'nothing read about the previous target is shown');
    assert.equal(s.targets?.current, opened);
    assert.equal(s.generation, before + 1);
    const late = wizardReducer(s, {
      type: 'diagnosed',
      value: diagnosed([rdpTcpCause()]),
      generation: before,
    });
    assert.equal(late, s, "the previous target's answer is dropped");
  });

  it('a refused target keeps the choice on screen with the error', () => {
    const s = run(
      initialWizardState,
      { type: 'targetsListed', targets },
      { type: 'go', to: 'target' },
      { type: 'targetOpenStarted' },
      { type: 'targetOpenEnded', result: { ok: false, error: failure } },
    );
    assert.equal(s.step.kind, 'target');
    assert.deepEqual(s.error, failure);
    assert.equal(isBusy(s), false);
  });

  it('an evidence folder: the verdict and how to fix it, never the confirmation or the backups', () => {
    const fromFolder = { ...diagnosed([rdpTcpCause()]), target: opened };
    const s = run(initialWizardState, { type: 'diagnosed', value: fromFolder });
    assert.equal(isReachable(s, 'method'), true);
    assert.equal(isReachable(s, 'report'), true);
    assert.equal(isReachable(s, 'confirm'), false);
    assert.equal(isReachable(s, 'backups'), false);
  });

  it('each full reading counts, so the step on screen makes its plan again; the quick one does not', () => {
    let s = run(initialWizardState, { type: 'diagnosed', value: diagnosed([rdpTcpCause()], 'registry') });
    assert.equal(s.reads, 0);
    assert.equal(s.reading, true);
    s = run(s, { type: 'diagnosed', value: diagnosed([rdpTcpCause()]) });
    assert.equal(s.reads, 1);
    assert.equal(s.reading, false);
    s = run(s, { type: 'readStarted' }, { type: 'diagnosed', value: diagnosed([]) });
    assert.equal(s.reads, 2);
    assert.equal(s.diagnosis?.diagnosis.verdict, 'not-blocked', 'a change behind the window is shown');
  });

  it('Back goes to the reachable step before this one', () => {
    const s = run(onConfirm, { type: 'go', to: 'confirm' });
    assert.equal(previousStep(s), 'method');
    assert.equal(previousStep(run(onConfirm, { type: 'go', to: 'diagnosis' })), 'target');
    assert.equal(previousStep(run(onConfirm, { type: 'go', to: 'target' })), null);
  });

  it('the change ticket is kept as typed on the report step', () => {
    const s = run(
      onConfirm,
      { type: 'go', to: 'report' },
      { type: 'ticketChanged', field: 'changeId', value: 'CHG0012345' },
      { type: 'ticketChanged', field: 'approvedBy', value: 'CAB' },
    );
    assert.deepEqual(s.step.kind === 'report' && s.step.ticket, {
      changeId: 'CHG0012345',
      approvedBy: 'CAB',
    });
  });

  it('a rollback preview is kept only for the backup asked about', () => {
    const preview = {
      backupId: BACKUP.id,
      server: 'APP-TS02',
      values: [],
      consequence: 'FIPS goes back to Enabled.',
      takesEffect: [],
      writes: 'in-process' as const,
    };
    let s = run(initialWizardState, { type: 'go', to: 'backups' }, { type: 'backupsListed', list: backups });
    assert.equal(wizardReducer(s, { type: 'rollbackPreviewed', preview }), s, 'not asked: dropped');
    s = run(s, { type: 'rollbackAsked', backupId: BACKUP.id }, { type: 'rollbackPreviewed', preview });
    assert.equal(s.step.kind === 'backups' && s.step.preview, preview);
    s = run(s, { type: 'rollbackCancelled' });
    assert.equal(s.step.kind === 'backups' && s.step.preview, null);
  });
});

describe('the fix progress: the engine steps, each pending, running, done or failed', () => {
  const plan = changesPlan(3).steps;
  const states = (rows: ReturnType<typeof progressRows>): string[] => rows.map((r) => r.state);

  it('before and while it runs, in the order main named them', () => {
    assert.deepEqual(states(progressRows(plan, [], null)), ['pending', 'pending', 'pending', 'pending']);
    const running = progressRows(
      plan,
      [
        { phase: 'recheck', message: 'reading again' },
        { phase: 'backup', message: 'backing up 1 value' },
      ],
      null,
    );
    assert.deepEqual(states(running), ['done', 'running', 'pending', 'pending']);
    assert.equal(running[1]?.detail, 'backing up 1 value');
  });

  it('done: every step done', () => {
    assert.deepEqual(states(progressRows(plan, [{ phase: 'recheck', message: 'x' }], 'done')), [
      'done',
      'done',
      'done',
      'done',
    ]);
  });

  it('a failed write: that step failed, the undoing shown where it happened, the rest not run', () => {
    const rows = progressRows(
      plan,
      [
        { phase: 'recheck', message: 'reading again' },
        { phase: 'backup', message: 'backing up' },
        { phase: 'write', message: 'writing MinEncryptionLevel' },
        { phase: 'rollback', message: 'access denied — restoring the backup' },
      ],
      'stopped',
    );
    assert.deepEqual(states(rows), ['done', 'done', 'failed', 'done', 'not-run']);
    assert.equal(rows[3]?.what, 'access denied — restoring the backup');
  });

  it('refused at the re-check: the re-check failed, nothing else ran', () => {
    assert.deepEqual(states(progressRows(plan, [{ phase: 'recheck', message: 'x' }], 'stopped')), [
      'failed',
      'not-run',
      'not-run',
      'not-run',
    ]);
  });
});
