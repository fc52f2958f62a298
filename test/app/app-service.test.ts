// The app's service over a machine whose policy sources are slow (gpresult takes seconds on a real
// server): the registry's verdict comes at once and does not wait for them. The machine is the
// simulated one; only its collectAll is slowed, which is the behaviour under test.
import { listenerLine } from '../../src/core/words/listeners';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AppService } from '../../src/app/app-service';
import { openSimulated } from '../../src/app/machine-choice';
import { changeViaWords } from '../../src/core/words/method';
import { sameMethodWords, sourceWords } from '../../src/core/words/source';
import { verdictHeadline } from '../../src/core/words/verdict';
import { contract } from '../../src/ipc/contract';
import { BUILT_IN_SCENARIOS } from '../../src/machine/simulated/built-in-scenarios';
import { spawnRunner } from '../../src/machine/windows/process-runner';

describe('the app service', () => {
  it('answers a registry-only diagnosis at once while the policy sources are still being read', async () => {
    const env = { ...process.env, FIPSFIX_DATA_DIR: mkdtempSync(join(tmpdir(), 'fipsfix-svc-')) };
    const choice = openSimulated('fips-domain-gpo', false, env);
    const machine = choice.machine;
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    const slowed = {
      ...choice,
      machine: {
        name: machine.name,
        description: machine.description,
        registry: machine.registry,
        policy: machine.policy,
        evidence: {
          collectRegistry: () => machine.evidence.collectRegistry(),
          collectAll: async () => {
            await slow;
            return machine.evidence.collectAll();
          },
        },
      },
    };
    const service = new AppService({ choice: slowed, saveReport: () => Promise.resolve(undefined) });

    const full = service.diagnose({ sources: 'all' });
    const t0 = Date.now();
    const quick = await service.diagnose({ sources: 'registry' });
    assert.ok(Date.now() - t0 < 200, 'the registry verdict does not wait for the policy sources');
    assert.equal(quick.ok && quick.value.sources, 'registry');
    // From the registry alone the FIPS option is on, but who set it is not known yet.
    assert.deepEqual(quick.ok ? quick.value.diagnosis.causes.map((c) => c.source) : [], ['unknown']);

    release();
    const done = await full;
    assert.equal(done.ok && done.value.sources, 'all');
    assert.deepEqual(done.ok ? done.value.diagnosis.causes.map((c) => [c.source, c.gpo?.name]) : [], [
      ['domain-group-policy', 'Fabrikam Member Server Security'],
    ]);
  });

  it('keeps answering while a tool runs, and closing the window (cancelRunningTools) kills the tool', async () => {
    const env = { ...process.env, FIPSFIX_DATA_DIR: mkdtempSync(join(tmpdir(), 'fipsfix-svc-')) };
    const choice = openSimulated('fips-domain-gpo', false, env);
    const machine = choice.machine;
    let tool: Awaited<ReturnType<typeof spawnRunner.run>> | undefined;
    // A real child process stands in for a slow gpresult: 30 s unless it is stopped.
    const withSlowTool = {
      ...choice,
      machine: {
        ...machine,
        name: machine.name,
        description: machine.description,
        evidence: {
          collectRegistry: () => machine.evidence.collectRegistry(),
          collectAll: async (options?: { signal?: AbortSignal | undefined }) => {
            tool = await spawnRunner.run(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], {
              timeoutMs: 60_000,
              signal: options?.signal,
            });
            return machine.evidence.collectAll();
          },
        },
      },
    };
    const service = new AppService({ choice: withSlowTool, saveReport: () => Promise.resolve(undefined) });
    const t0 = Date.now();
    const full = service.diagnose({ sources: 'all' });
    const quick = await service.diagnose({ sources: 'registry' });
    assert.ok(quick.ok && Date.now() - t0 < 1000, 'the registry verdict came while the tool ran');
    await new Promise((resolve) => setTimeout(resolve, 300));
    service.cancelRunningTools();
    await full;
    assert.ok(Date.now() - t0 < 10_000, `the tool was stopped (${Date.now() - t0} ms), not waited for`);
    assert.equal(tool?.error?.code, 'ABORT_ERR');
  });

  it("sends the window the core's words, one per cause and per change, and the contract holds them to that", async () => {
    for (const scenario of Object.keys(BUILT_IN_SCENARIOS)) {
      const env = { ...process.env, FIPSFIX_DATA_DIR: mkdtempSync(join(tmpdir(), 'fipsfix-svc-')) };
      const service = new AppService({
        choice: openSimulated(scenario, false, env),
        saveReport: () => Promise.resolve(undefined),
      });
      const diagnosed = await service.diagnose({ sources: 'all' });
      assert.ok(diagnosed.ok, scenario);
      const { diagnosis, words } = diagnosed.value;
      assert.equal(contract.diagnose.result.safeParse(diagnosed).success, true, scenario);
      assert.equal(words.verdict, verdictHeadline(diagnosis.verdict, diagnosis.causes), scenario);
      assert.deepEqual(
        words.causes.map((w) => [w.setBy, w.method]),
        diagnosis.causes.map((c) => [sourceWords(c), sameMethodWords(c)]),
        scenario,
      );
      // Each listener's level, security layer and NLA, said once by the core for the console and the window.
      assert.deepEqual(words.listeners, (diagnosis.listeners ?? []).map(listenerLine), scenario);
      if (diagnosis.listeners && diagnosis.listeners.length > 0) {
        const oneListenerShort = {
          ...diagnosed,
          value: { ...diagnosed.value, words: { ...words, listeners: words.listeners.slice(1) } },
        };
        assert.equal(contract.diagnose.result.safeParse(oneListenerShort).success, false, scenario);
      }
      assert.equal(words.sessionCollection !== null, diagnosis.sessionCollection !== undefined, scenario);
      // Words for another diagnosis (one cause short) do not pass main's end of the contract.
      if (diagnosis.causes.length > 0) {
        const short = {
          ...diagnosed,
          value: { ...diagnosed.value, words: { ...words, causes: words.causes.slice(1) } },
        };
        assert.equal(contract.diagnose.result.safeParse(short).success, false, scenario);
      }

      const planned = await service.plan({ rdpLevel: 3, confirmLow: false });
      assert.ok(planned.ok, scenario);
      assert.equal(contract.plan.result.safeParse(planned).success, true, scenario);
      const { plan, changeWords } = planned.value;
      assert.deepEqual(
        changeWords.map((w) => w.via),
        plan.kind === 'changes' ? plan.changes.map(changeViaWords) : [],
        scenario,
      );
      // Another listener's cause and change are named by that listener, not by RDP-Tcp.
      if (scenario === 'listener-3390-fips') {
        assert.match(words.causes.map((w) => w.method).join(' '), /RDP-Tcp-3390 connection itself/);
        assert.deepEqual(
          changeWords.map((w) => w.via),
          ["the RDP-Tcp-3390 connection's own value"],
        );
      }
    }
  });
});

