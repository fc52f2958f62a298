// The UAC path up to the process boundary. Only sudo-prompt's prompt is replaced: the double runs
// the command line the real builder made, in a real shell, as sudo-prompt's batch file would once
// the administrator said yes — or answers as sudo-prompt does when they say no. The elevated side is
// the real CLI in its headless apply-plan / rollback-backup modes, on a simulated machine (the UAC
// prompt itself exists only on Windows).
import assert from 'node:assert/strict';
import { exec } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { diagnose } from '../../src/core/diagnose';
import { planRemediation } from '../../src/core/plan';
import {
  applyThroughElevatedStep,
  rollbackThroughElevatedStep,
  type ElevationDeps,
} from '../../src/app/elevated-step';
import { openSimulated } from '../../src/app/machine-choice';
import { elevatedCommandFor, runElevated, type SudoExec } from '../../src/machine/windows/elevated-command';

const BIN = join(__dirname, '../../bin/fipsfix.cjs');

/** sudo-prompt's exec with the prompt answered yes: the command runs in a shell, as its batch file would. */
const acceptingPrompt: SudoExec = (command, _options, callback) => {
  exec(command, { env: process.env }, (error, stdout, stderr) =>
    callback(error ?? undefined, stdout, stderr),
  );
};
/** sudo-prompt's exec when the prompt is declined: its own error message, and nothing runs. */
const decliningPrompt: SudoExec = (_command, _options, callback) =>
  callback(new Error('User did not grant permission.'));

function deps(machine: string, pendingDir: string, prompt: SudoExec, seen: string[] = []): ElevationDeps {
  return {
    commandFor: (mode, file, sha256) =>
      elevatedCommandFor(mode, file, sha256, {
        paths: path.posix,
        executable: process.execPath,
        script: BIN,
        pendingDir,
        simulatedMachine: machine,
      }),
    run: (command) => {
      seen.push(command);
      return runElevated(command, { name: 'FipsFix' }, prompt);
    },
  };
}

describe('the elevated step (prompt replaced, everything else real)', () => {
  let data: string;
  const saved = { ...process.env };
  beforeEach(() => {
    data = mkdtempSync(join(tmpdir(), 'fipsfix-uac-'));
    process.env['FIPSFIX_DATA_DIR'] = data;
    process.env['NODE_OPTIONS'] = '';
  });
  afterEach(() => {
    // Key by key: os.tmpdir() reads the real environment, which a replaced process.env object no longer reaches.
    for (const k of ['FIPSFIX_DATA_DIR', 'NODE_OPTIONS', 'TMPDIR']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  async function planOf(machine: string) {
    const c = openSimulated(machine, false);
    const plan = planRemediation(diagnose(await c.machine.evidence.collectAll()));
    assert.equal(plan.kind, 'changes');
    return { c, plan };
  }

  it('apply through one elevated process: only the file path and its SHA-256 are on the command line', async () => {
    const { c, plan } = await planOf('both-methods');
    const seen: string[] = [];
    const outcome = await applyThroughElevatedStep(
      c,
      plan,
      deps('both-methods', join(data, 'pending'), acceptingPrompt, seen),
    );
    assert.equal(outcome.kind, 'applied', JSON.stringify(outcome));
    assert.equal(seen.length, 1, 'one prompt');
    assert.match(
      seen[0] ?? '',
      /^"[^"]+" "[^"]+fipsfix\.cjs" apply-plan --plan "[^"]+plan\.json" --sha256 [0-9a-f]{64} --machine "both-methods"$/,
    );
    assert.doesNotMatch(seen[0] ?? '', /HKLM|MinEncryptionLevel|FIPSAlgorithmPolicy/i);
    if (outcome.kind === 'applied')
      assert.ok(
        outcome.verification.some((v) => v.value.includes('read again, unelevated') && v.ok),
        JSON.stringify(outcome.verification),
      );
    assert.equal(
      diagnose(await openSimulated('both-methods', false).machine.evidence.collectAll())
        .blocksRemoteAssistance,
      false,
    );

    const back = await rollbackThroughElevatedStep(
      c,
      outcome.kind === 'applied' ? outcome.backup.id : '',
      deps('both-methods', join(data, 'pending'), acceptingPrompt),
    );
    assert.equal(back.kind, 'restored', JSON.stringify(back));
  });

  it("only a backup in FipsFix's own folder is restored through the prompt", async () => {
    const { c, plan } = await planOf('rdp-tcp-fips');
    const applied = await applyThroughElevatedStep(
      c,
      plan,
      deps('rdp-tcp-fips', join(data, 'pending'), acceptingPrompt),
    );
    assert.equal(applied.kind, 'applied');
    const elsewhere = join(data, 'copied-backup.json');
    writeFileSync(elsewhere, readFileSync(applied.kind === 'applied' ? applied.backup.file : ''));
    const seen: string[] = [];
    const outcome = await rollbackThroughElevatedStep(
      c,
      elsewhere,
      deps('rdp-tcp-fips', join(data, 'pending'), acceptingPrompt, seen),
    );
    assert.equal(outcome.kind, 'refused');
    assert.match(
      outcome.kind === 'refused' ? (outcome.reasons[0] ?? '') : '',
      /not in FipsFix's backup folder/,
    );
    assert.deepEqual(seen, [], 'no prompt was shown');
  });

  it('a declined UAC prompt: refused, nothing changed', async () => {
    const { c, plan } = await planOf('rdp-tcp-fips');
    const before = openSimulated('rdp-tcp-fips', false).machine.registry.readValue(
      'rdp-tcp-encryption-level',
    );
    const outcome = await applyThroughElevatedStep(
      c,
      plan,
      deps('rdp-tcp-fips', join(data, 'pending'), decliningPrompt),
    );
    assert.deepEqual(outcome, {
      kind: 'refused',
      reasons: ['The UAC prompt was declined (or timed out): nothing was changed.'],
    });
    assert.deepEqual(
      openSimulated('rdp-tcp-fips', false).machine.registry.readValue('rdp-tcp-encryption-level'),
      before,
    );
  });

  for (const hostile of [
    'with space',
    'quote"d',
    'amp&calc',
    'pct%PATH%',
    'caret^x',
    "apos'x",
    'bang!x',
    '中文路径',
  ]) {
    it(`a temp folder named ${JSON.stringify(hostile)}: the plan is moved to a safe path, never injected`, async () => {
      const tmp = join(data, hostile);
      mkdirSync(tmp);
      process.env['TMPDIR'] = tmp;
      const { c, plan } = await planOf('rdp-tcp-fips');
      const seen: string[] = [];
      const pending = join(data, 'pending');
      const outcome = await applyThroughElevatedStep(
        c,
        plan,
        deps('rdp-tcp-fips', pending, acceptingPrompt, seen),
      );
      assert.equal(outcome.kind, 'applied', JSON.stringify(outcome));
      const planArg = /--plan "([^"]+)"/.exec(seen[0] ?? '')?.[1] ?? '';
      if (hostile === 'with space') assert.ok(planArg.startsWith(tmp), 'a space is safe inside quotes');
      else assert.ok(planArg.startsWith(pending) && !planArg.includes(hostile), `moved: ${planArg}`);
      const left = existsSync(pending)
        ? readdirSync(pending, { withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e) => e.name)
        : [];
      assert.deepEqual(left, [], 'the copy is removed afterwards');
    });
  }
});

