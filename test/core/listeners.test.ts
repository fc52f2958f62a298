// Every RDP listener (issue 11, points 4 and 9), from reg export files in reg export's own format
// (test/fixtures/formats/listeners, UTF-16LE with BOM and CRLF) and the shared sample's FIPS and
// policy exports: diagnose, plan, and the allow-list that guards what the plan may write.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/core/diagnose';
import { DiagnosisSchema } from '../../src/core/diagnosis-schema';
import { exitCodeForDiagnosis, exitCodeForPlan } from '../../src/core/exit-codes';
import { evidenceFromFiles, type EvidenceFile } from '../../src/core/formats/evidence-folder';
import { parseGpresultXml } from '../../src/core/formats/gpresult-xml';
import { InvalidEvidence } from '../../src/core/formats/invalid-evidence';
import { decodeText } from '../../src/core/formats/text-encoding';
import { allowListProblems, planRemediation, PlanSchema } from '../../src/core/plan';
import { isPlainListenerName, listenerLevelId, managedValue } from '../../src/core/settings';
import { evidence } from '../evidence-builder';
import { utf16leWithBom } from '../fixture-writers';

const LISTENERS = join(__dirname, '../fixtures/formats/listeners');
const SAMPLE = join(__dirname, '../fixtures/shared-evidence/listener-fips');
const file = (dir: string, name: string): EvidenceFile => ({
  name,
  bytes: new Uint8Array(readFileSync(join(dir, name))),
});
/**
 * FIPS off (the sample's fips.reg), no Terminal Services policy key (its policies.reg) and its elevated
 * gpresult, in which no GPO writes a listener's level (without it, who set a listener's 4 is unknown).
 */
function folder(...names: string[]): ReturnType<typeof diagnose> {
  const files = [
    file(SAMPLE, 'fips.reg'),
    file(SAMPLE, 'policies.reg'),
    file(SAMPLE, 'gpresult.xml'),
    ...names.map((n) => file(LISTENERS, n)),
  ];
  return DiagnosisSchema.parse(diagnose(evidenceFromFiles(files).evidence));
}
const WS = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations';

