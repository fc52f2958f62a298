// fipsfix export: a .reg pair only where the registry itself set FIPS (and refused, with the reason,
// for every other method), imported for real with reg.exe under Wine; the GPO instructions for
// domain GPOs; and the Ansible role, identical to examples/ansible/ and passing
// ansible-playbook --syntax-check and ansible-lint (Debian's packages, offline).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnosis } from '../../src/core/diagnosis-schema';
import { parseRegExport } from '../../src/core/formats/reg-export';
import { decodeText } from '../../src/core/formats/text-encoding';
import { exportArtifacts, regPlanFor } from '../../src/core/export/export';
import { ansibleRoleFiles } from '../../src/core/export/ansible-role';
import { regFilesFor } from '../../src/core/export/reg-files';
import { allDiagnoses } from '../fleet/fleet-documents';

const REPO = join(__dirname, '../..');
const text = (c: string | Uint8Array): string => (typeof c === 'string' ? c : decodeText('x.reg', c).text);

describe('export --as reg', () => {
  let d: Map<string, Diagnosis>;
  before(async () => {
    d = await allDiagnoses();
  });

  it('RDP-Tcp set on the connection: a fix .reg that the core reads back as the fixed value, and its undo', () => {
    const r = exportArtifacts('reg', [{ server: 'APP-TS02', diagnosis: d.get('rdp-tcp-fips')! }]);
    assert.equal(r.exitCode, 0);
    assert.deepEqual(
      r.files.map((f) => f.path),
      ['fipsfix-fix.reg', 'fipsfix-undo.reg'],
    );
    for (const f of r.files) {
      const bytes = f.content as Uint8Array;
      assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe], 'UTF-16LE with BOM');
      assert.ok(!/[^\r]\n/.test(text(bytes)), 'CRLF only');
    }
    const fix = parseRegExport('fix.reg', r.files[0]!.content as Uint8Array);
    const key = fix.keys.get(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CURRENTCONTROLSET\\CONTROL\\TERMINAL SERVER\\WINSTATIONS\\RDP-TCP',
    );
    assert.deepEqual(key?.values.get('MINENCRYPTIONLEVEL')?.data, { type: 'REG_DWORD', value: 3 });
    const undo = parseRegExport('undo.reg', r.files[1]!.content as Uint8Array);
    assert.equal([...undo.keys.values()][0]?.values.get('MINENCRYPTIONLEVEL')?.data.type, 'REG_DWORD');
  });

  it('FIPS written straight into the registry: Enabled → 0', () => {
    const p = regPlanFor(d.get('fips-registry-direct')!);
    assert.equal(p.kind, 'changes');
    if (p.kind === 'changes')
      assert.deepEqual(
        p.changes.map((c) => [c.id, c.before, c.after]),
        [['fips-algorithm-policy', 1, 0]],
      );
  });

  it('a value that did not exist is "Name"=- in the undo file', () => {
    const [, undo] = regFilesFor(
      'S',
      [
        {
          id: 'rdp-encryption-policy',
          registryValue: 'x',
          via: 'registry',
          method: 1,
          before: null,
          after: 3,
          reason: 'r',
        },
      ],
      '',
    );
    assert.match(text(undo!.content), /\r\n"MinEncryptionLevel"=-\r\n/);
  });

  const refusals: [string, RegExp][] = [
    [
      'fips-local-security-policy',
      /local security policy: a \.reg would leave the security database saying Enabled/,
    ],
    ['rdp-policy-local-gpo', /pinned by the local GPO/],
    ['fips-domain-gpo', /domain GPO "Fabrikam Member Server Security"/],
    ['fips-unelevated-gpresult', /cannot tell who set it/],
    ['healthy', /not blocked/],
  ];
  for (const [machine, why] of refusals) {
    it(`refuses ${machine}, with the reason`, () => {
      const r = exportArtifacts('reg', [{ server: machine, diagnosis: d.get(machine)! }]);
      assert.equal(r.files.length, 0);
      // Not blocked needs nothing: named as skipped, not refused.
      assert.match((machine === 'healthy' ? r.skipped : r.refused)[0]?.reason ?? '', why);
      assert.equal(r.exitCode, machine === 'healthy' ? 0 : 2);
    });
  }

  it('a fleet: one folder per server, the others refused', () => {
    const r = exportArtifacts('reg', [
      { server: 'APP-TS02', diagnosis: d.get('rdp-tcp-fips')! },
      { server: 'APP-TS04', diagnosis: d.get('fips-domain-gpo')! },
    ]);
    assert.deepEqual(
      r.files.map((f) => f.path),
      ['APP-TS02/fipsfix-fix.reg', 'APP-TS02/fipsfix-undo.reg'],
    );
    assert.equal(r.exitCode, 2);
  });
});

