// Each Windows export format, read from fixtures in its real shape (test/fixtures/formats, built
// from public real exports) and from the shared samples; and each way such a file can be bad.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseGpresultXml } from '../../../src/core/formats/gpresult-xml';
import { InvalidEvidence } from '../../../src/core/formats/invalid-evidence';
import { parseRegExport } from '../../../src/core/formats/reg-export';
import { localGpoPolicyFrom, parseRegistryPol } from '../../../src/core/formats/registry-pol';
import { parseSeceditExport } from '../../../src/core/formats/secedit-inf';
import { decodeText } from '../../../src/core/formats/text-encoding';
import { parseWevtutilEvents } from '../../../src/core/formats/wevtutil-events';
import { encodePol, utf16leWithBom } from '../../fixture-writers';
import { evidence } from '../../evidence-builder';
import { diagnose } from '../../../src/core/diagnose';
import type { GroupPolicyResult } from '../../../src/core/evidence';

const FORMATS = join(__dirname, '../../fixtures/formats');
const SHARED = join(__dirname, '../../fixtures/shared-evidence');
const bytes = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const text = (p: string): string => decodeText(p, bytes(p)).text;

function assertInvalid(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InvalidEvidence, `expected InvalidEvidence, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('reg export', () => {
  it('reads a UTF-16LE export with wrapped hex data, and finds MinEncryptionLevel', () => {
    const r = parseRegExport('rdp-tcp.reg', bytes(join(SHARED, 'listener-fips/rdp-tcp.reg')));
    const key = r.keys.get(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CURRENTCONTROLSET\\CONTROL\\TERMINAL SERVER\\WINSTATIONS\\RDP-TCP',
    );
    assert.deepEqual(key?.values.get('MINENCRYPTIONLEVEL')?.data, { type: 'REG_DWORD', value: 4 });
    const sd = key?.values.get('DEFAULTSECURITY')?.data;
    assert.equal(sd && 'bytes' in sd ? sd.bytes.length : -1, 96);
  });

  it('reads escapes, QWORD, expand and multi strings, default values and empty keys', () => {
    const r = parseRegExport('escapes.reg', bytes(join(FORMATS, 'reg-export-escapes.reg')));
    const all = [...r.keys.values()].flatMap((k) => [...k.values.values()]);
    assert.ok(
      all.some((v) => v.name === ''),
      'the default value @=',
    );
    const str = (n: string): unknown => all.find((v) => v.name === n)?.data;
    assert.deepEqual(str('InstallDir'), { type: 'REG_SZ', value: 'C:\\Program Files\\Contoso\\FipsFix' });
    assert.deepEqual(str('Banner'), { type: 'REG_SZ', value: 'Press "Connect" to continue' });
    assert.ok(all.some((v) => v.data.type === 'REG_QWORD'));
    assert.ok(all.some((v) => v.data.type === 'REG_MULTI_SZ'));
  });

  it('reads the same export as UTF-8', () => {
    const t = text(join(SHARED, 'listener-fips/rdp-tcp.reg'));
    const r = parseRegExport('utf8.reg', new TextEncoder().encode(t));
    assert.equal(r.keys.size, 1);
  });

  it('refuses a truncated export', () => {
    const full = bytes(join(SHARED, 'listener-fips/rdp-tcp.reg'));
    assertInvalid(() => parseRegExport('cut.reg', full.subarray(0, 1201)), /odd number of bytes|truncated/);
    assertInvalid(() => parseRegExport('cut.reg', full.subarray(0, 1200)), /truncated|cannot read/);
    const t = text(join(SHARED, 'listener-fips/rdp-tcp.reg'));
    const cutAtLine = t.slice(0, t.indexOf('"MinEncryptionLevel"'));
    assertInvalid(() => parseRegExport('cut.reg', utf16leWithBom(cutAtLine)), /truncated/);
    const cutInWrap = t.slice(0, t.indexOf('5d,7e,9f,01')) + '\r\n';
    assertInvalid(() => parseRegExport('cut.reg', utf16leWithBom(cutInWrap)), /truncated|cannot read/);
  });

  it('refuses an import file (deletions) as evidence', () => {
    assertInvalid(
      () => parseRegExport('import.reg', bytes(join(FORMATS, 'reg-import-delete.reg'))),
      /import, not an export/,
    );
  });

  it('refuses a file that is not a reg export, and UTF-16 big-endian', () => {
    assertInvalid(() => parseRegExport('x.reg', utf16leWithBom('hello\r\n\r\n')), /not a reg export/);
    assertInvalid(() => parseRegExport('x.reg', new Uint8Array([0xfe, 0xff, 0, 0x57])), /big-endian/);
  });
});

describe('secedit export', () => {
  it('reads FIPSAlgorithmPolicy\\Enabled=4,1 from a sample', () => {
    const s = parseSeceditExport('s.inf', bytes(join(SHARED, 'fips-domain-gpo/secedit-export.inf')));
    assert.equal(s.fips.state === 'defined' && s.fips.data, 1);
    assert.equal(s.fipsLegacy.state, 'not-defined');
  });

  it('reads the Server 2003 value', () => {
    const s = parseSeceditExport('s.inf', bytes(join(FORMATS, 'secedit-legacy-fips.inf')));
    assert.equal(s.fipsLegacy.state === 'defined' && s.fipsLegacy.data, 1);
    assert.equal(s.fips.state, 'not-defined');
  });

  it('a missing line is Not Defined', () => {
    const s = parseSeceditExport('s.inf', bytes(join(FORMATS, 'secedit-fips-not-defined.inf')));
    assert.equal(s.fips.state, 'not-defined');
  });

  it('reads a template that went through another tool as UTF-8, with or without a byte-order mark', () => {
    const t = text(join(SHARED, 'fips-domain-gpo/secedit-export.inf'));
    const utf8 = new TextEncoder().encode(t);
    for (const b of [utf8, new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])]) {
      const s = parseSeceditExport('utf8.inf', b);
      assert.equal(s.fips.state === 'defined' && s.fips.data, 1);
    }
  });

  it('refuses an INF that is neither UTF-16LE nor UTF-8 (ANSI), naming the file', () => {
    const ansi = new Uint8Array([
      ...new TextEncoder().encode('[Unicode]\r\nUnicode=yes\r\nNewAdministratorName = "Adm'),
      0xe9,
      ...new TextEncoder().encode('"\r\n'),
    ]);
    assertInvalid(() => parseSeceditExport('ansi.inf', ansi), /^ansi\.inf: neither UTF-16LE nor UTF-8/);
  });

  it('refuses an export cut before [Version]', () => {
    const t = text(join(SHARED, 'fips-domain-gpo/secedit-export.inf'));
    assertInvalid(
      () => parseSeceditExport('cut.inf', utf16leWithBom(t.slice(0, t.indexOf('[Version]')))),
      /truncated/,
    );
  });

  it('refuses a FIPS value that is out of range or of the wrong type', () => {
    const t = text(join(SHARED, 'fips-domain-gpo/secedit-export.inf'));
    assertInvalid(
      () =>
        parseSeceditExport(
          'bad.inf',
          utf16leWithBom(t.replace('FIPSAlgorithmPolicy\\Enabled=4,1', 'FIPSAlgorithmPolicy\\Enabled=4,7')),
        ),
      /only 0 \(Disabled\) or 1/,
    );
    assertInvalid(
      () =>
        parseSeceditExport(
          'bad.inf',
          utf16leWithBom(t.replace('FIPSAlgorithmPolicy\\Enabled=4,1', 'FIPSAlgorithmPolicy\\Enabled=1,"1"')),
        ),
      /type 1/,
    );
  });
});

describe('gpresult /x', () => {
  it('finds the winning domain GPO for the FIPS option, with its name, GUID and link', () => {
    const g = parseGpresultXml('g.xml', text(join(SHARED, 'fips-domain-gpo/gpresult.xml')));
    assert.equal(g.computerResults, 'present');
    if (g.computerResults !== 'present') return;
    const fips = g.settings.filter((s) => s.setting === 'fips-algorithm-policy');
    assert.deepEqual(
      fips.map((s) => [s.gpo.name, s.gpo.id, s.gpo.linkedAt, s.precedence, s.data]),
      [
        [
          'Fabrikam Member Server Security',
          '{0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0}',
          'fabrikam.local/Servers',
          1,
          1,
        ],
      ],
    );
    assert.equal(g.computerName, 'APP-TS02');
  });

  it('matches by namespace URI whatever the prefixes (q7 for security, q3 for registry)', () => {
    const g = parseGpresultXml('g.xml', text(join(FORMATS, 'gpresult-prefix-q7.xml')));
    assert.ok(
      g.computerResults === 'present' &&
        g.settings.some((s) => s.setting === 'fips-algorithm-policy' && s.data === 1 && !s.gpo.isLocal),
    );
  });

  it('reads the Administrative Template "Set client connection encryption level" as High Level = 3', () => {
    const g = parseGpresultXml('g.xml', text(join(FORMATS, 'gpresult-domain-rdp-policy-high.xml')));
    const s =
      g.computerResults === 'present'
        ? g.settings.find((x) => x.setting === 'rdp-encryption-policy')
        : undefined;
    assert.deepEqual([s?.data, s?.kind, s?.gpo.name], [3, 'administrative-template', 'Contoso RDS Baseline']);
  });

  it('reads a bare registry setting MinEncryptionLevel=4 (Set-GPRegistryValue)', () => {
    const g = parseGpresultXml('g.xml', text(join(FORMATS, 'gpresult-domain-rdp-registry-4.xml')));
    const s =
      g.computerResults === 'present'
        ? g.settings.find((x) => x.setting === 'rdp-encryption-policy')
        : undefined;
    assert.deepEqual([s?.data, s?.kind], [4, 'registry-setting']);
  });

  it('an enabled template with no level it can name is outside 1–3, so 4', () => {
    const g = parseGpresultXml('g.xml', text(join(FORMATS, 'gpresult-domain-rdp-policy-unmapped-4.xml')));
    const s =
      g.computerResults === 'present'
        ? g.settings.find((x) => x.setting === 'rdp-encryption-policy')
        : undefined;
    assert.equal(s?.data, 4);
  });

  it('in another language the RDP policy is not recognised by name: flagged, never taken for "no GPO"', () => {
    const english = text(join(FORMATS, 'gpresult-domain-rdp-policy-high.xml'));
    const german = english
      .replace('<Name>Local Group Policy</Name>', '<Name>Lokale Gruppenrichtlinie</Name>')
      .replace(
        'Set client connection encryption level',
        'Verschlüsselungsstufe für Clientverbindungen festlegen',
      )
      .replace(
        'Require user authentication for remote connections by using Network Level Authentication',
        'Benutzerauthentifizierung mit Authentifizierung auf Netzwerkebene verlangen',
      );
    const g = parseGpresultXml('g.xml', german);
    assert.ok(g.computerResults === 'present' && g.unrecognisedDomainTemplates === true);
    assert.equal(
      g.computerResults === 'present' && g.settings.some((x) => x.setting === 'rdp-encryption-policy'),
      false,
    );
    const e = parseGpresultXml('g.xml', english);
    assert.equal(
      e.computerResults === 'present' && e.unrecognisedDomainTemplates,
      undefined,
      'English: recognised, nothing to flag',
    );
    // A policy value of 4 that no recognised GPO explains: unknown in German, not "written directly".
    const ev = (gp: GroupPolicyResult) => ({
      ...evidence({ fips: 0, policy: 4, tcp: 2, registryPol: 'not-defined' }),
      groupPolicy: gp,
    });
    assert.deepEqual(
      diagnose(ev(g)).causes.map((c) => c.source),
      ['unknown'],
    );
    const noPolicy = parseGpresultXml(
      'g.xml',
      english.replace('Set client connection encryption level', 'Some other policy'),
    );
    // Issue 11: an English report with templates FipsFix cannot map ("Some other policy", NLA) is
    // no proof that nothing writes the 4 either; a Policy element carries no key. Unknown, with
    // rsop.json or the GPO's settings report to settle it (docs/model.md).
    const noPolicyCauses = diagnose(ev(noPolicy)).causes;
    assert.deepEqual(
      noPolicyCauses.map((c) => c.source),
      ['unknown'],
    );
    assert.ok(noPolicyCauses[0]?.remedy.settleWith?.some((s) => s.startsWith('rsop.json')));
  });

  it('local security policy appears as the LocalGPO', () => {
    const g = parseGpresultXml('g.xml', text(join(FORMATS, 'gpresult-local-security-fips.xml')));
    const s =
      g.computerResults === 'present'
        ? g.settings.find((x) => x.setting === 'fips-algorithm-policy' && x.precedence === 1)
        : undefined;
    assert.equal(s?.gpo.isLocal, true);
  });

  it('an unelevated report has no computer part: "missing", never "no GPO"', () => {
    for (const f of ['gpresult-unelevated.xml', 'gpresult-unelevated-bare.xml']) {
      assert.equal(parseGpresultXml(f, text(join(FORMATS, f))).computerResults, 'missing');
    }
  });

  it('refuses XML that declares entities, without expanding them', () => {
    const evil =
      '<?xml version="1.0"?><!DOCTYPE Rsop [<!ENTITY x SYSTEM "file:///etc/passwd">]><Rsop xmlns="http://www.microsoft.com/GroupPolicy/Rsop">&x;</Rsop>';
    assertInvalid(() => parseGpresultXml('evil.xml', evil), /DOCTYPE or entities/);
    const lol = '<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><a>&b;</a>';
    assertInvalid(() => parseGpresultXml('lol.xml', lol), /DOCTYPE or entities/);
  });

  it("refuses XML that is not gpresult's, and XML that is not well-formed", () => {
    assertInvalid(() => parseGpresultXml('other.xml', '<config><a/></config>'), /not gpresult's/);
    const t = text(join(SHARED, 'fips-domain-gpo/gpresult.xml'));
    assertInvalid(() => parseGpresultXml('cut.xml', t.slice(0, t.length / 2)), /not well-formed/);
  });

  it('refuses a FIPS SettingNumber out of range', () => {
    const t = text(join(SHARED, 'fips-domain-gpo/gpresult.xml')).replace(
      /(FIPSAlgorithmPolicy\\Enabled<\/q1:KeyName>\s*<q1:SettingNumber>)1/,
      '$12',
    );
    assertInvalid(() => parseGpresultXml('bad.xml', t), /SettingNumber "2"/);
  });
});

describe('Registry.pol', () => {
  it('reads the sample: MinEncryptionLevel = 4 in the local GPO', () => {
    const records = parseRegistryPol(
      'Registry.pol',
      bytes(join(SHARED, 'rdp-policy-local-gpo/Registry.pol')),
    );
    assert.equal(records.length, 2);
    const p = localGpoPolicyFrom('Registry.pol', records);
    assert.equal(p.rdpEncryptionPolicy.state === 'set' && p.rdpEncryptionPolicy.data, 4);
  });

  it('reads High (3), and **del. as deleted', () => {
    const high = localGpoPolicyFrom(
      'h.pol',
      parseRegistryPol('h.pol', bytes(join(FORMATS, 'registry-pol-high.pol'))),
    );
    assert.equal(high.rdpEncryptionPolicy.state === 'set' && high.rdpEncryptionPolicy.data, 3);
    const del = localGpoPolicyFrom(
      'd.pol',
      parseRegistryPol('d.pol', bytes(join(FORMATS, 'registry-pol-del.pol'))),
    );
    assert.equal(del.rdpEncryptionPolicy.state, 'deleted');
  });

  it('the last record wins, and key and value names compare case-insensitively', () => {
    const pol = encodePol([
      {
        key: 'SOFTWARE\\POLICIES\\MICROSOFT\\WINDOWS NT\\TERMINAL SERVICES',
        value: 'minencryptionlevel',
        dword: 4,
      },
      { key: 'Software\\Policies\\Microsoft\\Windows NT\\Terminal Services', value: '**delvals.', dword: 32 },
      {
        key: 'Software\\Policies\\Microsoft\\Windows NT\\Terminal Services',
        value: 'MinEncryptionLevel',
        dword: 2,
      },
    ]);
    const p = localGpoPolicyFrom('x.pol', parseRegistryPol('x.pol', pol));
    assert.equal(p.rdpEncryptionPolicy.state === 'set' && p.rdpEncryptionPolicy.data, 2);
  });

  it('refuses a wrong header, a wrong version, a record cut short and a DWORD out of range', () => {
    const good = bytes(join(SHARED, 'rdp-policy-local-gpo/Registry.pol'));
    assertInvalid(
      () => parseRegistryPol('x.pol', new Uint8Array([0x50, 0x52, 0x45, 0x47, 1, 0, 0, 0])),
      /PReg/,
    );
    const v2 = good.slice();
    v2[4] = 2;
    assertInvalid(() => parseRegistryPol('x.pol', v2), /version 2/);
    for (const cut of [9, 40, 170, 180, good.length - 1])
      assertInvalid(() => parseRegistryPol('x.pol', good.subarray(0, cut)), /cut short|expected/);
    const big = encodePol([
      {
        key: 'Software\\Policies\\Microsoft\\Windows NT\\Terminal Services',
        value: 'MinEncryptionLevel',
        dword: 9,
      },
    ]);
    assertInvalid(() => localGpoPolicyFrom('x.pol', parseRegistryPol('x.pol', big)), /levels are 1 to 4/);
  });
});

describe('wevtutil events', () => {
  it('reads TermDD 50 events with no root element, and only those', () => {
    const e = parseWevtutilEvents('ev.xml', text(join(SHARED, 'listener-fips/termdd-events.xml')));
    assert.equal(e.events.length, 3);
    assert.ok(e.events.every((x) => x.component === 'DATA ENCRYPTION'));
  });

  it('tells DATA ENCRYPTION from other components and ignores other providers', () => {
    const e = parseWevtutilEvents('ev.xml', text(join(FORMATS, 'wevtutil-termdd-mixed.xml')));
    assert.deepEqual(e.events.map((x) => x.component).sort(), ['DATA ENCRYPTION', 'X.224']);
  });

  it('refuses events that declare entities', () => {
    assertInvalid(
      () =>
        parseWevtutilEvents(
          'ev.xml',
          '<!DOCTYPE x [<!ENTITY a "b">]><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"/>',
        ),
      /DOCTYPE/,
    );
  });
});
