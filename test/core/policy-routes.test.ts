// Issue 11, "every route a GPO can take": registry settings for any key, Group Policy Preferences
// items, templates FipsFix cannot map, an RDP level it cannot name, rsop.json beside gpresult, and
// `**soft.` local GPO records. Each from files in Windows' own formats (test/fixtures/formats, the
// shared samples), through the evidence folder, for diagnose and plan.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/core/diagnose';
import type { Diagnosis } from '../../src/core/diagnosis-schema';
import type { Evidence } from '../../src/core/evidence';
import { exitCodeForDiagnosis } from '../../src/core/exit-codes';
import { evidenceFromFiles, type EvidenceFile } from '../../src/core/formats/evidence-folder';
import { parseGpresultXml } from '../../src/core/formats/gpresult-xml';
import { decodeText } from '../../src/core/formats/text-encoding';
import { planRemediation } from '../../src/core/plan';
import { evidence, gpSetting, LOCAL } from '../evidence-builder';
import { utf16leWithBom } from '../fixture-writers';

const FORMATS = join(__dirname, '..', 'fixtures', 'formats');
const SHARED = join(__dirname, '..', 'fixtures', 'shared-evidence');

const bytes = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const formats = (name: string, as = name): EvidenceFile => ({ name: as, bytes: bytes(join(FORMATS, name)) });
const shared = (p: string, as?: string): EvidenceFile => ({
  name: as ?? p.replace(/\//g, '-'),
  bytes: bytes(join(SHARED, p)),
});
/** A gpresult fixture with some text changed, written back as gpresult writes it. */
const gpresultVariant = (name: string, change: (xml: string) => string, as = name): EvidenceFile => {
  const xml = decodeText(name, bytes(join(FORMATS, name))).text;
  const changed = change(xml);
  assert.notEqual(changed, xml, 'the variant changes something');
  return { name: as, bytes: utf16leWithBom(changed) };
};

/** Registry exports: FIPS on or off, the policy value 4 or absent, RDP-Tcp 2 or 4. */
const FIPS_ON = shared('fips-domain-gpo/lsa.reg', 'lsa.reg');
const FIPS_OFF = shared('listener-fips/fips.reg', 'lsa.reg');
const POLICY_4 = shared('rdp-policy-local-gpo/policies.reg', 'policies.reg');
const NO_POLICY = shared('fips-domain-gpo/policies.reg', 'policies.reg');
const TCP_2 = shared('fips-domain-gpo/rdp-tcp.reg', 'rdp-tcp.reg');
const TCP_4 = shared('listener-fips/rdp-tcp.reg', 'rdp-tcp.reg');
const SECEDIT_NOT_DEFINED = formats('secedit-fips-not-defined.inf');
const SECEDIT_OFF = shared('listener-fips/secedit-export.inf', 'secedit-export.inf');

const text = (f: EvidenceFile): string => decodeText(f.name, f.bytes).text;

function diagnoseFolder(files: EvidenceFile[]): Diagnosis {
  return diagnose(evidenceFromFiles(files).evidence);
}
const causesOf = (d: Diagnosis): string[] =>
  d.causes.map((c) =>
    [c.id, c.source, ...(c.gpo ? [c.gpo.name] : []), ...(c.route ? [c.route] : [])].join('/'),
  );

describe('gpresult RegistrySetting (Set-GPRegistryValue, "Extra Registry Settings") for any key', () => {
  const GP = formats('gpresult-registrysetting-fips-and-rdp.xml', 'gpresult.xml');

  it('reads FIPS and the RDP policy value as that GPO’s registry settings', () => {
    const g = parseGpresultXml('g.xml', text(GP));
    assert.ok(g.computerResults === 'present');
    assert.deepEqual(
      g.settings.map((s) => [s.setting, s.kind, s.data, s.gpo.name, s.precedence]),
      [
        ['fips-algorithm-policy', 'registry-setting', 1, 'Contoso RDS Hardening', 1],
        ['rdp-encryption-policy', 'registry-setting', 4, 'Contoso RDS Hardening', 1],
      ],
    );
  });

  it('the Lsa legacy DWORD too', () => {
    const f = gpresultVariant('gpresult-registrysetting-fips-and-rdp.xml', (x) =>
      x
        .replace(
          '<q1:KeyPath>SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy</q1:KeyPath>',
          '<q1:KeyPath>SYSTEM\\CurrentControlSet\\Control\\Lsa</q1:KeyPath>',
        )
        .replace('<q1:Name>Enabled</q1:Name>', '<q1:Name>FIPSAlgorithmPolicy</q1:Name>'),
    );
    const g = parseGpresultXml('g.xml', text(f));
    assert.ok(g.computerResults === 'present');
    assert.equal(g.settings[0]?.setting, 'fips-algorithm-policy-legacy');
  });

  it('FIPS set that way is the GPO’s, not "written directly", although the database does not define it', () => {
    const d = diagnoseFolder([GP, FIPS_ON, NO_POLICY, TCP_2, SECEDIT_NOT_DEFINED]);
    // The same GPO also writes MinEncryptionLevel 4, absent here: a drift cause (it comes back at the
    // GPO's next refresh), the GPO's too.
    assert.deepEqual(causesOf(d), [
      'fips-algorithm-policy/domain-group-policy/Contoso RDS Hardening/registry-setting',
      'rdp-encryption-policy/domain-group-policy/Contoso RDS Hardening/registry-setting',
    ]);
    assert.equal(d.causes[1]?.forcesFipsNow, false);
    assert.equal(d.causes[1]?.drift?.registryNow, null);
    assert.equal(exitCodeForDiagnosis(d), 2);
    assert.match(d.causes[0]?.remedy.steps.join(' ') ?? '', /Remove-GPRegistryValue -Guid 7D0C2E41-/);
    const p = planRemediation(d);
    assert.equal(p.kind, 'refused');
    assert.match(p.kind === 'refused' ? p.reasons.join(' ') : '', /Contoso RDS Hardening/);
  });

  it('with the policy value too: two causes, both the GPO’s, plan refused', () => {
    const d = diagnoseFolder([GP, FIPS_ON, POLICY_4, TCP_2, SECEDIT_NOT_DEFINED]);
    assert.deepEqual(causesOf(d), [
      'fips-algorithm-policy/domain-group-policy/Contoso RDS Hardening/registry-setting',
      'rdp-encryption-policy/domain-group-policy/Contoso RDS Hardening/registry-setting',
    ]);
    assert.equal(planRemediation(d).kind, 'refused');
  });
});

describe('Group Policy Preferences registry items', () => {
  const GP = formats('gpresult-gpp-registry-fips.xml', 'gpresult.xml');

  it('reads each item with its action, hive, key, name and hex value, matched by namespace', () => {
    const g = parseGpresultXml('g.xml', text(GP));
    assert.ok(g.computerResults === 'present');
    assert.deepEqual(
      g.settings.map((s) => [s.setting, s.kind, s.action, s.data, s.gpo.name]),
      [
        ['fips-algorithm-policy', 'preference', 'U', 1, 'Contoso RDS Hardening'],
        ['rdp-tcp-encryption-level', 'preference', 'R', 4, 'Contoso RDS Hardening'],
      ],
    );
  });

  it('FIPS and the RDP-Tcp level written by preferences: the GPO’s, never "written directly" or the connection’s own', () => {
    const d = diagnoseFolder([GP, FIPS_ON, NO_POLICY, TCP_4, SECEDIT_NOT_DEFINED]);
    assert.deepEqual(causesOf(d), [
      'fips-algorithm-policy/domain-group-policy/Contoso RDS Hardening/preference',
      'rdp-tcp-encryption-level/domain-group-policy/Contoso RDS Hardening/preference',
    ]);
    assert.equal(exitCodeForDiagnosis(d), 2);
    const steps = d.causes[1]?.remedy.steps.join(' ') ?? '';
    assert.match(steps, /change or remove the Group Policy Preferences registry item/);
    assert.match(steps, /reapplied by their own client-side extension/);
    const p = planRemediation(d);
    assert.equal(p.kind, 'refused');
  });

  it('an item whose action is Delete does not set the value: not that GPO’s', () => {
    const f = gpresultVariant(
      'gpresult-gpp-registry-fips.xml',
      (x) => x.replace('action="U"', 'action="D"'),
      'gpresult.xml',
    );
    const g = parseGpresultXml('g.xml', text(f));
    assert.ok(g.computerResults === 'present');
    assert.deepEqual(
      g.settings.filter((s) => s.setting === 'fips-algorithm-policy').map((s) => [s.action, s.data]),
      [['D', null]],
    );
    const d = diagnoseFolder([f, FIPS_ON, NO_POLICY, TCP_2, SECEDIT_NOT_DEFINED]);
    assert.deepEqual(causesOf(d), ['fips-algorithm-policy/registry']);
  });

  it('refuses a value that is not 8 hex digits of a REG_DWORD in range, naming the file', () => {
    const f = gpresultVariant('gpresult-gpp-registry-fips.xml', (x) =>
      x.replace('value="00000004"', 'value="00000009"'),
    );
    assert.throws(() => parseGpresultXml(f.name, text(f)), /encryption levels are 1 to 4/);
  });
});

describe('Administrative Template policies FipsFix cannot map', () => {
  const GP = formats('gpresult-custom-rdp-template.xml', 'gpresult.xml');

  it('are listed with their GPO, in English reports too', () => {
    const g = parseGpresultXml('g.xml', text(GP));
    assert.ok(g.computerResults === 'present');
    assert.deepEqual(
      (g.unmappedTemplates ?? []).map((t) => [t.name, t.gpo.name]),
      [
        [
          'Require user authentication for remote connections by using Network Level Authentication',
          'Contoso RDS Baseline',
        ],
        ['Contoso: RDS channel encryption', 'Contoso RDS Baseline'],
      ],
    );
  });

  it('a policy value of 4 no known policy sets, under a GPO with such templates: unknown, never "written directly"', () => {
    for (const withPol of [false, true]) {
      const files = [GP, FIPS_OFF, POLICY_4, TCP_2, SECEDIT_OFF];
      // The local GPO's Registry.pol settles the local GPO's templates, not the domain GPO's.
      if (withPol) files.push(formats('registry-pol-high.pol', 'Registry.pol'));
      const d = diagnoseFolder(files);
      assert.deepEqual(causesOf(d), ['rdp-encryption-policy/unknown']);
      assert.equal(exitCodeForDiagnosis(d), 2);
      const settle = d.causes[0]?.remedy.settleWith ?? [];
      assert.ok(settle.some((s) => s.startsWith('rsop.json')));
      assert.ok(settle.some((s) => s.includes('Get-GPOReport')));
      assert.match(
        d.causes[0]?.evidence.map((e) => e.read).join(' ') ?? '',
        /Contoso: RDS channel encryption/,
      );
      assert.equal(planRemediation(d).kind, 'refused');
    }
  });

  it('only the local GPO’s templates, with its Registry.pol read: settled by Registry.pol → registry', () => {
    const f = gpresultVariant('gpresult-custom-rdp-template.xml', (x) =>
      x
        .split(
          '{5C1E7D3A-9B24-4F6E-8A1D-2E7B40C9F315}</Identifier>\r\n            <Domain xmlns="http://www.microsoft.com/GroupPolicy/Types">contoso.com</Domain>',
        )
        .join('LocalGPO</Identifier>'),
    );
    const d = diagnoseFolder([
      f,
      FIPS_OFF,
      POLICY_4,
      TCP_2,
      SECEDIT_OFF,
      formats('registry-pol-high.pol', 'Registry.pol'),
    ]);
    assert.deepEqual(causesOf(d), ['rdp-encryption-policy/registry']);
  });
});

/** rsop.json for the same server as the gpresult fixtures' "Contoso RDS Baseline", in collect's shape. */
function rsopFor(change: (doc: { registryPolicySettings: Record<string, unknown>[] }) => void): EvidenceFile {
  const doc = JSON.parse(readFileSync(join(FORMATS, 'rsop-domain-fips-rdp.json'), 'utf8')) as {
    gpos: { id: string; name: string }[];
    registryPolicySettings: Record<string, unknown>[];
    securityRegistryValues: unknown[];
  };
  const json = JSON.stringify(doc)
    .split('{7D0C2E41-5B93-4E86-A1F2-3C9B6E0D4A17}')
    .join('{5C1E7D3A-9B24-4F6E-8A1D-2E7B40C9F315}')
    .split('Contoso RDS Hardening')
    .join('Contoso RDS Baseline');
  const out = JSON.parse(json) as typeof doc;
  out.securityRegistryValues = []; // the FIPS option is not what these tests are about
  change(out);
  return { name: 'rsop.json', bytes: new TextEncoder().encode(JSON.stringify(out, null, 2)) };
}
const isMinEncryption = (r: Record<string, unknown>): boolean => r['valueName'] === 'MinEncryptionLevel';

describe('rsop.json in the evidence folder, beside gpresult', () => {
  it('is recognised by content and names the GPO that writes the key, where gpresult had only a template name', () => {
    const r = evidenceFromFiles([
      formats('gpresult-custom-rdp-template.xml', 'gpresult.xml'),
      rsopFor(() => undefined),
      FIPS_OFF,
      POLICY_4,
      TCP_2,
      SECEDIT_OFF,
    ]);
    assert.ok(r.used.some((u) => u.file === 'rsop.json' && u.format === 'rsop-json'));
    const d = diagnose(r.evidence);
    assert.deepEqual(causesOf(d), [
      'rdp-encryption-policy/domain-group-policy/Contoso RDS Baseline/registry-setting',
    ]);
    assert.equal(planRemediation(d).kind, 'refused');
  });

  it('RSoP showing no GPO writes MinEncryptionLevel rules the unmapped templates out → registry, fixable', () => {
    const rsop = rsopFor((doc) => {
      doc.registryPolicySettings = doc.registryPolicySettings.filter((r) => !isMinEncryption(r));
    });
    const d = diagnoseFolder([
      formats('gpresult-custom-rdp-template.xml', 'gpresult.xml'),
      rsop,
      FIPS_OFF,
      POLICY_4,
      TCP_2,
      SECEDIT_OFF,
    ]);
    assert.deepEqual(causesOf(d), ['rdp-encryption-policy/registry']);
    const p = planRemediation(d);
    assert.equal(p.kind === 'changes' ? p.changes.map((c) => c.via).join() : p.kind, 'registry');
  });

  it('gpresult still supplies the Preferences items RSoP does not log', () => {
    const rsop = rsopFor((doc) => {
      doc.registryPolicySettings = doc.registryPolicySettings.filter((r) => !isMinEncryption(r));
    });
    const gpp = gpresultVariant(
      'gpresult-gpp-registry-fips.xml',
      (x) =>
        x
          .split('{7D0C2E41-5B93-4E86-A1F2-3C9B6E0D4A17}')
          .join('{5C1E7D3A-9B24-4F6E-8A1D-2E7B40C9F315}')
          .split('Contoso RDS Hardening')
          .join('Contoso RDS Baseline'),
      'gpresult.xml',
    );
    const d = diagnoseFolder([gpp, rsop, FIPS_OFF, NO_POLICY, TCP_4, SECEDIT_OFF]);
    // The preference item also enables FIPS, off here: a drift cause, put back by the Preferences
    // extension at its next run.
    assert.deepEqual(causesOf(d), [
      'fips-algorithm-policy/domain-group-policy/Contoso RDS Baseline/preference',
      'rdp-tcp-encryption-level/domain-group-policy/Contoso RDS Baseline/preference',
    ]);
    assert.equal(d.causes[0]?.forcesFipsNow, false);
  });

  it('RSoP alone: Preferences are not ruled out, so a 4 no GPO writes is unknown, not "written directly"', () => {
    const rsop = rsopFor((doc) => {
      doc.registryPolicySettings = doc.registryPolicySettings.filter((r) => !isMinEncryption(r));
    });
    const d = diagnoseFolder([rsop, FIPS_OFF, POLICY_4, TCP_2, SECEDIT_OFF]);
    assert.deepEqual(causesOf(d), ['rdp-encryption-policy/unknown']);
    assert.match(
      d.causes[0]?.evidence.map((e) => e.read).join(' ') ?? '',
      /Preferences registry items are not in RSoP/,
    );
  });

  it('a winning row FipsFix cannot use (REG_SZ) makes the source unknown, never fixable on the other rows', () => {
    const rsop = rsopFor((doc) => {
      const row = doc.registryPolicySettings.find((r) => isMinEncryption(r) && r['precedence'] === 1);
      assert.ok(row);
      row['valueType'] = 1;
      row['value'] = [52, 0, 0, 0];
    });
    const d = diagnoseFolder([
      formats('gpresult-domain-rdp-policy-high.xml', 'gpresult.xml'),
      rsop,
      FIPS_OFF,
      POLICY_4,
      TCP_2,
      SECEDIT_OFF,
    ]);
    assert.deepEqual(causesOf(d), ['rdp-encryption-policy/unknown']);
    assert.match(d.causes[0]?.evidence.map((e) => e.read).join(' ') ?? '', /REG_SZ, not a REG_DWORD/);
    assert.equal(planRemediation(d).kind, 'refused');
  });
});

describe('the RDP policy enabled at a level FipsFix cannot name (point 7)', () => {
  const CUSTOM = formats('gpresult-rdp-policy-unnamed-level.xml', 'gpresult.xml');
  const LOCALIZED = gpresultVariant(
    'gpresult-domain-rdp-policy-high.xml',
    (x) => x.replace('<q2:Name>High Level</q2:Name>', '<q2:Name>Niveau élevé</q2:Name>'),
    'gpresult.xml',
  );

  for (const [what, gp] of [
    ['a custom template’s item', CUSTOM],
    ['a translated drop-down', LOCALIZED],
  ] as const) {
    it(`${what}, the policy value unread: the listener’s 4 is not the cause; level unknown, exit 2`, () => {
      const d = diagnoseFolder([gp, FIPS_OFF, TCP_4, SECEDIT_OFF]);
      assert.deepEqual(d.causes, []);
      assert.equal(d.verdict, 'incomplete');
      assert.equal(exitCodeForDiagnosis(d), 2);
      assert.equal(d.effectiveLevel.decidedBy, 'unknown');
      assert.deepEqual(
        d.notes.map((n) => n.kind),
        ['overridden'],
      );
      const gap = d.evidenceGaps.find((g) => g.what.includes('Set client connection encryption level'));
      assert.ok(gap, JSON.stringify(d.evidenceGaps));
      assert.match(gap.settleWith, /Terminal Services.*rsop\.json/s);
      assert.equal(
        d.evidenceGaps.some((g) => g.what.includes('RDP-Tcp')),
        false,
      );
      assert.notEqual(planRemediation(d).kind, 'changes');
    });
  }

  it('with the policy value read as 4: unknown who set it, never "blocked by RDP-Tcp, fixable"', () => {
    const d = diagnoseFolder([CUSTOM, FIPS_OFF, POLICY_4, TCP_4, SECEDIT_OFF]);
    assert.deepEqual(causesOf(d), [
      'rdp-encryption-policy/unknown',
      'rdp-tcp-encryption-level/rdp-tcp-connection',
    ]);
    assert.equal(d.causes[1]?.forcesFipsNow, false);
    assert.equal(exitCodeForDiagnosis(d), 2);
    assert.equal(planRemediation(d).kind, 'refused');
  });

  it('with the policy value read as 3: the policy decides, the listener’s 4 is overridden', () => {
    const policy3: EvidenceFile = {
      name: 'policies.reg',
      bytes: utf16leWithBom(text(POLICY_4).replace('dword:00000004', 'dword:00000003')),
    };
    const d = diagnoseFolder([CUSTOM, FIPS_OFF, policy3, TCP_4, SECEDIT_OFF]);
    assert.equal(d.verdict, 'not-blocked');
    assert.deepEqual(
      d.notes.map((n) => n.kind),
      ['overridden'],
    );
  });
});

describe('**soft. local GPO records', () => {
  const SOFT = formats('registry-pol-soft.pol', 'Registry.pol');

  it('a soft 4 and a value of 4, no other policy: the local GPO', () => {
    // No gpresult here: a domain GPO is not ruled out, which the note says (a soft record changes nothing there).
    const d = diagnoseFolder([SOFT, FIPS_OFF, POLICY_4, TCP_2, SECEDIT_OFF]);
    assert.deepEqual(causesOf(d), [
      'rdp-encryption-policy/local-group-policy/Local Group Policy/registry-setting',
    ]);
    assert.deepEqual(
      d.notes.map((n) => n.kind),
      ['domain-gpo-not-ruled-out'],
    );
  });

  it('a soft 4 is not the value in force when the server has another: no cause, and no "overridden" note', () => {
    const policy3: EvidenceFile = {
      name: 'policies.reg',
      bytes: utf16leWithBom(text(POLICY_4).replace('dword:00000004', 'dword:00000003')),
    };
    const d = diagnoseFolder([SOFT, FIPS_OFF, policy3, TCP_2, SECEDIT_OFF]);
    assert.deepEqual(d.causes, []);
    assert.deepEqual(d.notes, []);
  });

  it('unread, the value is not taken from a soft record: a gap', () => {
    const ev = evidence({ fips: 0, tcp: 2, gpresult: [], registryPol: 4 });
    const pol = ev.localGpo?.rdpEncryptionPolicy;
    assert.ok(pol?.state === 'set');
    const soft: Evidence = { ...ev, localGpo: { rdpEncryptionPolicy: { ...pol, soft: true } } };
    const d = diagnose(soft);
    assert.equal(d.verdict, 'incomplete');
    assert.ok(d.evidenceGaps.some((g) => g.what.includes('Terminal Services')));
    // The same record without **soft. is the value: a cause.
    assert.equal(diagnose(ev).causes.length, 1);
  });
});

describe('tattoos are named in the diagnosis', () => {
  it('FIPS on, the database holds it, gpresult shows no GPO defining it: a tattoo, fixable locally', () => {
    const d = diagnose(evidence({ fips: 1, policy: null, tcp: 2, secedit: { fips: 1 }, gpresult: [] }));
    const c = d.causes[0];
    assert.equal(c?.source, 'local-security-policy');
    assert.equal(c?.tattoo, true);
    assert.match(c?.remedy.summary ?? '', /left behind by a GPO that no longer applies/i);
    assert.match(d.summary, /left behind by a GPO that no longer applies/);
    assert.equal(planRemediation(d).kind, 'changes');
  });

  it('not when the local GPO defines it, nor when gpresult cannot show the GPOs', () => {
    const local = diagnose(
      evidence({
        fips: 1,
        policy: null,
        tcp: 2,
        secedit: { fips: 1 },
        gpresult: [gpSetting('fips-algorithm-policy', LOCAL, 1)],
      }),
    );
    assert.equal(local.causes[0]?.tattoo, undefined);
    const unelevated = diagnose(
      evidence({ fips: 1, policy: null, tcp: 2, secedit: { fips: 1 }, gpresult: 'unelevated' }),
    );
    assert.equal(unelevated.causes[0]?.source, 'unknown');
    assert.equal(unelevated.causes[0]?.tattoo, undefined);
  });
});

describe('evidence lines are never listed twice on one cause or note', () => {
  it('the secedit line, with the registry unread, appears once', () => {
    const d = diagnose(evidence({ policy: null, tcp: 2, secedit: { fips: 1 }, gpresult: [] }));
    const lines = d.causes[0]?.evidence ?? [];
    assert.ok(lines.length > 0);
    const keys = lines.map((e) => `${e.file}|${e.location}`);
    assert.deepEqual(keys, [...new Set(keys)]);
    assert.match(lines[0]?.read ?? '', /registry not read/);
  });

  it('the winning GPO line, with the registry unread, appears once', () => {
    const d = diagnose(
      evidence({
        tcp: 2,
        secedit: { fips: 0 },
        gpresult: [gpSetting('rdp-encryption-policy', LOCAL, 4, 1, 'registry-setting')],
        registryPol: 4,
      }),
    );
    for (const c of d.causes) {
      const keys = c.evidence.map((e) => `${e.file}|${e.location}`);
      assert.deepEqual(keys, [...new Set(keys)]);
    }
  });
});

describe('FIPS written by a registry value in the local GPO', () => {
  it('is the local GPO, not local security policy; the plan refuses with what to do', () => {
    const d = diagnose(
      evidence({
        fips: 1,
        policy: null,
        tcp: 2,
        secedit: {},
        gpresult: [gpSetting('fips-algorithm-policy', LOCAL, 1, 1, 'registry-setting')],
      }),
    );
    assert.deepEqual(causesOf(d), [
      'fips-algorithm-policy/local-group-policy/Local Group Policy/registry-setting',
    ]);
    const p = planRemediation(d);
    assert.equal(p.kind, 'refused');
    assert.match(p.kind === 'refused' ? p.reasons.join(' ') : '', /Registry\.pol/);
  });
});
