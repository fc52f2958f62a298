// Hostile files against the built CLI (issue 12, points 2, 4 and 5): what is at a path can neither
// hang FipsFix (a FIFO, a device, a FIFO swapped in after a check), nor exhaust its memory (sparse
// files, a gpresult of ten million elements, a folder over its caps), nor fool it into restoring a
// backup it did not write (a recomputed hash, a link in the store, another machine's backup). Every
// run is a child process with a timeout the harness enforces; peak memory is the child's own maxRSS.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../src/core/backup';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/fipsfix.cjs');
const SAMPLE = join(ROOT, 'test/fixtures/shared-evidence/fips-domain-gpo');
const POSIX = process.platform !== 'win32';
/** Any of these runs ends in well under a second; a hang is cut at this. */
const TIMEOUT_MS = 20_000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set size of the child, in MiB. */
  maxRssMiB: number;
}

function cli(args: string[], env: Record<string, string> = {}): Run {
  const rss = join(mkdtempSync(join(tmpdir(), 'fipsfix-rss-')), 'rss');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', join(ROOT, 'test/max-rss.cjs'), BIN, ...args], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    killSignal: 'SIGKILL',
    env: { ...process.env, NODE_OPTIONS: '', FIPSFIX_MAX_RSS_FILE: rss, ...env },
  });
  const ms = performance.now() - t0;
  let maxRssMiB = Number.NaN;
  try {
    maxRssMiB = Number(readFileSync(rss, 'utf8')) / 1024;
  } catch {
    // Killed: no figure.
  }
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms, maxRssMiB };
}

function finished(r: Run, what: string): void {
  assert.equal(r.signal, null, `${what} did not finish within ${TIMEOUT_MS} ms (killed)`);
}

/** The exit code of the untouched sample folder: a domain GPO sets FIPS, so nothing is fixable here. */
const SAMPLE_CODE = 2;

/** `node -e 0`'s peak RSS on this machine, the baseline the memory bounds are above. */
function baselineRssMiB(): number {
  const rss = join(mkdtempSync(join(tmpdir(), 'fipsfix-rss-')), 'rss');
  spawnSync(process.execPath, ['-r', join(ROOT, 'test/max-rss.cjs'), '-e', '0'], {
    env: { ...process.env, NODE_OPTIONS: '', FIPSFIX_MAX_RSS_FILE: rss },
  });
  return Number(readFileSync(rss, 'utf8')) / 1024;
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  assert.equal(r.status, 0, `mkfifo ${path}`);
}

function sampleFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fipsfix-hostile-'));
  for (const f of readdirSync(SAMPLE)) if (f !== 'expected.json') copyFileSync(join(SAMPLE, f), join(dir, f));
  return dir;
}

/** A sparse file: `size` bytes that take no room on disk (zeros), after `head`. */
function sparse(path: string, size: number, head = ''): void {
  const fd = openSync(path, 'w');
  if (head) writeSync(fd, head);
  ftruncateSync(fd, size);
  closeSync(fd);
}