describe('an unknown source, unelevated: the elevated step reads the sources and decides', () => {
  const saved = { ...process.env };
  let data: string;
  beforeEach(() => {
    data = mkdtempSync(join(tmpdir(), 'fipsfix-uac-unknown-'));
    process.env['FIPSFIX_DATA_DIR'] = data;
    process.env['NODE_OPTIONS'] = '';
  });
  afterEach(() => {
    for (const k of ['FIPSFIX_DATA_DIR', 'NODE_OPTIONS']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  async function unelevatedPlan(machine: string) {
    const c = openSimulated(machine, false);
    const d = diagnose(await c.machine.evidence.collectAll());
    assert.deepEqual(
      d.causes.map((x) => x.source),
      ['unknown'],
      'unelevated, who set it is not known',
    );
    const plan = planRemediation(d, { elevatedStepDecidesUnknown: true });
    assert.equal(plan.kind, 'changes');
    assert.deepEqual(plan.kind === 'changes' ? plan.changes.map((x) => [x.via, x.before, x.after]) : [], [
      ['decided-when-elevated', 1, 0],
    ]);
    return { c, plan };
  }

  it('local security policy, read elevated: fixed by that method, in one elevated process', async () => {
    const { c, plan } = await unelevatedPlan('fips-unelevated-gpresult');
    const outcome = await applyThroughElevatedStep(
      c,
      plan,
      deps('fips-unelevated-gpresult', join(data, 'pending'), acceptingPrompt),
    );
    assert.equal(outcome.kind, 'applied', JSON.stringify(outcome));
    const backup = JSON.parse(
      readFileSync(outcome.kind === 'applied' ? outcome.backup.file : '', 'utf8'),
    ) as { content: { plan: { changes: { via: string }[] } } };
    assert.deepEqual(
      backup.content.plan.changes.map((x) => x.via),
      ['local-security-policy'],
      'the backup records the method actually used',
    );
  });

  /** rdp-tcp-fips with gpresult run unelevated, and optionally a domain GPO registry item writing RDP-Tcp's 4. */
  function rdpTcpUnelevated(name: string, domainItem: boolean): string {
    const m = JSON.parse(
      readFileSync(join(__dirname, '../../src/machine/simulated/scenarios/rdp-tcp-fips.json'), 'utf8'),
    ) as { tools?: unknown; domainGpos?: unknown[] };
    m.tools = { gpresult: 'unelevated', secedit: 'available' };
    if (domainItem)
      m.domainGpos = [
        ...(m.domainGpos ?? []),
        {
          id: '{5D1A7E3C-9B20-4C6F-A8E4-1F0B2D9C7A65}',
          name: 'Fabrikam RDS Listener Lockdown',
          linkedAt: 'fabrikam.local/Servers',
          registryItems: [
            {
              key: 'SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
              name: 'MinEncryptionLevel',
              data: 4,
            },
          ],
        },
      ];
    const file = join(data, name);
    writeFileSync(file, JSON.stringify(m));
    return file;
  }

  const rdpTcpLevelOf = (file: string) =>
    openSimulated(file, false).machine.registry.readValue('rdp-tcp-encryption-level');

  async function unelevatedListenerPlan(file: string) {
    const c = openSimulated(file, false);
    const d = diagnose(await c.machine.evidence.collectAll());
    assert.deepEqual(
      d.causes.map((x) => [x.id, x.source]),
      [['rdp-tcp-encryption-level', 'unknown']],
      'unelevated, a GPO writing the listener is not ruled out',
    );
    const plan = planRemediation(d, { elevatedStepDecidesUnknown: true });
    if (plan.kind !== 'changes') throw new Error(`expected changes, got ${JSON.stringify(plan)}`);
    assert.deepEqual(
      plan.changes.map((x) => [x.via, x.before, x.after]),
      [['decided-when-elevated', 4, 3]],
    );
    return { c, plan };
  }

  it("RDP-Tcp's 4, no GPO writes it (read elevated): its own value is written, in one elevated process", async () => {
    const file = rdpTcpUnelevated('rdp-tcp-unelevated.json', false);
    const { c, plan } = await unelevatedListenerPlan(file);
    const outcome = await applyThroughElevatedStep(
      c,
      plan,
      deps(file, join(data, 'pending'), acceptingPrompt),
    );
    assert.equal(outcome.kind, 'applied', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'applied' && outcome.verification.every((v) => v.ok));
    assert.deepEqual(rdpTcpLevelOf(file), { exists: true, type: 'REG_DWORD', data: 3 });
  });

  it("RDP-Tcp's 4 written by a domain GPO registry item (read elevated): refused, the GPO named, nothing changed", async () => {
    const file = rdpTcpUnelevated('rdp-tcp-domain-item.json', true);
    const { c, plan } = await unelevatedListenerPlan(file);
    const outcome = await applyThroughElevatedStep(
      c,
      plan,
      deps(file, join(data, 'pending'), acceptingPrompt),
    );
    assert.equal(outcome.kind, 'refused', JSON.stringify(outcome));
    assert.match(
      outcome.kind === 'refused' ? outcome.reasons.join(' ') : '',
      /Fabrikam RDS Listener Lockdown/,
    );
    assert.deepEqual(rdpTcpLevelOf(file), { exists: true, type: 'REG_DWORD', data: 4 });
  });

  it('an install folder others can change: refused before any prompt, nothing changed', async () => {
    const c = openSimulated('rdp-tcp-fips', false);
    const plan = planRemediation(diagnose(await c.machine.evidence.collectAll()));
    assert.equal(plan.kind, 'changes');
    if (plan.kind !== 'changes') return;
    const seen: string[] = [];
    const checked: (readonly string[])[] = [];
    const outcome = await applyThroughElevatedStep(c, plan, {
      ...deps('rdp-tcp-fips', join(data, 'pending'), acceptingPrompt, seen),
      installProblem: (programs) => {
        checked.push(programs);
        return Promise.resolve('FipsFix\\FipsFix.exe can be changed by Users (rights 0x1301bf)');
      },
    });
    assert.equal(outcome.kind, 'refused');
    assert.match(
      outcome.kind === 'refused' ? (outcome.reasons[0] ?? '') : '',
      /can be changed by Users.*Nothing was changed/,
    );
    assert.deepEqual(checked, [[process.execPath, BIN]], 'the executable and the script are checked');
    assert.deepEqual(seen, [], 'no prompt');
    assert.equal(
      diagnose(await openSimulated('rdp-tcp-fips', false).machine.evidence.collectAll())
        .blocksRemoteAssistance,
      true,
    );
  });

  it('a domain GPO, read elevated: refused, nothing changed', async () => {
    const m = JSON.parse(
      readFileSync(join(__dirname, '../../src/machine/simulated/scenarios/fips-domain-gpo.json'), 'utf8'),
    ) as Record<string, unknown>;
    m['tools'] = { gpresult: 'unelevated', secedit: 'available' };
    const file = join(data, 'domain-unelevated.json');
    writeFileSync(file, JSON.stringify(m));
    const { c, plan } = await unelevatedPlan(file);
    const outcome = await applyThroughElevatedStep(
      c,
      plan,
      deps(file, join(data, 'pending'), acceptingPrompt),
    );
    assert.equal(outcome.kind, 'refused', JSON.stringify(outcome));
    assert.match(
      outcome.kind === 'refused' ? outcome.reasons.join(' ') : '',
      /Fabrikam Member Server Security/,
    );
    assert.deepEqual(openSimulated(file, false).machine.registry.readValue('fips-algorithm-policy'), {
      exists: true,
      type: 'REG_DWORD',
      data: 1,
    });
  });
});