describe('every listener under WinStations', () => {
  it('a second listener at FIPS is a cause of its own, named, fixable on its own value', () => {
    const d = folder('winstations-three-listeners.reg');
    assert.equal(d.verdict, 'blocked');
    assert.equal(exitCodeForDiagnosis(d), 1);
    assert.deepEqual(
      d.causes.map((c) => [c.id, c.listener, c.source, c.fixableLocally, c.forcesFipsNow]),
      [['listener-encryption-level:RDP-Tcp-3390', 'RDP-Tcp-3390', 'rdp-tcp-connection', true, true]],
    );
    assert.equal(d.causes[0]?.registryValue, `${WS}\\RDP-Tcp-3390\\MinEncryptionLevel`);
    assert.match(d.summary, /blocked by the RDP-Tcp-3390 encryption level/);
    // RDP-Tcp itself is fine, and the level in force there says so; Console is no listener.
    assert.equal(d.effectiveLevel.level, 2);
    assert.deepEqual(
      d.listeners?.map((l) => [
        l.name,
        l.portNumber,
        l.effectiveLevel.level,
        l.securityLayer.value,
        l.userAuthentication.value,
      ]),
      [
        ['RDP-Tcp', 3389, 2, 2, 1],
        ['RDP-Tcp-3390', 3390, 4, 0, 0],
      ],
    );
    assert.deepEqual(
      d.listeners?.map((l) => l.securityLayer.setBy),
      ['listener', 'listener'],
    );
  });

  it('RDP-Tcp causes carry listener "RDP-Tcp" and keep their fixed id', () => {
    const d = folder('winstations-rdp-tcp-fips.reg');
    assert.deepEqual(
      d.causes.map((c) => [c.id, c.listener, c.source]),
      [['rdp-tcp-encryption-level', 'RDP-Tcp', 'rdp-tcp-connection']],
    );
  });

  it('plan: the listener value is changed where it was set, by a parameterised id the allow-list accepts', () => {
    const p = planRemediation(folder('winstations-three-listeners.reg'));
    assert.equal(p.kind, 'changes');
    if (p.kind !== 'changes') return;
    assert.deepEqual(
      p.changes.map((c) => [c.id, c.registryValue, c.via, c.before, c.after]),
      [
        [
          'listener-encryption-level:RDP-Tcp-3390',
          `${WS}\\RDP-Tcp-3390\\MinEncryptionLevel`,
          'rdp-tcp-value',
          4,
          3,
        ],
      ],
    );
    assert.deepEqual(allowListProblems(PlanSchema.parse(JSON.parse(JSON.stringify(p)))), []);
    // Low is possible on RDP-Tcp-3390, whose layer is the RDP Security Layer, once confirmed.
    const low = planRemediation(folder('winstations-three-listeners.reg'), {
      rdpTargetLevel: 1,
      confirmLowLevel: true,
    });
    assert.equal(low.kind, 'changes');
  });

  it('a FIPS level under SSL (TLS) still blocks, is noted, and Low is refused with High offered', () => {
    const d = folder('winstations-tls-fips.reg');
    assert.equal(d.verdict, 'blocked');
    assert.deepEqual(
      d.causes.map((c) => c.listener),
      ['RDP-Tcp-3390'],
    );
    assert.ok(
      d.notes.some(
        (n) => n.kind === 'evidence' && /RDP-Tcp-3390.*SSL \(TLS\).*MS-RDPBCGR 5\.4\.1/.test(n.message),
      ),
    );
    const low = planRemediation(d, { rdpTargetLevel: 1, confirmLowLevel: true });
    assert.equal(low.kind, 'refused');
    assert.equal(exitCodeForPlan(low), 2);
    if (low.kind === 'refused')
      assert.match(
        low.reasons.join(' '),
        /RDP-Tcp-3390 listener's security layer is 2 \(SSL \(TLS\)\).*incompatible.*Choose High \(3\)/,
      );
    assert.equal(planRemediation(d).kind, 'changes');
  });

  it("the policy twin wins over the listener's layer: SSL by policy refuses Low on a listener that says RDP", () => {
    const files = [
      file(SAMPLE, 'fips.reg'),
      file(LISTENERS, 'policies-security-layer-ssl.reg'),
      file(LISTENERS, 'winstations-three-listeners.reg'),
    ];
    const d = diagnose(evidenceFromFiles(files).evidence);
    const l = d.listeners?.find((x) => x.name === 'RDP-Tcp-3390');
    assert.deepEqual(
      [l?.securityLayer.value, l?.securityLayer.setBy, l?.securityLayer.listenerValue],
      [2, 'group-policy', 0],
    );
    assert.match(l?.securityLayer.label ?? '', /SSL \(TLS\)\), set by Group Policy.*the listener says 0/);
    assert.deepEqual([l?.userAuthentication.value, l?.userAuthentication.setBy], [1, 'group-policy']);
    assert.equal(planRemediation(d, { rdpTargetLevel: 1, confirmLowLevel: true }).kind, 'refused');
  });

  it('a policy level of High overrides every listener: the 4 on RDP-Tcp-3390 is a note, not a cause', () => {
    const files = [
      file(SAMPLE, 'fips.reg'),
      file(LISTENERS, 'policies-level-high.reg'),
      file(LISTENERS, 'winstations-three-listeners.reg'),
    ];
    const d = diagnose(evidenceFromFiles(files).evidence);
    assert.equal(d.verdict, 'not-blocked');
    assert.ok(
      d.notes.some(
        (n) => n.kind === 'overridden' && /RDP-Tcp-3390 connection is set to FIPS/.test(n.message),
      ),
    );
    assert.deepEqual(
      d.listeners?.map((l) => [l.name, l.effectiveLevel.level, l.effectiveLevel.decidedBy]),
      [
        ['RDP-Tcp', 3, 'rdp-encryption-policy'],
        ['RDP-Tcp-3390', 3, 'rdp-encryption-policy'],
      ],
    );
  });

  it('with RDP-Tcp alone in the evidence, another listener is not ruled out: incomplete, exit 2, and what to collect', () => {
    const d = folder('rdp-tcp-only-healthy.reg');
    assert.equal(d.verdict, 'incomplete');
    assert.equal(exitCodeForDiagnosis(d), 2);
    assert.ok(
      d.evidenceGaps.some((g) => /reg export "HKLM\\.*\\WinStations" winstations\.reg/.test(g.settleWith)),
    );
    // RDP-Tcp's own layer is still read from its key.
    assert.equal(d.listeners?.[0]?.securityLayer.value, 1);
    // The whole key settles it; a key with a level but no PortNumber is no listener.
    const whole = folder('winstations-healthy.reg');
    assert.equal(whole.verdict, 'not-blocked');
    assert.deepEqual(
      whole.listeners?.map((l) => l.name),
      ['RDP-Tcp', 'RDP-Tcp-3390'],
    );
  });

  it('a listener level out of range in an export is refused, naming the key', () => {
    const bad = new TextDecoder('utf-16le')
      .decode(readFileSync(join(LISTENERS, 'winstations-three-listeners.reg')))
      .replace('"MinEncryptionLevel"=dword:00000004', '"MinEncryptionLevel"=dword:00000007');
    const bytes = new Uint8Array(Buffer.from(bad, 'utf16le'));
    assert.throws(
      () => evidenceFromFiles([{ name: 'winstations.reg', bytes }, file(SAMPLE, 'fips.reg')]),
      (e: unknown) =>
        e instanceof InvalidEvidence &&
        /RDP-Tcp-3390\] "MinEncryptionLevel" is 7, out of range/.test(e.message),
    );
  });
});