describe('evidence folders within memory caps (point 2)', () => {
  it('24 sparse files of 64 MiB beside real evidence: a verdict, each read only as far as its first 64 KiB', () => {
    const dir = sampleFolder();
    for (let i = 0; i < 24; i++) sparse(join(dir, `sparse-${i}.bin`), 64 * 1024 * 1024);
    const r = cli(['diagnose', '--evidence', dir, '--json']);
    finished(r, 'diagnose');
    assert.equal(r.code, SAMPLE_CODE, r.stderr.slice(0, 400));
    assert.match(r.stderr, /skipped sparse-0\.bin: not text/);
    const above = r.maxRssMiB - baselineRssMiB();
    console.log(
      `24 × 64 MiB sparse: ${r.ms.toFixed(0)} ms, peak RSS ${above.toFixed(0)} MiB above node -e 0`,
    );
    assert.ok(above < 256, `peak RSS ${above.toFixed(0)} MiB above node -e 0`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a 40 MB gpresult of ten million elements is refused at once, naming the file and the cap', () => {
    const dir = sampleFolder();
    const body = '<a/>'.repeat(10_000_000);
    writeFileSync(
      join(dir, 'gpresult.xml'),
      `<?xml version="1.0"?><Rsop xmlns="http://www.microsoft.com/GroupPolicy/Rsop">${body}</Rsop>`,
    );
    const r = cli(['diagnose', '--evidence', dir]);
    finished(r, 'diagnose');
    assert.equal(r.code, 3);
    assert.match(
      r.stderr,
      /^fipsfix: gpresult\.xml: 38\.1 MiB, more than the 8 MiB FipsFix reads of a gpresult XML report/m,
    );
    assert.ok(r.maxRssMiB - baselineRssMiB() < 256);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a gpresult within the byte cap but of 1.9 million elements is refused by the element cap', () => {
    const dir = sampleFolder();
    writeFileSync(
      join(dir, 'gpresult.xml'),
      `<Rsop xmlns="http://www.microsoft.com/GroupPolicy/Rsop">${'<a/>'.repeat(1_900_000)}</Rsop>`,
    );
    const r = cli(['diagnose', '--evidence', dir]);
    finished(r, 'diagnose');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /gpresult\.xml: XML with more than 100000 elements/);
    const above = r.maxRssMiB - baselineRssMiB();
    console.log(
      `7.3 MiB gpresult of 1.9M elements: ${r.ms.toFixed(0)} ms, ${above.toFixed(0)} MiB above node -e 0`,
    );
    assert.ok(above < 256);
    rmSync(dir, { recursive: true, force: true });
  });

  it('files each within their cap but past the folder total are refused, naming the total', () => {
    const dir = sampleFolder();
    // The headers make each one evidence to be read whole; 1.9 MiB is within a reg export's cap.
    const big = 'Windows Registry Editor Version 5.00\r\n\r\n' + ' '.repeat(1.9 * 1024 * 1024);
    for (let i = 0; i < 7; i++) writeFileSync(join(dir, `big-${i}.reg`), big);
    const r = cli(['diagnose', '--evidence', dir]);
    finished(r, 'diagnose');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /past the 12 MiB FipsFix reads of one evidence folder, all files together/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe(
  'non-regular files are refused, never waited on (point 4)',
  { skip: !POSIX && 'needs mkfifo' },
  () => {
    it('a FIFO in an evidence folder is skipped and named; the verdict comes from the rest', () => {
      const dir = sampleFolder();
      mkfifo(join(dir, 'pipe.reg'));
      const r = cli(['diagnose', '--evidence', dir]);
      finished(r, 'diagnose');
      assert.equal(r.code, SAMPLE_CODE);
      assert.match(r.stderr, /skipped pipe\.reg: a named pipe \(FIFO\), not a regular file/);
      rmSync(dir, { recursive: true, force: true });
    });

    it('a FIFO swapped in for an evidence file while folders are read: never a hang (200 reads)', async () => {
      const dir = sampleFolder();
      const real = readFileSync(join(dir, 'gpresult.xml'));
      // A second process swaps gpresult.xml between the real file and a FIFO as fast as it can, so
      // the folder reader meets a FIFO between any check and any read it makes.
      const swapper = spawn(
        process.execPath,
        [
          '-e',
          `const fs = require('fs'), cp = require('child_process'), d = process.argv[1];
         const real = fs.readFileSync(d + '/gpresult.xml');
         for (;;) {
           fs.writeFileSync(d + '/.f', real); fs.renameSync(d + '/.f', d + '/gpresult.xml');
           cp.spawnSync('mkfifo', [d + '/.p']); fs.renameSync(d + '/.p', d + '/gpresult.xml');
         }`,
          dir,
        ],
        { stdio: 'ignore' },
      );
      try {
        const reader = spawnSync(
          process.execPath,
          [
            '--import',
            'tsx',
            '-e',
            `const { readEvidenceFolder } = require(${JSON.stringify(join(ROOT, 'src/machine/read-evidence-folder.ts'))});
           let n = 0;
           for (let i = 0; i < 200; i++) { try { readEvidenceFolder(process.argv[1]); } catch (e) { n++; } }
           console.log(n);`,
            dir,
          ],
          { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' },
        );
        assert.equal(reader.signal, null, 'a read hung on the FIFO');
        assert.equal(reader.status, 0, reader.stderr);
      } finally {
        const exited = new Promise((resolve) => swapper.once('exit', resolve));
        swapper.kill('SIGKILL');
        await exited;
        rmSync(dir, { recursive: true, force: true });
      }
      assert.ok(real.length > 0);
    });

    it('a FIFO given as the plan to apply-plan is refused at once', () => {
      const data = mkdtempSync(join(tmpdir(), 'fipsfix-hostile-'));
      const fifo = join(data, 'plan.json');
      mkfifo(fifo);
      const r = cli(['apply-plan', '--plan', fifo, '--sha256', '0'.repeat(64), '--machine', 'both-methods'], {
        FIPSFIX_DATA_DIR: data,
      });
      finished(r, 'apply-plan');
      assert.equal(r.code, 2);
      const outcome = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as {
        kind: string;
        reasons: string[];
      };
      assert.equal(outcome.kind, 'refused');
      assert.match(outcome.reasons[0] ?? '', /a named pipe \(FIFO\), not a regular file/);
      rmSync(data, { recursive: true, force: true });
    });

    it('a FIFO in the backup store is listed as unreadable; a FIFO as the journal is reported, not waited on', () => {
      const data = mkdtempSync(join(tmpdir(), 'fipsfix-hostile-'));
      const m = ['--machine', 'both-methods'];
      assert.equal(cli(['apply', ...m, '--yes'], { FIPSFIX_DATA_DIR: data }).code, 0);
      const store = join(data, 'simulated', 'both-methods', 'backups');
      mkfifo(join(store, '20990101T000000Z-00000000.json'));
      const list = cli(['backups', ...m, '--json'], { FIPSFIX_DATA_DIR: data });
      finished(list, 'backups');
      const l = JSON.parse(list.stdout) as {
        backups: unknown[];
        unreadable: { file: string; problem: string }[];
      };
      assert.equal(l.backups.length, 1);
      assert.deepEqual(
        l.unreadable.map((u) => u.file),
        ['20990101T000000Z-00000000.json'],
      );
      assert.match(l.unreadable[0]?.problem ?? '', /named pipe/);
      const rb = cli(['rollback', '20990101T000000Z-00000000', ...m, '--yes'], { FIPSFIX_DATA_DIR: data });
      finished(rb, 'rollback');
      assert.notEqual(rb.code, 0);
      mkfifo(join(data, 'simulated', 'both-methods', 'journal.json'));
      const d = cli(['diagnose', ...m], { FIPSFIX_DATA_DIR: data });
      finished(d, 'diagnose with a FIFO journal');
      assert.match(d.stderr, /journal/i);
      rmSync(data, { recursive: true, force: true });
    });
  },
);

describe('backups are restored only when they verify under this machine\u2019s key (point 5)', () => {
  const m = ['--machine', 'rdp-tcp-fips'];
  const stateOf = (data: string): string =>
    readFileSync(join(data, 'simulated', 'rdp-tcp-fips', 'machine.json'), 'utf8');

  function appliedBackup(data: string): { id: string; file: string } {
    const r = cli(['apply', ...m, '--yes', '--json'], { FIPSFIX_DATA_DIR: data });
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { backup: { id: string; file: string } }).backup;
  }

  /** What an attacker who can write a file writes: the content changed, its SHA-256 recomputed. */
  function forge(file: string, out: string): void {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      content: { values: { data: number }[] };
      hmacSha256?: string;
    };
    const first = doc.content.values[0];
    if (first) first.data = 3;
    const sha256 = createHash('sha256').update(canonicalJson(doc.content)).digest('hex');
    writeFileSync(out, JSON.stringify({ ...doc, sha256 }));
  }

  it('the key is created with the first backup, readable by its owner only', { skip: !POSIX }, () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-hostile-'));
    appliedBackup(data);
    const keys = join(data, 'simulated', 'rdp-tcp-fips', 'keys');
    assert.equal(statSync(join(keys, 'backup.key')).mode & 0o777, 0o600);
    assert.equal(statSync(keys).mode & 0o777, 0o700);
    assert.equal(statSync(join(keys, 'backup.key')).size, 32);
    rmSync(data, { recursive: true, force: true });
  });

  it('a forged backup with a recomputed SHA-256, named by path, is refused and nothing changes', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-hostile-'));
    const b = appliedBackup(data);
    const forged = join(data, 'forged.json');
    forge(b.file, forged);
    const before = stateOf(data);
    const r = cli(['rollback', forged, ...m, '--yes'], { FIPSFIX_DATA_DIR: data });
    finished(r, 'rollback');
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr + r.stdout,
      /not verified: its HMAC does not match under this machine's backup key/,
    );
    assert.equal(stateOf(data), before);
    rmSync(data, { recursive: true, force: true });
  });

  it('a link in the store to a forged backup is neither listed nor restored by id', { skip: !POSIX }, () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-hostile-'));
    const b = appliedBackup(data);
    const forged = join(data, 'forged.json');
    forge(b.file, forged);
    const store = join(data, 'simulated', 'rdp-tcp-fips', 'backups');
    symlinkSync(forged, join(store, '20990101T000000Z-0000beef.json'));
    const list = JSON.parse(cli(['backups', ...m, '--json'], { FIPSFIX_DATA_DIR: data }).stdout) as {
      backups: { id: string }[];
      unreadable: { file: string; problem: string }[];
    };
    assert.deepEqual(
      list.backups.map((x) => x.id),
      [b.id],
    );
    assert.match(list.unreadable.find((u) => u.file.includes('0000beef'))?.problem ?? '', /symbolic link/);
    const before = stateOf(data);
    const r = cli(['rollback', '20990101T000000Z-0000beef', ...m, '--yes'], { FIPSFIX_DATA_DIR: data });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr + r.stdout, /symbolic link/);
    assert.equal(stateOf(data), before);
    rmSync(data, { recursive: true, force: true });
  });

  it("another machine's genuine backup of a machine of the same name is refused by path", () => {
    const here = mkdtempSync(join(tmpdir(), 'fipsfix-hostile-'));
    const there = mkdtempSync(join(tmpdir(), 'fipsfix-hostile-'));
    appliedBackup(here);
    const theirs = appliedBackup(there);
    const r = cli(['rollback', theirs.file, ...m, '--yes'], { FIPSFIX_DATA_DIR: here });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr + r.stdout, /not verified: its HMAC does not match/);
    rmSync(here, { recursive: true, force: true });
    rmSync(there, { recursive: true, force: true });
  });

  it('a lost key: earlier backups are listed as not verified and never restored; the next apply makes a new key', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-hostile-'));
    const b = appliedBackup(data);
    rmSync(join(data, 'simulated', 'rdp-tcp-fips', 'keys'), { recursive: true });
    const list = JSON.parse(cli(['backups', ...m, '--json'], { FIPSFIX_DATA_DIR: data }).stdout) as {
      backups: unknown[];
      unreadable: { file: string; problem: string }[];
    };
    assert.equal(list.backups.length, 0);
    assert.match(list.unreadable[0]?.problem ?? '', /this machine has no backup key/);
    const r = cli(['rollback', b.id, ...m, '--yes'], { FIPSFIX_DATA_DIR: data });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr + r.stdout, /no backup key/);
    // The .reg beside it still says what the values were, for a person to read.
    assert.ok(statSync(b.file.replace(/\.json$/, '.reg')).size > 0);
    // Back to FIPS on, then a new apply: a new key, and the old backup still refused under it.
    rmSync(join(data, 'simulated', 'rdp-tcp-fips', 'machine.json'));
    appliedBackup(data);
    const again = cli(['rollback', b.id, ...m, '--yes'], { FIPSFIX_DATA_DIR: data });
    assert.notEqual(again.code, 0);
    assert.match(again.stderr + again.stdout, /its HMAC does not match/);
    rmSync(data, { recursive: true, force: true });
  });
});

describe('the sample folder still reads the same', () => {
  it('within its time', () => {
    const dir = sampleFolder();
    mkdirSync(join(dir, 'sub'));
    const r = cli(['diagnose', '--evidence', dir, '--json']);
    finished(r, 'diagnose');
    assert.equal(r.code, SAMPLE_CODE);
    rmSync(dir, { recursive: true, force: true });
  });
});