describe("the app service: the window's targets, Low, the rollback in words, instructions and files", () => {
  const fresh = (): NodeJS.ProcessEnv => ({
    ...process.env,
    FIPSFIX_DATA_DIR: mkdtempSync(join(tmpdir(), 'fipsfix-svc-')),
  });
  const EVIDENCE = join(__dirname, '..', 'fixtures', 'shared-evidence', 'listener-fips');

  it('opens a built-in machine and an evidence folder; refuses this machine off Windows, and every write for a folder', async () => {
    const env = fresh();
    const saved: string[] = [];
    const service = new AppService({
      choice: openSimulated('rdp-tcp-fips', false, env),
      targets: { thisMachine: false, env },
      saveReport: (name) => {
        saved.push(name);
        return Promise.resolve(join(env['FIPSFIX_DATA_DIR'] ?? '', name));
      },
    });
    const t = service.targets();
    assert.ok(t.ok && t.value.builtIn.some((m) => m.name === 'fips-domain-gpo'));
    assert.equal(t.ok && t.value.thisMachine, false);
    const refused = await service.openTarget({ kind: 'this-machine' });
    assert.equal(refused.ok ? undefined : refused.error.code, 'NotAMachine');

    const gpo = await service.openTarget({ kind: 'built-in', name: 'fips-domain-gpo' });
    assert.deepEqual(gpo.ok && gpo.value, {
      kind: 'simulated',
      name: 'APP-TS04',
      origin: 'simulated machine "fips-domain-gpo"',
    });
    const d = await service.diagnose({ sources: 'all' });
    assert.equal(d.ok && d.value.target.name, 'APP-TS04');
    assert.doesNotMatch(d.ok ? d.value.origin : '', /--machine/);
    // The domain administrator's instructions: what `fipsfix export --as gpo-instructions` writes.
    const text = await service.gpoInstructions();
    assert.match(text.ok ? (text.value.text ?? '') : '', /^# What to ask the domain administrator for/);
    const ask = d.ok ? d.value.words.causes[0]?.ask : null;
    assert.equal(ask?.change, 'Disabled');
    assert.equal(ask?.gpo.id, '{0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0}');
    const file = await service.saveGpoInstructions();
    assert.deepEqual(saved, ['fipsfix-gpo-instructions-APP-TS04.md']);
    // Only a file it saved itself is opened (here there is no shell to open it with).
    assert.deepEqual(await service.openFile({ file: file.ok && file.value.saved ? file.value.file : '' }), {
      ok: true,
      value: { opened: false },
    });

    const folder = await service.openTarget({ kind: 'evidence-folder', path: EVIDENCE });
    assert.equal(folder.ok && folder.value.kind, 'evidence');
    const fromFolder = await service.diagnose({ sources: 'registry' });
    assert.equal(fromFolder.ok && fromFolder.value.diagnosis.verdict, 'blocked');
    assert.match(
      fromFolder.ok ? (fromFolder.value.words.causes[0]?.elsewhere ?? '') : '',
      /Run FipsFix on that server/,
    );
    for (const r of [await service.plan({ rdpLevel: 3, confirmLow: false }), service.listBackups()])
      assert.equal(r.ok ? undefined : r.error.code, 'NotAMachine');
    const missing = await service.openTarget({
      kind: 'evidence-folder',
      path: join(EVIDENCE, 'nothing-here'),
    });
    assert.equal(missing.ok ? undefined : missing.error.code, 'NotAMachine');
    const typed = await service.openTarget({ kind: 'machine-file', path: null });
    assert.match(typed.ok ? '' : typed.error.message, /Type the path first/);
  });

  it("a report's commands name the target open now, not the one the window started with", async () => {
    const env = fresh();
    const service = new AppService({
      choice: openSimulated('rdp-tcp-fips', false, env),
      commandTarget: { machine: 'rdp-tcp-fips' },
      targets: { thisMachine: false, env },
      saveReport: () => Promise.resolve(undefined),
    });
    const opened = await service.openTarget({ kind: 'built-in', name: 'fips-local-security-policy' });
    assert.ok(opened.ok);
    const plan = await service.plan({ rdpLevel: 3, confirmLow: false });
    const applied = await service.apply({ planId: (plan.ok && plan.value.planId) || '' });
    assert.ok(applied.ok && applied.value.kind === 'applied');
    const report = await service.report(applied.value.backup.id);
    assert.equal(
      report.commands?.rollback,
      `fipsfix rollback ${applied.value.backup.id} --machine fips-local-security-policy`,
    );
    assert.equal(
      report.commands?.verifyAfterRefresh,
      'fipsfix verify --after-refresh --machine fips-local-security-policy',
    );
  });

  it('Low without its second yes: the changes shown, no plan id; with it, a plan id', async () => {
    const service = new AppService({
      choice: openSimulated('rdp-tcp-fips', false, fresh()),
      saveReport: () => Promise.resolve(undefined),
    });
    const preview = await service.plan({ rdpLevel: 1, confirmLow: false });
    assert.ok(preview.ok);
    assert.equal(preview.value.planId, null);
    assert.equal(preview.value.awaitsLowConfirmation, true);
    assert.equal(preview.value.plan.kind === 'changes' && preview.value.plan.changes[0]?.after, 1);
    assert.deepEqual(
      preview.value.steps.map((s) => s.phase),
      ['recheck', 'backup', 'write', 'verify'],
    );
    const confirmed = await service.plan({ rdpLevel: 1, confirmLow: true });
    assert.match(confirmed.ok ? (confirmed.value.planId ?? '') : '', /^plan-[0-9a-f]{32}$/);
    assert.equal(confirmed.ok && confirmed.value.awaitsLowConfirmation, false);
  });

  it('says what a rollback will write back and what it means, before it runs', async () => {
    const service = new AppService({
      choice: openSimulated('fips-local-security-policy', false, fresh()),
      saveReport: () => Promise.resolve(undefined),
    });
    const plan = await service.plan({ rdpLevel: 3, confirmLow: false });
    const applied = await service.apply({ planId: (plan.ok && plan.value.planId) || '' });
    assert.equal(applied.ok && applied.value.kind, 'applied');
    const backupId = applied.ok && applied.value.kind === 'applied' ? applied.value.backup.id : '';
    const p = service.previewRollback({ backupId });
    assert.ok(p.ok);
    assert.deepEqual(
      p.value.values.map((v) => [v.now, v.after]),
      [['0 (Disabled)', '1 (Enabled)']],
    );
    assert.match(
      p.value.consequence,
      /goes back to 1 \(Enabled\): Remote Assistance and RDP clients from Windows 10 will be refused again/,
    );
    assert.match(p.value.takesEffect.join(' '), /restart Remote Desktop Services/);
  });
});
