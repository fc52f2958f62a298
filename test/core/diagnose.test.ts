// The diagnosis rules, one fact pattern at a time: precedence, causes versus notes, and the source
// of each cause (docs/model.md). Expected values are written out here, not derived from the code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/core/diagnose';
import { DiagnosisSchema, type Diagnosis } from '../../src/core/diagnosis-schema';
import { exitCodeForDiagnosis } from '../../src/core/exit-codes';
import { DOMAIN_GPO, LOCAL, OTHER_GPO, evidence, gpSetting, type Facts } from '../evidence-builder';

const run = (f: Facts): Diagnosis => DiagnosisSchema.parse(diagnose(evidence(f)));
const causes = (d: Diagnosis): string[] =>
  d.causes.map((c) => `${c.id}:${c.source}:${c.fixableLocally ? 'here' : 'not-here'}`);

describe('precedence: the FIPS option, then the policy value, then RDP-Tcp', () => {
  it('nothing set to FIPS: not blocked, level decided by RDP-Tcp', () => {
    const d = run({ fips: 0, policy: null, tcp: 2, secedit: {}, gpresult: [] });
    assert.equal(d.verdict, 'not-blocked');
    assert.equal(d.blocksRemoteAssistance, false);
    assert.deepEqual(d.effectiveLevel, {
      level: 2,
      label: '2 (Client Compatible)',
      decidedBy: 'rdp-tcp-encryption-level',
    });
    assert.equal(exitCodeForDiagnosis(d), 0);
  });

  it('RDP-Tcp at 4 with nothing above it: one cause, the connection setting, method 1', () => {
    const d = run({ fips: 0, policy: null, tcp: 4 });
    assert.deepEqual(causes(d), ['rdp-tcp-encryption-level:rdp-tcp-connection:here']);
    assert.equal(d.causes[0]?.method, 1);
    assert.equal(d.causes[0]?.forcesFipsNow, true);
    assert.equal(exitCodeForDiagnosis(d), 1);
  });

  it('FIPS option on and RDP-Tcp at 4 are two causes; only the FIPS option forces now', () => {
    const d = run({
      fips: 1,
      policy: null,
      tcp: 4,
      secedit: { fips: 1 },
      gpresult: [gpSetting('fips-algorithm-policy', LOCAL, 1)],
    });
    assert.deepEqual(causes(d), [
      'fips-algorithm-policy:local-security-policy:here',
      'rdp-tcp-encryption-level:rdp-tcp-connection:here',
    ]);
    assert.deepEqual(
      d.causes.map((c) => [c.method, c.forcesFipsNow]),
      [
        [2, true],
        [1, false],
      ],
    );
    assert.equal(d.effectiveLevel.decidedBy, 'fips-algorithm-policy');
  });

  it('RDP-Tcp at 4 under a policy of High blocks nothing: a note, not a cause', () => {
    const d = run({
      fips: 0,
      policy: 3,
      tcp: 4,
      gpresult: [gpSetting('rdp-encryption-policy', DOMAIN_GPO, 3)],
    });
    assert.equal(d.verdict, 'not-blocked');
    assert.deepEqual(d.causes, []);
    assert.equal(d.effectiveLevel.decidedBy, 'rdp-encryption-policy');
    assert.ok(d.notes.some((n) => n.kind === 'overridden' && n.message.includes('RDP-Tcp')));
  });

  it('a policy at 4 above RDP-Tcp at 4: both are causes (removing the policy would leave RDP-Tcp blocking)', () => {
    const d = run({
      fips: 0,
      policy: 4,
      tcp: 4,
      registryPol: 4,
      gpresult: [gpSetting('rdp-encryption-policy', LOCAL, 4, 1, 'registry-setting')],
    });
    assert.deepEqual(causes(d), [
      'rdp-encryption-policy:local-group-policy:here',
      'rdp-tcp-encryption-level:rdp-tcp-connection:here',
    ]);
    assert.deepEqual(
      d.causes.map((c) => c.forcesFipsNow),
      [true, false],
    );
  });

  it('FIPS on with a policy of High: only the FIPS option is a cause', () => {
    const d = run({ fips: 1, policy: 3, tcp: 2, secedit: {}, gpresult: [] });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:registry:here']);
  });

  it('missing RDP-Tcp value means the Windows default, which is not FIPS', () => {
    const d = run({ fips: 0, policy: null, tcp: null });
    assert.equal(d.verdict, 'not-blocked');
    assert.equal(d.effectiveLevel.decidedBy, 'default');
  });
});