describe('RD Session Host in a collection', () => {
  it("the collection's configuration owns the listener: no local write, exit 2, and Set-RDSessionCollectionConfiguration named", () => {
    const d = folder('winstations-rdp-tcp-fips.reg', 'clustersettings-collection-member.reg');
    assert.equal(d.verdict, 'blocked');
    assert.equal(exitCodeForDiagnosis(d), 2);
    assert.deepEqual(d.sessionCollection && [d.sessionCollection.broker, d.sessionCollection.collection], [
      'rdcb01.contoso.com',
      'Finance Desktops',
    ]);
    const c = d.causes[0];
    assert.deepEqual([c?.listener, c?.source, c?.fixableLocally], ['RDP-Tcp', 'rdp-tcp-connection', false]);
    assert.match(
      c?.remedy.steps.join(' ') ?? '',
      /Set-RDSessionCollectionConfiguration -CollectionName "Finance Desktops" -EncryptionLevel High -ConnectionBroker rdcb01\.contoso\.com/,
    );
    assert.ok(
      c?.evidence.some(
        (e) =>
          e.file === 'clustersettings-collection-member.reg' && /SessionDirectoryActive = 1/.test(e.read),
      ),
    );
    const p = planRemediation(d);
    assert.equal(p.kind, 'refused');
    assert.equal(exitCodeForPlan(p), 2);
    if (p.kind === 'refused')
      assert.match(
        p.reasons.join(' '),
        /RD Session Host in a collection.*no local listener write.*Set-RDSessionCollectionConfiguration/,
      );
  });

  it('the FIPS option is a separate setting: still fixable by its own method on a collection host', () => {
    const d = diagnose(
      evidence({
        fips: 1,
        policy: null,
        tcp: 2,
        secedit: { fips: 1 },
        gpresult: [],
        sessionDirectory: { active: 1, location: 'rdcb01.contoso.com' },
      }),
    );
    assert.deepEqual(
      d.causes.map((c) => [c.id, c.source, c.fixableLocally]),
      [['fips-algorithm-policy', 'local-security-policy', true]],
    );
    assert.equal(planRemediation(d).kind, 'changes');
  });

  it('a ClusterSettings key with SessionDirectoryActive 0 is not a collection member', () => {
    const d = folder('winstations-rdp-tcp-fips.reg', 'clustersettings-inactive.reg');
    assert.equal(d.sessionCollection, undefined);
    assert.equal(d.causes[0]?.fixableLocally, true);
  });
});

