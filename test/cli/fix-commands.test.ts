// apply, verify, backups, rollback and recover through the built CLI on simulated machines: exit
// codes, the journal after a process killed between two writes, and refusals that change nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/fipsfix.cjs');

function cli(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
): { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', FIPSFIX_DATA_DIR: dataDir, ...env },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const state = (dataDir: string, machine: string): unknown => {
  try {
    const m = JSON.parse(readFileSync(join(dataDir, 'simulated', machine, 'machine.json'), 'utf8')) as {
      registry: unknown;
      localSecurityPolicy: unknown;
      localGpo: unknown;
    };
    return { registry: m.registry, localSecurityPolicy: m.localSecurityPolicy, localGpo: m.localGpo };
  } catch {
    return 'pristine';
  }
};

describe('fipsfix apply / verify / backups / rollback on a simulated machine', () => {
  it('a full round: apply (exit 0), verify (exit 0), no-op apply, rollback (exit 0), blocked again (exit 1)', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-cli-'));
    const m = ['--machine', 'both-methods'];
    assert.equal(cli(data, ['diagnose', ...m]).code, 1);
    const applied = cli(data, ['apply', ...m, '--yes', '--json']);
    assert.equal(applied.code, 0, applied.stderr);
    const o = JSON.parse(applied.stdout) as { kind: string; backup: { id: string; regFile: string } };
    assert.equal(o.kind, 'applied');
    assert.match(applied.stderr, /\[backup\][\s\S]*\[write\][\s\S]*\[verify\]/);
    assert.equal(cli(data, ['verify', ...m]).code, 0);
    assert.match(cli(data, ['apply', ...m, '--yes']).stdout, /Already fixed/);
    const list = JSON.parse(cli(data, ['backups', ...m, '--json']).stdout) as {
      backups: { id: string; applied: string }[];
    };
    assert.deepEqual(
      list.backups.map((b) => [b.id, b.applied]),
      [[o.backup.id, 'applied']],
    );
    const back = cli(data, ['rollback', o.backup.id, ...m, '--yes']);
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stdout, /Restored backup/);
    assert.equal(cli(data, ['diagnose', ...m]).code, 1);
    assert.match(cli(data, ['machines', '--reset', 'both-methods']).stdout, /Reset: removed/);
  });

  it('verify --after-refresh records that the fix survives a policy refresh', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-cli-'));
    const m = ['--machine', 'rdp-policy-local-gpo'];
    const applied = JSON.parse(cli(data, ['apply', ...m, '--yes', '--json']).stdout) as {
      backup: { id: string; file: string };
    };
    assert.equal(cli(data, ['verify', ...m, '--after-refresh']).code, 0);
    const run = JSON.parse(
      readFileSync(applied.backup.file.replace(/\.json$/, '.apply.run.json'), 'utf8'),
    ) as { afterRefresh?: { ok: boolean } };
    assert.equal(run.afterRefresh?.ok, true);
  });

  it('a domain GPO: apply refuses (exit 2) and changes nothing', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-cli-'));
    const r = cli(data, ['apply', '--machine', 'fips-domain-gpo', '--yes']);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /Fabrikam Member Server Security/);
    assert.equal(state(data, 'fips-domain-gpo'), 'pristine');
  });

  it('off a terminal, apply without --yes refuses to guess (exit 3)', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-cli-'));
    const r = cli(data, ['apply', '--machine', 'rdp-tcp-fips']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /no terminal to confirm on/);
    assert.equal(state(data, 'rdp-tcp-fips'), 'pristine');
  });

  it('an evidence folder cannot be changed (exit 3)', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-cli-'));
    const r = cli(data, [
      'apply',
      '--evidence',
      join(ROOT, 'test/fixtures/shared-evidence/listener-fips'),
      '--yes',
    ]);
    assert.equal(r.code, 3);
  });

  it('a process killed between two writes: the next start finds it; recover --rollback restores the machine exactly', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-cli-'));
    const m = ['--machine', 'both-methods'];
    cli(data, ['machines', '--reset', 'both-methods']);
    const killed = cli(data, ['apply', ...m, '--yes'], {
      FIPSFIX_SIMULATED_FAULTS: JSON.stringify({ killAfterWrites: 1 }),
    });
    assert.equal(killed.signal, 'SIGKILL');
    const half = state(data, 'both-methods') as { localSecurityPolicy: unknown };
    assert.deepEqual(half.localSecurityPolicy, { fipsAlgorithmPolicy: 0 }, 'the first write happened');
    const diag = cli(data, ['diagnose', ...m]);
    assert.match(
      diag.stderr,
      /did not finish \(backup .*\)\. No step finished\. Interrupted during: .*FIPSAlgorithmPolicy.*Run 'fipsfix recover --rollback --machine both-methods'/,
    );
    const again = cli(data, ['apply', ...m, '--yes']);
    assert.equal(again.code, 2, 'nothing else writes until the interrupted run is settled');
    const rec = cli(data, ['recover', ...m, '--rollback', '--yes']);
    assert.equal(rec.code, 0, rec.stderr + rec.stdout);
    const restored = state(data, 'both-methods') as {
      localSecurityPolicy: unknown;
      registry: Record<string, Record<string, { data: number }>>;
    };
    assert.deepEqual(restored.localSecurityPolicy, { fipsAlgorithmPolicy: 1 });
    assert.equal(
      restored.registry['SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy']?.['Enabled']?.data,
      1,
    );
    assert.equal(cli(data, ['recover', ...m]).stdout.includes('nothing to recover'), true);
  });

  it('recover --complete keeps the journal until the fix is done, and keeps the level the run chose', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-cli-'));
    const m = ['--machine', 'both-methods'];
    cli(data, ['apply', ...m, '--yes', '--rdp-level', '2'], {
      FIPSFIX_SIMULATED_FAULTS: JSON.stringify({ killAfterWrites: 1 }),
    });
    assert.equal(cli(data, ['recover', ...m, '--complete']).code, 3, 'not confirmed (no terminal)');
    assert.match(cli(data, ['recover', ...m]).stdout, /did not finish/, 'the journal is still there');
    assert.equal(cli(data, ['recover', ...m, '--complete', '--yes']).code, 0);
    const after = state(data, 'both-methods') as {
      registry: Record<string, Record<string, { data: number }>>;
    };
    assert.equal(
      after.registry['SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp']?.[
        'MinEncryptionLevel'
      ]?.data,
      2,
    );
    assert.match(cli(data, ['recover', ...m]).stdout, /nothing to recover/);
  });

  it('recover --complete finishes the fix from what the machine holds now', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-cli-'));
    const m = ['--machine', 'both-methods'];
    cli(data, ['apply', ...m, '--yes'], { FIPSFIX_SIMULATED_FAULTS: JSON.stringify({ killAfterWrites: 1 }) });
    const rec = cli(data, ['recover', ...m, '--complete', '--yes']);
    assert.equal(rec.code, 0, rec.stderr + rec.stdout);
    assert.equal(cli(data, ['diagnose', ...m]).code, 0);
  });

  it('a corrupt backup is refused with a clear message (exit 2) and nothing changes', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-cli-'));
    const m = ['--machine', 'rdp-tcp-fips'];
    const o = JSON.parse(cli(data, ['apply', ...m, '--yes', '--json']).stdout) as {
      backup: { id: string; file: string };
    };
    writeFileSync(o.backup.file, readFileSync(o.backup.file, 'utf8').slice(0, 200));
    const before = state(data, 'rdp-tcp-fips');
    const r = cli(data, ['rollback', o.backup.id, ...m, '--yes']);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /corrupt or truncated\. Nothing was changed/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.deepEqual(state(data, 'rdp-tcp-fips'), before);
    assert.match(cli(data, ['backups', ...m]).stdout, /UNREADABLE/);
  });

  it('Low needs --confirm-low', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-cli-'));
    assert.equal(cli(data, ['apply', '--machine', 'rdp-tcp-fips', '--rdp-level', '1', '--yes']).code, 2);
    assert.equal(
      cli(data, ['apply', '--machine', 'rdp-tcp-fips', '--rdp-level', '1', '--confirm-low', '--yes']).code,
      0,
    );
  });

  it('access denied on a key: the fix is undone by itself (exit 4) and says what failed', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-cli-'));
    const r = cli(data, ['apply', '--machine', 'both-methods', '--yes'], {
      FIPSFIX_SIMULATED_FAULTS: JSON.stringify({ accessDenied: ['rdp-tcp-encryption-level'] }),
    });
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stdout, /The fix failed and was undone: writing failed: .*access is denied/);
    assert.equal(cli(data, ['diagnose', '--machine', 'both-methods']).code, 1);
  });
});