describe('the source of the FIPS option', () => {
  it('a domain GPO winning by precedence: not fixable here, with its name, GUID and link', () => {
    const d = run({
      fips: 1,
      secedit: { fips: 1 },
      gpresult: [
        gpSetting('fips-algorithm-policy', OTHER_GPO, 0, 2),
        gpSetting('fips-algorithm-policy', DOMAIN_GPO, 1, 1),
      ],
      policy: null,
      tcp: 2,
    });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:domain-group-policy:not-here']);
    assert.deepEqual(d.causes[0]?.gpo, {
      name: DOMAIN_GPO.name,
      id: DOMAIN_GPO.id,
      linkedAt: 'fabrikam.local/Servers',
    });
    assert.match(d.causes[0]?.remedy.steps.join(' ') ?? '', /Security Options › System cryptography/);
    assert.match(d.causes[0]?.remedy.steps.join(' ') ?? '', /Disabled rather than Not Defined/);
    assert.equal(exitCodeForDiagnosis(d), 2);
  });

  it('local security policy seen in gpresult as Local Group Policy', () => {
    const d = run({
      fips: 1,
      policy: null,
      tcp: 2,
      gpresult: [gpSetting('fips-algorithm-policy', LOCAL, 1)],
    });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:local-security-policy:here']);
    assert.equal(d.causes[0]?.gpo, undefined);
  });

  it('a tattoo: the database holds it, no GPO defines it → local security policy', () => {
    const d = run({ fips: 1, policy: null, tcp: 2, secedit: { fips: 1 }, gpresult: [] });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:local-security-policy:here']);
  });

  it('written directly: the database does not define it, no GPO does → registry', () => {
    const d = run({ fips: 1, policy: null, tcp: 2, secedit: {}, gpresult: [] });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:registry:here']);
  });

  it('a domain GPO that says Disabled while the value is on: changed locally since the refresh, fixable, noted', () => {
    const d = run({
      fips: 1,
      policy: null,
      tcp: 2,
      secedit: {},
      gpresult: [gpSetting('fips-algorithm-policy', DOMAIN_GPO, 0)],
    });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:registry:here']);
    assert.ok(d.notes.some((n) => n.kind === 'gpo-disagrees' && n.message.includes(DOMAIN_GPO.name)));
  });

  it('gpresult without a computer part and a database that defines it: unknown, says what would settle it', () => {
    const d = run({ fips: 1, policy: null, tcp: 2, secedit: { fips: 1 }, gpresult: 'unelevated' });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:unknown:not-here']);
    assert.match(d.causes[0]?.remedy.settleWith?.join(' ') ?? '', /gpresult \/scope computer \/x .*elevated/);
    assert.equal(exitCodeForDiagnosis(d), 2);
  });

  it('no gpresult but a database that does not define it: a GPO is ruled out → registry', () => {
    const d = run({ fips: 1, policy: null, tcp: 2, secedit: {}, gpresult: 'none' });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:registry:here']);
  });

  it('neither gpresult nor secedit: unknown, asks for both', () => {
    const d = run({ fips: 1, policy: null, tcp: 2 });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:unknown:not-here']);
    assert.equal(d.causes[0]?.remedy.settleWith?.length, 2);
  });

  it('gpresult rules GPOs out but no secedit export: unknown between local policy and a direct write', () => {
    const d = run({ fips: 1, policy: null, tcp: 2, gpresult: [] });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:unknown:not-here']);
    assert.match(d.causes[0]?.remedy.settleWith?.[0] ?? '', /secedit/);
  });
});

describe('the legacy FIPSAlgorithmPolicy DWORD', () => {
  it('on Windows Server 2003 it is the FIPS option', () => {
    const d = run({ legacy: 1, fips: null, policy: null, tcp: 2, os: '5.2.3790', secedit: {}, gpresult: [] });
    assert.deepEqual(causes(d), ['fips-algorithm-policy-legacy:registry:here']);
    assert.equal(d.causes[0]?.setting, 'fips-algorithm-policy');
    assert.equal(d.causes[0]?.method, 2);
  });

  it('on Vista and later it blocks nothing when FIPSAlgorithmPolicy\\Enabled is 0: a note', () => {
    const d = run({ legacy: 1, fips: 0, policy: null, tcp: 2, os: '10.0.17763' });
    assert.equal(d.verdict, 'not-blocked');
    assert.ok(d.notes.some((n) => n.kind === 'legacy-value'));
  });
});

