// The app's log: every IPC call is logged with its verb, its duration and the kind of its outcome —
// never the data it carried — and a call that throws is logged with its stack while the window gets
// words. electron-log, which writes main's log file, stays out of the CLI's bundle.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AppService } from '../../src/app/app-service';
import { openSimulated } from '../../src/app/machine-choice';
import type { Verb } from '../../src/ipc/contract';
import { dispatch, type CallLog } from '../../main/dispatch';

const REPO = join(__dirname, '../..');

function recording(): CallLog & { calls: string[]; failures: { verb: Verb; error: unknown }[] } {
  const calls: string[] = [];
  const failures: { verb: Verb; error: unknown }[] = [];
  return {
    calls,
    failures,
    call: (verb, ms, outcome) => {
      assert.ok(Number.isInteger(ms) && ms >= 0, `a duration in ms: ${ms}`);
      calls.push(`${verb}: ${outcome}`);
    },
    failure: (verb, error) => failures.push({ verb, error }),
  };
}

describe('the IPC call log', () => {
  it('logs verb and outcome kind for each call, and nothing the call carried', async () => {
    const env = { ...process.env, FIPSFIX_DATA_DIR: mkdtempSync(join(tmpdir(), 'fipsfix-log-')) };
    const service = new AppService({
      choice: openSimulated('rdp-tcp-fips', false, env),
      saveReport: () => Promise.resolve(undefined),
    });
    const log = recording();
    const planned = await dispatch(service, 'plan', true, [{ rdpLevel: 3, confirmLow: false }], log);
    const planId = planned.ok && 'planId' in planned.value ? planned.value.planId : null;
    assert.ok(planId);
    await dispatch(service, 'apply', true, [{ planId }], log);
    await dispatch(service, 'apply', true, [{ planId }], log);
    await dispatch(service, 'diagnose', true, [{ sources: 'registry' }], log);
    await dispatch(service, 'listBackups', true, [], log);
    await dispatch(service, 'rollback', false, [{ backupId: '20250101T000000Z-0123abcd' }], log);
    assert.deepEqual(log.calls, [
      'plan: ok plan changes',
      'apply: ok applied',
      'apply: error PlanUnknown',
      'diagnose: ok not-blocked (registry)',
      'listBackups: ok 1 backup',
      'rollback: error UntrustedSender',
    ]);
    assert.ok(!log.calls.join('\n').includes(planId), 'the plan id is not logged');
    assert.deepEqual(log.failures, []);
  });

  it('logs a call that throws with its stack; the window gets words without it', async () => {
    const service = new Proxy({} as AppService, {
      get: () => () => {
        throw new Error('boom');
      },
    });
    const log = recording();
    const r = await dispatch(service, 'diagnose', true, [{ sources: 'all' }], log);
    assert.ok(!r.ok && r.error.code === 'Failed' && !r.error.message.includes(' at '));
    assert.equal(log.failures.length, 1);
    const e = log.failures[0]?.error;
    assert.ok(e instanceof Error && /boom/.test(e.stack ?? ''), 'the stack reaches the log');
    assert.deepEqual(log.calls, ['diagnose: error Failed']);
  });

  it('electron-log is in the app bundle only, never in the CLI (or the browser fallback)', () => {
    // Built by npm run build, which the test command runs first.
    assert.match(readFileSync(join(REPO, 'dist/main/main.js'), 'utf8'), /electron-log/);
    for (const bundle of ['dist/cli.cjs', 'dist/main/browser-server.cjs'])
      assert.doesNotMatch(readFileSync(join(REPO, bundle), 'utf8'), /electron-log/, bundle);
    assert.doesNotMatch(readFileSync(join(REPO, 'src/cli/main.ts'), 'utf8'), /main\/log|electron-log/);
  });
});
