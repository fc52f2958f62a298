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