describe('the source of the RDP encryption policy', () => {
  it('the local GPO (Registry.pol) without gpresult: local GPO, with a note that a domain GPO is not ruled out', () => {
    const d = run({ policy: 4, registryPol: 4 });
    assert.deepEqual(causes(d), ['rdp-encryption-policy:local-group-policy:here']);
    assert.deepEqual(d.causes[0]?.gpo, { name: 'Local Group Policy', id: 'LocalGPO' });
    assert.ok(d.notes.some((n) => n.kind === 'domain-gpo-not-ruled-out'));
  });

  it('a domain GPO registry setting of 4: not fixable here, with the PowerShell a domain admin would run', () => {
    const d = run({
      fips: 0,
      policy: 4,
      tcp: 2,
      gpresult: [gpSetting('rdp-encryption-policy', DOMAIN_GPO, 4, 1, 'registry-setting')],
    });
    assert.deepEqual(causes(d), ['rdp-encryption-policy:domain-group-policy:not-here']);
    assert.match(
      d.causes[0]?.remedy.steps[0] ?? '',
      /Set-GPRegistryValue -Guid 0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/,
    );
  });

  it('a value of 4 that no GPO sets, with gpresult: written directly → registry', () => {
    const d = run({ fips: 0, policy: 4, tcp: 2, gpresult: [], registryPol: 'not-defined' });
    assert.deepEqual(causes(d), ['rdp-encryption-policy:registry:here']);
  });

  it('a value of 4 while the winning domain GPO sets High: written since the refresh → registry, noted', () => {
    const d = run({
      fips: 0,
      policy: 4,
      tcp: 2,
      gpresult: [gpSetting('rdp-encryption-policy', DOMAIN_GPO, 3)],
    });
    assert.deepEqual(causes(d), ['rdp-encryption-policy:registry:here']);
    assert.ok(d.notes.some((n) => n.kind === 'gpo-disagrees'));
  });

  it('a value of 4, no gpresult, and a Registry.pol that does not set it: unknown', () => {
    const d = run({ fips: 0, policy: 4, tcp: 2, registryPol: 'not-defined' });
    assert.deepEqual(causes(d), ['rdp-encryption-policy:unknown:not-here']);
  });

  it('a local GPO value of 4 overridden by a domain GPO of High: a note, nothing blocks', () => {
    const d = run({
      fips: 0,
      policy: 3,
      tcp: 2,
      registryPol: 4,
      gpresult: [
        gpSetting('rdp-encryption-policy', LOCAL, 4, 2),
        gpSetting('rdp-encryption-policy', DOMAIN_GPO, 3, 1),
      ],
    });
    assert.equal(d.verdict, 'not-blocked');
    assert.ok(d.notes.some((n) => n.kind === 'overridden' && n.message.includes('local GPO')));
  });
});

describe('incomplete evidence', () => {
  it('nothing read forces FIPS but the FIPS option was not read: incomplete, exit 2, and says what to collect', () => {
    const d = run({ policy: null, tcp: 2 });
    assert.equal(d.verdict, 'incomplete');
    assert.equal(d.blocksRemoteAssistance, false);
    assert.equal(exitCodeForDiagnosis(d), 2);
    assert.match(
      d.evidenceGaps[0]?.settleWith ?? '',
      /reg export "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy"/,
    );
  });

  it('a blocking cause is reported even when other settings were not read, and the gap is named', () => {
    const d = run({ tcp: 4, policy: null });
    assert.equal(d.verdict, 'blocked');
    assert.ok(d.evidenceGaps.some((g) => g.what.includes('FIPS')));
  });

  it('TermDD events with nothing forcing FIPS now are reported as a note, not a cause', () => {
    const e = evidence({ fips: 0, policy: null, tcp: 2 });
    const d = diagnose({
      ...e,
      termDd: {
        events: [
          { time: '2026-11-19T10:41:07Z', component: 'DATA ENCRYPTION' },
          { time: '2026-11-19T09:00:00Z', component: 'X.224' },
        ],
        origin: { file: 'ev.xml', format: 'wevtutil-xml', location: 'System log' },
      },
    });
    assert.equal(d.verdict, 'not-blocked');
    assert.equal(d.symptom?.termDdEvent50, 1);
    assert.ok(d.notes.some((n) => n.kind === 'symptom'));
  });
});

describe('every cause carries its evidence', () => {
  it('what was read and from where, for the value and for its source', () => {
    const d = run({
      fips: 1,
      policy: null,
      tcp: 4,
      secedit: { fips: 1 },
      gpresult: [gpSetting('fips-algorithm-policy', DOMAIN_GPO, 1)],
    });
    for (const c of d.causes) assert.ok(c.evidence.length >= 1);
    const fips = d.causes.find((c) => c.setting === 'fips-algorithm-policy');
    assert.deepEqual(
      fips?.evidence.map((e) => e.format),
      ['reg-export', 'gpresult-xml'],
    );
    assert.match(fips?.evidence[1]?.read ?? '', /Fabrikam Member Server Security.*precedence 1/);
  });
});