describe('the listener allow-list', () => {
  it('a listener name is one plain key name: no backslash, no "..", no control character, at most 32 characters, not Console', () => {
    for (const ok of ['RDP-Tcp-3390', 'rdp-sxs230815', 'ICA-TCP', 'A'.repeat(32)])
      assert.ok(isPlainListenerName(ok), ok);
    for (const bad of [
      '',
      'RDP-Tcp\\..\\..\\Lsa',
      'a..b',
      'x\u0000',
      ' RDP',
      'A'.repeat(33),
      'Console',
      'CONSOLE',
    ])
      assert.equal(isPlainListenerName(bad), false, JSON.stringify(bad));
    assert.equal(listenerLevelId('rdp-tcp'), 'rdp-tcp-encryption-level');
    assert.equal(managedValue(listenerLevelId('RDP-Tcp-3390')).key, `${WS.slice(5)}\\RDP-Tcp-3390`);
  });

  it('a plan naming another key through a listener id is not a valid plan, and a mismatched path is refused', () => {
    const good = planRemediation(folder('winstations-three-listeners.reg'));
    assert.equal(good.kind, 'changes');
    if (good.kind !== 'changes') return;
    const change = good.changes[0];
    assert.ok(change);
    for (const id of [
      'listener-encryption-level:RDP-Tcp-3390\\..\\..\\..\\Lsa',
      'listener-encryption-level:Console',
      'listener-encryption-level:RDP-Tcp',
      'listener-encryption-level:',
    ])
      assert.equal(PlanSchema.safeParse({ ...good, changes: [{ ...change, id }] }).success, false, id);
    const moved = { ...good, changes: [{ ...change, registryValue: `${WS}\\RDP-Tcp\\MinEncryptionLevel` }] };
    assert.match(
      allowListProblems(PlanSchema.parse(moved)).join(' '),
      /is not where MinEncryptionLevel lives/,
    );
    const twice = {
      ...good,
      changes: [
        change,
        {
          ...change,
          id: 'listener-encryption-level:RDP-TCP-3390' as const,
          registryValue: `${WS}\\RDP-TCP-3390\\MinEncryptionLevel`,
        },
      ],
    };
    assert.match(allowListProblems(PlanSchema.parse(twice)).join(' '), /changed twice/);
    const viaRegistry = { ...good, changes: [{ ...change, via: 'registry' as const }] };
    assert.match(
      allowListProblems(PlanSchema.parse(viaRegistry)).join(' '),
      /cannot be changed via registry/,
    );
  });
});

