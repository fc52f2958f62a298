// The diagnosis rules, one fact pattern at a time: precedence, causes versus notes, and the source
// of each cause (docs/model.md). Expected values are written out here, not derived from the code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/core/diagnose';
import { DiagnosisSchema, type Diagnosis } from '../../src/core/diagnosis-schema';
import { diagnosisText } from '../../src/core/diagnosis-text';
import { exitCodeForDiagnosis } from '../../src/core/exit-codes';
import type { WireEvidence } from '../../src/core/evidence';
import { allowListProblems, planRemediation, PlanSchema } from '../../src/core/plan';
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
    const d = run({ fips: 0, policy: null, tcp: 4, gpresult: [] });
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

  it('no gpresult and a plain export that does not define it: the local database alone rules no GPO out → unknown', () => {
    const d = run({ fips: 1, policy: null, tcp: 2, secedit: {}, gpresult: 'none' });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:unknown:not-here']);
    assert.equal(exitCodeForDiagnosis(d), 2);
    const settle = d.causes[0]?.remedy.settleWith ?? [];
    assert.ok(settle.some((s) => s.includes('gpresult /scope computer /x')));
    assert.ok(settle.some((s) => s.includes('secedit /export /mergedpolicy')));
    assert.ok(settle.some((s) => s.includes('rsop.json')));
    assert.match(
      d.causes[0]?.evidence[1]?.read ?? '',
      /not recorded, read as a plain one\) does not define it/,
    );
  });

  it('no gpresult but a merged export that does not define it: every GPO is ruled out → registry', () => {
    const d = run({ fips: 1, policy: null, tcp: 2, secedit: { kind: 'merged-policy' }, gpresult: 'none' });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:registry:here']);
    assert.match(
      d.causes[0]?.evidence[1]?.read ?? '',
      /secedit \/export \/mergedpolicy\) does not define it/,
    );
    assert.equal(exitCodeForDiagnosis(d), 1);
  });

  it('neither gpresult nor secedit: unknown, asks for an elevated gpresult, a merged export or rsop.json', () => {
    const d = run({ fips: 1, policy: null, tcp: 2 });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:unknown:not-here']);
    assert.equal(d.causes[0]?.remedy.settleWith?.length, 3);
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

describe("a listener's own level without gpresult's computer part", () => {
  // A domain GPO's registry or Preferences item can write MinEncryptionLevel on any listener; only
  // gpresult's computer part (elevated) or rsop.json rules it out (issue 11, point 2).
  for (const gpresult of [undefined, 'unelevated'] as const) {
    it(`RDP-Tcp at 4, gpresult ${gpresult ?? 'not read'}: unknown, exit 2, asks for an elevated gpresult`, () => {
      const d = run({ fips: 0, policy: null, tcp: 4, secedit: {}, gpresult });
      assert.deepEqual(causes(d), ['rdp-tcp-encryption-level:unknown:not-here']);
      assert.equal(exitCodeForDiagnosis(d), 2);
      const cause = d.causes[0];
      assert.equal(cause?.refresh?.rule, 'unknown');
      assert.doesNotMatch(cause?.refresh?.words ?? '', /no refresh puts it back/);
      assert.match(cause?.remedy.steps.join(' ') ?? '', /gpresult .*elevated/);
      assert.match(cause?.remedy.steps.join(' ') ?? '', /rsop\.json/);
    });
  }

  it('planned unelevated: refused, unless the elevated step decides (then the listener value, decided there)', () => {
    const d = run({ fips: 0, policy: null, tcp: 4, secedit: {}, gpresult: 'unelevated' });
    const refused = planRemediation(d);
    assert.equal(refused.kind, 'refused');
    assert.match(
      refused.kind === 'refused' ? refused.reasons.join(' ') : '',
      /a domain GPO is not ruled out/,
    );
    const p = PlanSchema.parse(planRemediation(d, { elevatedStepDecidesUnknown: true }));
    assert.equal(p.kind, 'changes');
    if (p.kind !== 'changes') return;
    assert.deepEqual(
      p.changes.map((c) => [c.id, c.via, c.before, c.after]),
      [['rdp-tcp-encryption-level', 'decided-when-elevated', 4, 3]],
    );
    assert.match(
      p.changes[0]?.reason ?? '',
      /RDP-Tcp connection's level .* changes nothing if a GPO writes it/,
    );
    assert.deepEqual(allowListProblems(p), []);
  });

  it('with the elevated gpresult in which no GPO writes it: the connection setting, fixable (exit 1)', () => {
    const d = run({ fips: 0, policy: null, tcp: 4, secedit: {}, gpresult: [] });
    assert.deepEqual(causes(d), ['rdp-tcp-encryption-level:rdp-tcp-connection:here']);
    assert.equal(d.causes[0]?.refresh?.rule, 'none');
    assert.equal(exitCodeForDiagnosis(d), 1);
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

  it('blocked by a fixable cause, but the FIPS option was not read: exit 2, and the summary says why', () => {
    const d = run({ policy: 4, tcp: 2, gpresult: [], registryPol: 4 });
    assert.deepEqual(causes(d), ['rdp-encryption-policy:local-group-policy:here']);
    assert.deepEqual(
      d.evidenceGaps.map((g) => g.value),
      ['fips-algorithm-policy'],
    );
    assert.equal(exitCodeForDiagnosis(d), 2);
    assert.match(d.summary, /does not cover .*FIPS.*which may force FIPS too/);
  });

  it('a gap in a tool, not a setting (no TermDD events), does not make a fixable diagnosis exit 2', () => {
    const e = evidence({ fips: 0, policy: null, tcp: 4, gpresult: [] });
    const d = diagnose({ ...e, unavailable: [{ what: 'termdd-events', reason: 'wevtutil failed' }] });
    assert.equal(d.evidenceGaps.length, 1);
    assert.equal(exitCodeForDiagnosis(d), 1);
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

describe('drift: a value written off by hand while its policy says on', () => {
  it('FIPS 0 while the winning domain GPO says Enabled: a cause at the next refresh, not fixable here (exit 2)', () => {
    const d = run({
      fips: 0,
      policy: null,
      tcp: 2,
      secedit: { kind: 'local-database' },
      gpresult: [gpSetting('fips-algorithm-policy', DOMAIN_GPO, 1)],
    });
    assert.equal(d.verdict, 'blocked');
    assert.deepEqual(causes(d), ['fips-algorithm-policy:domain-group-policy:not-here']);
    const c = d.causes[0];
    assert.equal(c?.forcesFipsNow, false);
    assert.equal(c?.value, 1);
    assert.deepEqual(c?.drift && { now: c.drift.registryNow, back: c.drift.policyValue }, {
      now: 0,
      back: 1,
    });
    assert.match(c?.drift?.comesBack ?? '', /within 16 hours .*KB 277543/);
    assert.equal(c?.refresh?.rule, 'security-settings');
    assert.equal(c?.valueLabel, '0 (Disabled) now, but its policy puts back 1 (Enabled)');
    assert.match(d.summary, /not blocked now, but will be blocked again/);
    assert.match(diagnosisText(d, 'test'), /^Verdict: BLOCKED AT THE NEXT REFRESH/m);
    assert.equal(d.effectiveLevel.level, 2);
    assert.equal(exitCodeForDiagnosis(d), 2);
    assert.ok(!d.notes.some((n) => n.kind === 'gpo-disagrees'));
  });

  it('FIPS 0 while local security policy and its database say Enabled: fixable by local security policy (exit 1)', () => {
    const d = run({
      fips: 0,
      policy: null,
      tcp: 2,
      secedit: { fips: 1, kind: 'local-database' },
      gpresult: [gpSetting('fips-algorithm-policy', LOCAL, 1)],
    });
    assert.deepEqual(causes(d), ['fips-algorithm-policy:local-security-policy:here']);
    assert.equal(d.causes[0]?.method, 2);
    assert.match(d.causes[0]?.remedy.steps[0] ?? '', /changed by hand and does not last/);
    assert.equal(exitCodeForDiagnosis(d), 1);
  });

  it('the RDP policy value at High while the local GPO sets 4: a local-GPO cause, with the template refresh rule', () => {
    const d = run({
      fips: 0,
      policy: 3,
      tcp: 2,
      secedit: {},
      gpresult: [],
      registryPol: 4,
      noGpoListChanges: null,
    });
    assert.deepEqual(causes(d), ['rdp-encryption-policy:local-group-policy:here']);
    const c = d.causes[0];
    assert.equal(c?.refresh?.rule, 'administrative-template');
    assert.match(
      c?.refresh?.words ?? '',
      /only when a GPO changed, or on gpupdate \/force; .*Process even if.* is not on here/,
    );
    assert.match(c?.drift?.comesBack ?? '', /after a GPO that applies changes, or on gpupdate \/force/);
    assert.equal(exitCodeForDiagnosis(d), 1);
  });

  it('with "Process even if the Group Policy objects have not changed" on, it comes back at every background refresh', () => {
    const d = run({
      fips: 0,
      policy: 3,
      tcp: 2,
      secedit: {},
      gpresult: [],
      registryPol: 4,
      noGpoListChanges: 0,
    });
    assert.equal(d.causes[0]?.refresh?.rule, 'administrative-template-every-refresh');
    assert.match(d.causes[0]?.drift?.comesBack ?? '', /next background refresh/);
  });

  it('the RDP policy value absent while a domain GPO registry setting says 4: not fixable here', () => {
    const d = run({
      fips: 0,
      policy: null,
      tcp: 2,
      secedit: {},
      gpresult: [gpSetting('rdp-encryption-policy', DOMAIN_GPO, 4, 1, 'registry-setting')],
    });
    assert.deepEqual(causes(d), ['rdp-encryption-policy:domain-group-policy:not-here']);
    assert.equal(d.causes[0]?.drift?.registryNow, null);
    assert.equal(d.causes[0]?.valueLabel, 'absent now, but its policy puts back 4 (FIPS Compliant)');
    assert.equal(exitCodeForDiagnosis(d), 2);
  });
});

describe('refresh and confidence words', () => {
  it('every cause says which refresh rule applies', () => {
    const d = run({
      fips: 1,
      policy: 4,
      tcp: 4,
      secedit: { fips: 1 },
      gpresult: [gpSetting('fips-algorithm-policy', LOCAL, 1)],
      registryPol: 4,
    });
    assert.deepEqual(
      d.causes.map((c) => c.refresh?.rule),
      ['security-settings', 'administrative-template', 'none'],
    );
  });

  it('KB 811770 is named for what it alone claims', () => {
    const d = run({ fips: 1, policy: null, tcp: 2, secedit: { fips: 1 }, gpresult: [] });
    assert.match(d.causes[0]?.why ?? '', /^Per KB 811770, the FIPS security option forces/);
  });

  it('confidence: configured, configured with TermDD event 50, seen on the wire', () => {
    const e = evidence({ fips: 0, policy: null, tcp: 4 });
    assert.equal(diagnose(e).confidence?.level, 'configured');
    const termDd = {
      events: [{ time: '2026-11-19T10:41:07Z', component: 'DATA ENCRYPTION' }],
      origin: { file: 'ev.xml', format: 'wevtutil-xml', location: 'System log' },
    } as const;
    const withEvent = diagnose({ ...e, termDd });
    assert.equal(withEvent.confidence?.level, 'configured-and-event');
    assert.equal(withEvent.confidence?.evidence[0]?.file, 'ev.xml');
    const probed = (level: 'fips' | 'none' | 'high', rdp = true): WireEvidence => ({
      targets: [
        {
          target: '127.0.0.1:3389',
          host: '127.0.0.1',
          port: 3389,
          time: '2026-11-19T12:00:00Z',
          durationMs: 40,
          reachable: true,
          securityLayers: { rdp, tls: !rdp, credssp: false },
          encryptionLevel: rdp ? level : null,
          encryptionMethods: rdp && level === 'fips' ? ['fips' as const] : [],
          demandsFips: rdp ? level === 'fips' : null,
          listener: 'RDP-Tcp',
        },
      ],
      origin: { file: 'probe', format: 'wire-probe', location: 'RDP-Tcp, port 3389' },
    });
    const seen = DiagnosisSchema.parse(diagnose({ ...e, termDd, wire: probed('fips') }));
    assert.equal(seen.confidence?.level, 'seen-on-wire');
    assert.equal(seen.confidence?.evidence[0]?.format, 'wire-probe');
    assert.equal(seen.wire?.[0]?.agreement, 'confirms');
    // A listener that accepts only TLS shows no level on the wire: it proves nothing either way.
    const tlsOnly = diagnose({ ...e, termDd, wire: probed('none', false) });
    assert.equal(tlsOnly.confidence?.level, 'configured-and-event');
    assert.equal(tlsOnly.wire?.[0]?.agreement, 'not-visible');
    // The wire answering another level than the settings contradicts the registry.
    const other = diagnose({ ...e, wire: probed('high') });
    assert.equal(other.wire?.[0]?.agreement, 'contradicts');
    assert.match(
      other.wire?.[0]?.words ?? '',
      /answered with 3 \(High\), though the settings read here give it 4 \(FIPS Compliant\)/,
    );
    // Nothing blocks: events do not raise the confidence of "not blocked".
    assert.equal(
      diagnose({ ...evidence({ fips: 0, policy: null, tcp: 2 }), termDd }).confidence?.level,
      'configured',
    );
  });
});