describe('export --as gpo-instructions', () => {
  let d: Map<string, Diagnosis>;
  before(async () => {
    d = await allDiagnoses();
  });

  it('names each GPO with its GUID, link, servers and editor path; Set-GPRegistryValue for the RDP policy', () => {
    const r = exportArtifacts('gpo-instructions', [
      { server: 'APP-TS06', diagnosis: d.get('rdp-policy-domain-gpo')! },
      { server: 'APP-TS04', diagnosis: d.get('fips-domain-gpo')! },
      { server: 'APP-TS02', diagnosis: d.get('rdp-tcp-fips')! },
    ]);
    const md = text(r.files.find((f) => f.path === 'gpo-instructions.md')!.content);
    assert.match(md, /## Domain GPO "Contoso RDS Baseline"/);
    assert.match(md, /GUID: `\{C0A7E5D2-4B1F-4E8A-9D3C-7F2B6A1E0D45\}`/);
    assert.match(md, /Servers under it \(1\): APP-TS06/);
    assert.match(
      md,
      /Administrative Templates › Windows Components › Remote Desktop Services › Remote Desktop Session Host › Security › Set client connection encryption level/,
    );
    assert.match(
      md,
      /Set-GPRegistryValue -Guid 'C0A7E5D2-4B1F-4E8A-9D3C-7F2B6A1E0D45' -Key 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services' -ValueName 'MinEncryptionLevel' -Type DWord -Value 3/,
    );
    // The FIPS option: no cmdlet, said plainly, and what to do instead.
    assert.match(md, /Security Options › System cryptography: Use FIPS compliant algorithms/);
    assert.match(md, /there is no GroupPolicy cmdlet for this/);
    assert.match(md, /GptTmpl\.inf/);
    assert.match(md, /\*\*Disabled\*\* \(not "Not Defined"/);
    const ps1 = r.files.find((f) => f.path.endsWith('.ps1'));
    assert.ok(ps1);
    assert.match(text(ps1.content), /Backup-GPO -Guid \$gpo[\s\S]*Set-GPRegistryValue/);
    assert.equal(r.exitCode, 0);
  });

  /** `fipsfix export --as gpo-instructions --machine NAME --out DIR`, the built CLI; its files by name. */
  function exportedFor(machine: string): Map<string, string> {
    const out = mkdtempSync(join(tmpdir(), 'fipsfix-gpo-instructions-'));
    try {
      const r = spawnSync(
        process.execPath,
        [
          join(REPO, 'bin/fipsfix.cjs'),
          'export',
          '--as',
          'gpo-instructions',
          '--machine',
          machine,
          '--out',
          out,
        ],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 0, r.stderr);
      return new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }

  it('FIPS as a registry value in a GPO ("Extra Registry Settings"): Remove-GPRegistryValue after Backup-GPO, not GptTmpl.inf', () => {
    const files = exportedFor('fips-domain-registry-item');
    assert.deepEqual([...files.keys()].sort(), [
      'gpo-9e4b2c71-3d8a-4f05-b6e1-2a7c9d0f5b38-remove-fips-algorithm-policy.ps1',
      'gpo-instructions.md',
    ]);
    const md = files.get('gpo-instructions.md') ?? '';
    assert.match(md, /## Domain GPO "Fabrikam Crypto Baseline"/);
    assert.match(
      md,
      /Where: Group Policy Management → "Fabrikam Crypto Baseline" → Settings tab → \*\*Computer Configuration › Policies › Administrative Templates › Extra Registry Settings\*\*/,
    );
    assert.match(md, /Editor does not show it and cannot change it/);
    assert.match(
      md,
      /Remove-GPRegistryValue -Guid '9E4B2C71-3D8A-4F05-B6E1-2A7C9D0F5B38' -Key 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy' -ValueName 'Enabled'/,
    );
    assert.match(md, /outside SOFTWARE\\Policies, so it stays on each server/);
    // Not the security option's instructions: there is no GptTmpl.inf line to change here.
    assert.doesNotMatch(md, /GptTmpl\.inf|there is no GroupPolicy cmdlet for this|Security Options ›/);
    const ps1 = files.get('gpo-9e4b2c71-3d8a-4f05-b6e1-2a7c9d0f5b38-remove-fips-algorithm-policy.ps1') ?? '';
    assert.match(
      ps1,
      /\$gpo = '9E4B2C71-3D8A-4F05-B6E1-2A7C9D0F5B38'[\s\S]*Backup-GPO -Guid \$gpo[\s\S]*Get-GPRegistryValue -Guid \$gpo[\s\S]*Remove-GPRegistryValue -Guid \$gpo -Key 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy' -ValueName 'Enabled'/,
    );
    assert.doesNotMatch(ps1, /Set-GPRegistryValue/);
  });

  it('the RDP level as a Preferences registry item: change or delete it in the editor; no cmdlet edits it, and no .ps1', () => {
    const files = exportedFor('rdp-policy-domain-preference');
    assert.deepEqual([...files.keys()], ['gpo-instructions.md']);
    const md = files.get('gpo-instructions.md') ?? '';
    assert.match(md, /## Domain GPO "Contoso RDS Preferences"/);
    assert.match(md, /Edit → \*\*Computer Configuration › Preferences › Windows Settings › Registry\*\*/);
    assert.match(
      md,
      /value `MinEncryptionLevel`, and set its value data to 3 \(High Level\),\s+or delete the item/,
    );
    assert.match(md, /no GroupPolicy cmdlet changes an existing Preferences item/);
    assert.match(
      md,
      /Remove-GPPrefRegistryValue -Guid '5A9D3E17-6C2B-4A80-9F14-D7E2B8C0A631' -Context Computer -Key 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services' -ValueName 'MinEncryptionLevel'/,
    );
    // Set-GPRegistryValue would add a Registry.pol value beside the item, which still applies after it.
    assert.doesNotMatch(md, /Set-GPRegistryValue|Administrative Templates ›/);
  });

  it('an unknown source is refused with the evidence to collect (exit 2)', () => {
    const r = exportArtifacts('gpo-instructions', [
      { server: 'APP-TS13', diagnosis: d.get('fips-unelevated-gpresult')! },
    ]);
    assert.equal(r.files.length, 0);
    assert.match(r.refused[0]?.reason ?? '', /not known.*collect/);
    assert.equal(r.exitCode, 2);
  });
});

describe('export --as ansible', () => {
  const dir = join(REPO, 'examples', 'ansible');
  function listed(d: string): string[] {
    return readdirSync(d).flatMap((n) => {
      const p = join(d, n);
      return statSync(p).isDirectory()
        ? listed(p)
        : /\.(ya?ml|md)$/.test(n) || n === '.ansible-lint'
          ? [relative(dir, p)]
          : [];
    });
  }

  it('writes exactly the committed examples/ansible/ (node scripts/write-ansible-role.mjs after editing it)', () => {
    const files = ansibleRoleFiles();
    assert.deepEqual(files.map((f) => f.path).sort(), listed(dir).sort());
    for (const f of files) assert.equal(f.content, readFileSync(join(dir, f.path), 'utf8'), f.path);
  });

  it('the role never writes where a domain GPO or an unknown source set FIPS, and supports check and diff mode', () => {
    const fix = readFileSync(join(dir, 'roles/fipsfix/tasks/fix.yml'), 'utf8');
    assert.match(fix, /fipsfix_not_here \| length == 0/);
    assert.match(fix, /ansible\.windows\.win_regedit/);
    assert.match(fix, /community\.windows\.win_security_policy/);
    assert.doesNotMatch(fix, /check_mode: false[\s\S]{0,40}win_regedit/);
  });

  const have = (cmd: string): boolean =>
    spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  const skipAnsible =
    have('ansible-playbook') && have('ansible-lint')
      ? false
      : 'ansible or ansible-lint is not installed (.ci/run installs them: apt-get install ansible ansible-lint)';
  if (skipAnsible) console.log(`ansible checks skipped: ${skipAnsible}`);

  it('ansible-playbook --syntax-check passes', { skip: skipAnsible }, () => {
    const r = spawnSync('ansible-playbook', ['-i', 'inventory.example.yml', 'site.yml', '--syntax-check'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
      timeout: 120_000,
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('ansible-lint (production profile, offline) passes', { skip: skipAnsible, timeout: 180_000 }, () => {
    const home = mkdtempSync(join(tmpdir(), 'fipsfix-ansible-lint-'));
    try {
      const r = spawnSync('ansible-lint', ['--offline', '--nocolor', 'site.yml', 'roles'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', HOME: home },
        timeout: 180_000,
      });
      assert.equal(r.status, 0, r.stdout + r.stderr);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('the exported .reg pair under Wine: reg import sets the fixed value, the undo puts it back', () => {
  const PREFIX = join(
    process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'),
    'fipsfix-wine',
    'prefix-export',
  );
  const KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
  const skip = process.env['FIPSFIX_SKIP_WINE']
    ? 'FIPSFIX_SKIP_WINE is set'
    : spawnSync('sh', ['-c', 'command -v wine'], { stdio: 'ignore' }).status !== 0
      ? 'wine is not installed'
      : false;
  if (skip) console.log(`.reg under Wine skipped: ${skip}`);
  let work = '';
  const env: NodeJS.ProcessEnv = { ...process.env, WINEPREFIX: PREFIX, WINEDEBUG: '-all' };
  const reg = (...args: string[]) =>
    spawnSync('wine', ['reg', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  before(() => {
    if (skip) return;
    // --keepalive: one idle Windows process keeps Wine's services up between the reg calls, which
    // otherwise restart cold (and slowly) for each one.
    const s = spawnSync(join(REPO, 'scripts/wine/setup-wine-env.sh'), [PREFIX, '--keepalive'], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    assert.equal(s.status, 0, s.stderr);
    work = mkdtempSync(join(tmpdir(), 'fipsfix-export-reg-'));
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
    try {
      process.kill(Number(readFileSync(join(PREFIX, '.fipsfix-keepalive.pid'), 'utf8').trim()));
    } catch {
      /* already gone */
    }
  });

  it(
    'RDP-Tcp 4 → 3 → 4, and a value that did not exist is deleted again',
    { skip, timeout: 120_000 },
    async () => {
      const d = (await allDiagnoses()).get('rdp-tcp-fips')!;
      assert.equal(reg('add', KEY, '/v', 'MinEncryptionLevel', '/t', 'REG_DWORD', '/d', '4', '/f').status, 0);
      const r = exportArtifacts('reg', [{ server: 'APP-TS02', diagnosis: d }]);
      for (const f of r.files) writeFileSync(join(work, f.path), f.content);
      assert.equal(reg('import', join(work, 'fipsfix-fix.reg')).status, 0);
      assert.match(reg('query', KEY, '/v', 'MinEncryptionLevel').stdout, /REG_DWORD\s+0x3/);
      assert.equal(reg('import', join(work, 'fipsfix-undo.reg')).status, 0);
      assert.match(reg('query', KEY, '/v', 'MinEncryptionLevel').stdout, /REG_DWORD\s+0x4/);
      // The policy value did not exist: its undo deletes it.
      const policyKey = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';
      reg('delete', policyKey, '/v', 'MinEncryptionLevel', '/f');
      const [fix, undo] = regFilesFor(
        'S',
        [
          {
            id: 'rdp-encryption-policy',
            registryValue: 'x',
            via: 'registry',
            method: 1,
            before: null,
            after: 3,
            reason: 'r',
          },
        ],
        '',
      );
      writeFileSync(join(work, 'p-fix.reg'), fix!.content);
      writeFileSync(join(work, 'p-undo.reg'), undo!.content);
      assert.equal(reg('import', join(work, 'p-fix.reg')).status, 0);
      assert.match(reg('query', policyKey, '/v', 'MinEncryptionLevel').stdout, /0x3/);
      assert.equal(reg('import', join(work, 'p-undo.reg')).status, 0);
      assert.notEqual(reg('query', policyKey, '/v', 'MinEncryptionLevel').status, 0, 'deleted again');
    },
  );
});

describe('fipsfix export (the built CLI)', () => {
  it('--as reg on a simulated machine set by local security policy: refused with the reason, exit 2, nothing written', () => {
    const out = mkdtempSync(join(tmpdir(), 'fipsfix-export-cli-'));
    try {
      const r = spawnSync(
        process.execPath,
        [
          join(REPO, 'bin/fipsfix.cjs'),
          'export',
          '--as',
          'reg',
          '--machine',
          'fips-local-security-policy',
          '--out',
          out,
        ],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /not exported as reg: .*local security policy/);
      assert.deepEqual(readdirSync(out), []);
      const ok = spawnSync(
        process.execPath,
        [join(REPO, 'bin/fipsfix.cjs'), 'export', '--as', 'reg', '--machine', 'rdp-tcp-fips', '--out', out],
        { encoding: 'utf8' },
      );
      assert.equal(ok.status, 0, ok.stderr);
      assert.deepEqual(readdirSync(out).sort(), ['fipsfix-fix.reg', 'fipsfix-undo.reg']);
      const bad = spawnSync(
        process.execPath,
        [join(REPO, 'bin/fipsfix.cjs'), 'export', '--as', 'reg', '--machine', 'x', '--from', 'y'],
        { encoding: 'utf8' },
      );
      assert.equal(bad.status, 3);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