// The listener rule on top of the rules for who set a value (the merge of issue 11's points 1, 4, 5
// and 7): a GPO route that writes a listener's own level makes that GPO the source; under a policy
// level FipsFix cannot name, a listener's 4 is a note; a listener's own value has no refresh rule.
describe('every listener, by the rules for who set a value', () => {
  const FORMATS = join(__dirname, '../fixtures/formats');
  /** gpresult with its Preferences items changed, written back as gpresult writes it (UTF-16LE, BOM). */
  function gpresultWith(name: string, change: (xml: string) => string): EvidenceFile {
    const xml = decodeText(name, new Uint8Array(readFileSync(join(FORMATS, name)))).text;
    const changed = change(xml);
    assert.notEqual(changed, xml, 'the variant changes something');
    return { name: 'gpresult.xml', bytes: utf16leWithBom(changed) };
  }
  // The fixture's Preferences items, moved: FIPS written as 0 (off, as fips.reg says), and the
  // MinEncryptionLevel item (Replace, 4) written to RDP-Tcp-3390 instead of RDP-Tcp.
  const PREFERENCE_3390 = gpresultWith('gpresult-gpp-registry-fips.xml', (x) =>
    x
      .replace('value="00000001"', 'value="00000000"')
      .replace(
        'WinStations\\RDP-Tcp" name="MinEncryptionLevel"',
        'WinStations\\RDP-Tcp-3390" name="MinEncryptionLevel"',
      ),
  );

  it("a domain GPO's Preferences item writing another listener's level: that GPO is the source, not fixable here", () => {
    const g = parseGpresultXml('gpresult.xml', decodeText('gpresult.xml', PREFERENCE_3390.bytes).text);
    assert.ok(g.computerResults === 'present');
    assert.deepEqual(
      g.settings.filter((s) => s.kind === 'preference').map((s) => [s.setting, s.action, s.data]),
      [
        ['fips-algorithm-policy', 'U', 0],
        ['listener-encryption-level:RDP-Tcp-3390', 'R', 4],
      ],
    );
    const d = DiagnosisSchema.parse(
      diagnose(
        evidenceFromFiles([
          PREFERENCE_3390,
          file(SAMPLE, 'fips.reg'),
          file(SAMPLE, 'policies.reg'),
          file(SAMPLE, 'secedit-export.inf'),
          file(LISTENERS, 'winstations-three-listeners.reg'),
        ]).evidence,
      ),
    );
    assert.deepEqual(
      d.causes.map((c) => [
        c.id,
        c.listener,
        c.source,
        c.gpo?.name,
        c.route,
        c.fixableLocally,
        c.refresh?.rule,
      ]),
      [
        [
          'listener-encryption-level:RDP-Tcp-3390',
          'RDP-Tcp-3390',
          'domain-group-policy',
          'Contoso RDS Hardening',
          'preference',
          false,
          'preferences',
        ],
      ],
    );
    assert.equal(exitCodeForDiagnosis(d), 2);
    assert.match(d.causes[0]?.remedy.steps.join(' ') ?? '', /Group Policy Preferences registry item/);
    assert.equal(planRemediation(d).kind, 'refused');
  });

  it("without a GPO writing it, another listener's own value has no refresh rule: nothing puts it back", () => {
    const d = folder('winstations-three-listeners.reg');
    assert.deepEqual(
      d.causes.map((c) => [c.listener, c.source, c.refresh?.rule]),
      [['RDP-Tcp-3390', 'rdp-tcp-connection', 'none']],
    );
  });

  it('under the RDP policy at a level FipsFix cannot name, another listener at 4 is a note, not a cause', () => {
    const d = DiagnosisSchema.parse(
      diagnose(
        evidenceFromFiles([
          {
            name: 'gpresult.xml',
            bytes: new Uint8Array(readFileSync(join(FORMATS, 'gpresult-rdp-policy-unnamed-level.xml'))),
          },
          file(SAMPLE, 'fips.reg'),
          file(SAMPLE, 'secedit-export.inf'),
          file(LISTENERS, 'winstations-three-listeners.reg'),
        ]).evidence,
      ),
    );
    assert.deepEqual(d.causes, []);
    assert.equal(d.verdict, 'incomplete');
    assert.equal(exitCodeForDiagnosis(d), 2);
    const notes = d.notes.filter((n) => n.kind === 'overridden').map((n) => n.message);
    assert.equal(notes.length, 1, JSON.stringify(d.notes));
    assert.match(notes[0] ?? '', /The RDP-Tcp-3390 connection is set to FIPS Compliant \(4\).*cannot name/);
    // The policy decides for every listener: no gap about the other listeners.
    assert.equal(
      d.evidenceGaps.some((g) => g.what.startsWith('Every RDP listener')),
      false,
    );
  });
});
