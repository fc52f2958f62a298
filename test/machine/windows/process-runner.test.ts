// The real runner, with real child processes (this machine's node): it must not block the event loop
// while a tool runs (the Electron main process answers the window meanwhile), and a caller must be
// able to stop a tool, by timeout or by cancelling.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runProblem, spawnRunner } from '../../../src/machine/windows/process-runner';

const node = process.execPath;
const elapsedSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

describe('the process runner', () => {
  it('does not block: a timer set while a 1.5 s child runs fires on time', async () => {
    const start = process.hrtime.bigint();
    let timerFiredAfter: number | undefined;
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        timerFiredAfter = elapsedSince(start);
        resolve();
      }, 100),
    );
    const run = spawnRunner.run(node, ['-e', 'setTimeout(() => {}, 1500)'], { timeoutMs: 30_000 });
    await timer;
    const r = await run;
    const childTook = elapsedSince(start);
    assert.equal(r.status, 0, JSON.stringify(r));
    assert.ok(childTook >= 1400, `the child ran its 1.5 s (${childTook} ms)`);
    // spawnSync would have held the timer until the child ended, 1.5 s in.
    assert.ok(
      timerFiredAfter !== undefined && timerFiredAfter < 1000,
      `the 100 ms timer fired after ${timerFiredAfter} ms, while the child still ran`,
    );
  });

  it('returns the exit code and the output, decoded as the tools write it', async () => {
    const r = await spawnRunner.run(
      node,
      [
        '-e',
        // UTF-16LE with a BOM on stdout (as secedit and wevtutil can), UTF-8 on stderr, exit 3.
        "process.stdout.write(Buffer.concat([Buffer.from([0xff,0xfe]), Buffer.from('Überprüfung ok','utf16le')])); process.stderr.write('warnung ä'); process.exitCode = 3",
      ],
      { timeoutMs: 30_000 },
    );
    assert.deepEqual(r, { status: 3, stdout: 'Überprüfung ok', stderr: 'warnung ä' });
    assert.match(runProblem('secedit', r) ?? '', /^secedit exited with code 3: warnung ä/);
  });

  it('gives no input: a tool that waits for an answer reads end of input and goes on', async () => {
    const r = await spawnRunner.run(
      node,
      [
        '-e',
        "process.stdin.on('data', () => {}); process.stdin.on('end', () => process.stdout.write('eof'))",
      ],
      { timeoutMs: 10_000 },
    );
    assert.deepEqual(r, { status: 0, stdout: 'eof', stderr: '' });
  });

  it('cancelling kills the child at once and says it was cancelled', async () => {
    const controller = new AbortController();
    const start = process.hrtime.bigint();
    const run = spawnRunner.run(
      node,
      ['-e', 'process.stdout.write(String(process.pid)); setTimeout(() => {}, 30000)'],
      { timeoutMs: 60_000, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 300);
    const r = await run;
    assert.ok(elapsedSince(start) < 5000, `ended ${elapsedSince(start)} ms after start, not 30 s`);
    assert.equal(r.status, null);
    assert.equal(r.error?.code, 'ABORT_ERR');
    const pid = Number(r.stdout);
    assert.ok(pid > 0, 'the child had started');
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the child process is gone');
    assert.equal(runProblem('gpresult', r), 'gpresult was cancelled before it finished (FipsFix was closed)');
  });

  it('an already cancelled signal starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const marker = join(mkdtempSync(join(tmpdir(), 'fipsfix-runner-')), 'started');
    const r = await spawnRunner.run(
      node,
      ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`],
      {
        timeoutMs: 10_000,
        signal: controller.signal,
      },
    );
    assert.equal(r.error?.code, 'ABORT_ERR');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(existsSync(marker), false, 'no process ran');
  });

  it('stops a child at its timeout', async () => {
    const start = process.hrtime.bigint();
    const r = await spawnRunner.run(node, ['-e', 'setTimeout(() => {}, 30000)'], { timeoutMs: 300 });
    assert.ok(elapsedSince(start) < 5000);
    assert.equal(r.status, null);
    assert.equal(r.error?.code, 'ETIMEDOUT');
    assert.equal(runProblem('gpupdate', r), 'gpupdate did not finish in time and was stopped');
  });

  it('a program that does not exist is ENOENT, "not on this machine"', async () => {
    const r = await spawnRunner.run('/nonexistent/secedit.exe', [], { timeoutMs: 10_000 });
    assert.equal(r.status, null);
    assert.equal(r.error?.code, 'ENOENT');
    assert.equal(runProblem('secedit', r), 'secedit is not on this machine');
  });
});
