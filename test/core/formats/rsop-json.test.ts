// rsop.json, the RSoP export `fipsfix collect` writes from root\rsop\computer: read from fixtures in
// the shape the collect script writes (test/fixtures/formats/rsop-*.json), in each encoding
// PowerShell may leave it in, and each way such a file can be bad.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { GpoRef, GroupPolicyResult, GroupPolicySetting } from '../../../src/core/evidence';
import { InvalidEvidence } from '../../../src/core/formats/invalid-evidence';
import { looksLikeRsopJson, parseRsopJson, somPath } from '../../../src/core/formats/rsop-json';
import { decodeText } from '../../../src/core/formats/text-encoding';
import { winningSetting } from '../../../src/core/rules/value-in-force';

const FORMATS = join(__dirname, '../../fixtures/formats');
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FORMATS, name)));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function assertInvalid(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InvalidEvidence, `expected InvalidEvidence, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

function present(r: GroupPolicyResult): Extract<GroupPolicyResult, { computerResults: 'present' }> {
  assert.equal(r.computerResults, 'present');
  if (r.computerResults !== 'present') throw new Error('unreachable');
  return r;
}

const LOCAL: GpoRef = { id: 'LocalGPO', name: 'Local Group Policy', isLocal: true, linkedAt: 'Local' };
const DDP: GpoRef = {
  id: '{31B2F340-016D-11D2-945F-00C04FB984F9}',
  name: 'Default Domain Policy',
  isLocal: false,
  linkedAt: 'contoso.com',
  domain: 'contoso.com',
};
const RDS: GpoRef = {
  id: '{7D0C2E41-5B93-4E86-A1F2-3C9B6E0D4A17}',
  name: 'Contoso RDS Hardening',
  isLocal: false,
  linkedAt: 'contoso.com/Servers/RDS',
  domain: 'contoso.com',
};
const FABRIKAM: GpoRef = {
  id: '{A3E5C7B9-2D4F-4A61-B8C0-E2F4A6B8D0C1}',
  name: 'Fabrikam Crypto Baseline',
  isLocal: false,
  linkedAt: 'fabrikam.local/Servers',
  domain: 'fabrikam.local',
};
const TS_KEY = 'Software\\Policies\\Microsoft\\Windows NT\\Terminal Services';

function domainFipsRdpSettings(file: string): GroupPolicySetting[] {
  const origin = (location: string) => ({ file, format: 'rsop-json' as const, location });
  return [
    {
      setting: 'fips-algorithm-policy',
      gpo: DDP,
      precedence: 1,
      data: 1,
      kind: 'security-option',
      origin: origin(
        `RSOP_RegistryValue MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled=1 in GPO "Default Domain Policy" {31B2F340-016D-11D2-945F-00C04FB984F9}, precedence 1`,
      ),
    },
    {
      setting: 'rdp-encryption-policy',
      gpo: RDS,
      precedence: 1,
      data: 4,
      kind: 'registry-setting',
      origin: origin(
        `RSOP_RegistryPolicySetting ${TS_KEY}\\MinEncryptionLevel=4 in GPO "Contoso RDS Hardening" {7D0C2E41-5B93-4E86-A1F2-3C9B6E0D4A17}, precedence 1`,
      ),
    },
    {
      setting: 'rdp-encryption-policy',
      gpo: LOCAL,
      precedence: 2,
      data: 3,
      kind: 'registry-setting',
      origin: origin(
        `RSOP_RegistryPolicySetting ${TS_KEY}\\MinEncryptionLevel=3 in GPO "Local Group Policy" LocalGPO, precedence 2`,
      ),
    },
  ];
}

describe('rsop.json: a domain GPO setting FIPS, and two GPOs setting the RDP level', () => {
  const file = 'rsop-domain-fips-rdp.json';

  it('maps the security option and both MinEncryptionLevel rows to GroupPolicySetting exactly', () => {
    const r = parseRsopJson(file, bytes(file));
    assert.equal(r.machineName, 'RDSH01');
    assert.equal(r.collectedAt, '2026-11-21T08:05:12.4410000Z');
    const gp = present(r.groupPolicy);
    assert.equal(gp.computerName, 'RDSH01');
    assert.deepEqual(gp.settings, domainFipsRdpSettings(file));
    assert.equal(gp.unusableSettings, undefined);
    assert.deepEqual(gp.origin, {
      file,
      format: 'rsop-json',
      location: 'root\\rsop\\computer (3 GPOs, 5 registry settings, 2 security registry values)',
    });
  });

  it('lists every GPO, the local one included, with its GUID, domain and link', () => {
    const gp = present(parseRsopJson(file, bytes(file)).groupPolicy);
    assert.deepEqual(gp.gpos, [LOCAL, DDP, RDS]);
  });

  it("lets precedence 1 win: the domain GPO's 4 over the local GPO's 3", () => {
    const gp = present(parseRsopJson(file, bytes(file)).groupPolicy);
    const w = winningSetting(gp.settings, 'rdp-encryption-policy');
    assert.equal(w?.gpo.id, RDS.id);
    assert.equal(w?.data, 4);
  });

  it('keeps every Terminal Services row, winning or not, and no other key', () => {
    const gp = present(parseRsopJson(file, bytes(file)).groupPolicy);
    assert.deepEqual(
      gp.terminalServicesValues?.map((v) => [v.key, v.valueName, v.value, v.gpo.id, v.precedence, v.kind]),
      [
        [TS_KEY, 'MinEncryptionLevel', { type: 'dword', data: 4 }, RDS.id, 1, 'registry-setting'],
        [TS_KEY, 'MinEncryptionLevel', { type: 'dword', data: 3 }, 'LocalGPO', 2, 'registry-setting'],
        [TS_KEY, 'SecurityLayer', { type: 'dword', data: 2 }, RDS.id, 1, 'registry-setting'],
        [TS_KEY, 'UserAuthentication', { type: 'dword', data: 1 }, RDS.id, 1, 'registry-setting'],
      ],
    );
  });

  it('reads the same from UTF-16LE with a BOM and CRLF (Out-File) and from UTF-8 with a BOM', () => {
    const expected = parseRsopJson(file, bytes(file)).groupPolicy;
    const utf16 = 'rsop-domain-fips-rdp.utf16.json';
    assert.deepEqual(parseRsopJson(file, bytes(utf16)).groupPolicy, expected);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(file)]);
    assert.deepEqual(parseRsopJson(file, withBom).groupPolicy, expected);
  });

  it('is recognised by content, in every encoding it is accepted in', () => {
    assert.ok(looksLikeRsopJson(decodeText(file, bytes(file)).text));
    const utf16 = 'rsop-domain-fips-rdp.utf16.json';
    assert.ok(looksLikeRsopJson(decodeText(utf16, bytes(utf16)).text));
  });
});

describe('rsop.json: the registry routes gpresult splits or hides', () => {
  const file = 'rsop-registry-routes.json';
  const origin = (location: string) => ({ file, format: 'rsop-json' as const, location });

  it('takes FIPS from a registry setting, and a deleted MinEncryptionLevel as the GPO removing it', () => {
    const gp = present(parseRsopJson(file, bytes(file)).groupPolicy);
    assert.deepEqual(gp.settings, [
      {
        setting: 'fips-algorithm-policy',
        gpo: FABRIKAM,
        precedence: 1,
        data: 1,
        kind: 'registry-setting',
        origin: origin(
          'RSOP_RegistryPolicySetting MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled=1 in GPO "Fabrikam Crypto Baseline" {A3E5C7B9-2D4F-4A61-B8C0-E2F4A6B8D0C1}, precedence 1',
        ),
      },
      {
        setting: 'rdp-encryption-policy',
        gpo: FABRIKAM,
        precedence: 1,
        data: null,
        kind: 'registry-setting',
        origin: origin(
          `RSOP_RegistryPolicySetting ${TS_KEY}\\MinEncryptionLevel=(deleted) in GPO "Fabrikam Crypto Baseline" {A3E5C7B9-2D4F-4A61-B8C0-E2F4A6B8D0C1}, precedence 1`,
        ),
      },
      {
        setting: 'rdp-encryption-policy',
        gpo: LOCAL,
        precedence: 2,
        data: 4,
        kind: 'registry-setting',
        origin: origin(
          `RSOP_RegistryPolicySetting ${TS_KEY}\\MinEncryptionLevel=4 in GPO "Local Group Policy" LocalGPO, precedence 2`,
        ),
      },
    ]);
    assert.equal(winningSetting(gp.settings, 'rdp-encryption-policy')?.data, null);
  });

  it('acts on no watched value that is not a plain DWORD: REG_SZ and **soft. are set aside with why', () => {
    const gp = present(parseRsopJson(file, bytes(file)).groupPolicy);
    assert.deepEqual(
      gp.unusableSettings?.map((v) => [v.key, v.valueName, v.value, v.gpo.id, v.precedence, v.why]),
      [
        [
          'SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy',
          'Enabled',
          { type: 'dword', data: 0 },
          'LocalGPO',
          2,
          'a **soft. record, which sets the value only where it is absent',
        ],
        [
          'SYSTEM\\CurrentControlSet\\Control\\Lsa',
          'FIPSAlgorithmPolicy',
          { type: 'not-a-dword', valueType: 1 },
          FABRIKAM.id,
          1,
          'REG_SZ, not a REG_DWORD',
        ],
      ],
    );
    assert.ok(!gp.settings.some((s) => s.setting === 'fips-algorithm-policy-legacy'));
  });

  it('keeps **del. and listener rows under Terminal Server among the Terminal Services values', () => {
    const gp = present(parseRsopJson(file, bytes(file)).groupPolicy);
    assert.deepEqual(
      gp.terminalServicesValues?.map((v) => [v.key, v.valueName, v.value, v.gpo.id]),
      [
        [TS_KEY, 'MinEncryptionLevel', { type: 'deleted' }, FABRIKAM.id],
        [TS_KEY, 'MinEncryptionLevel', { type: 'dword', data: 4 }, 'LocalGPO'],
        [TS_KEY, 'fPromptForPassword', { type: 'deleted' }, 'LocalGPO'],
        [
          'SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp-3390',
          'SecurityLayer',
          { type: 'dword', data: 0 },
          FABRIKAM.id,
        ],
      ],
    );
  });

  it('joins GPOID to RSOP_GPO whatever its case, and still names a GPO RSOP_GPO does not list', () => {
    const doc = JSON.parse(new TextDecoder().decode(bytes(file))) as {
      registryPolicySettings: { GPOID: string }[];
      gpos: unknown[];
    };
    const first = doc.registryPolicySettings[0];
    assert.ok(first);
    const asWritten = first.GPOID;
    first.GPOID = asWritten.toUpperCase();
    const upper = present(parseRsopJson(file, utf8(JSON.stringify(doc))).groupPolicy);
    assert.deepEqual(upper.settings[0]?.gpo, FABRIKAM);
    first.GPOID = asWritten;
    doc.gpos = doc.gpos.slice(0, 1);
    const unlisted = present(parseRsopJson(file, utf8(JSON.stringify(doc))).groupPolicy);
    assert.deepEqual(unlisted.settings[0]?.gpo, {
      id: FABRIKAM.id,
      name: FABRIKAM.id,
      isLocal: false,
      linkedAt: 'fabrikam.local/Servers',
      domain: 'fabrikam.local',
    });
  });
});

describe('rsop.json: values as Windows stores them', () => {
  const doc = (row: unknown, extra: Record<string, unknown> = {}) =>
    utf8(
      JSON.stringify({
        fipsfixRsop: 1,
        computerName: 'RDSH01',
        collectedAt: '2026-11-21T08:05:12.4410000Z',
        elevated: true,
        gpos: [{ id: 'LocalGPO', name: 'Local Group Policy' }],
        registryPolicySettings: row,
        securityRegistryValues: null,
        errors: [],
        ...extra,
      }),
    );
  const row = (value: unknown, valueType = 4, valueName = 'MinEncryptionLevel') => ({
    GPOID: 'LocalGPO',
    SOMID: 'Local',
    id: '{1}',
    precedence: 1,
    registryKey: `HKLM\\${TS_KEY.toUpperCase()}`,
    valueName,
    valueType,
    value,
    deleted: false,
    command: null,
  });
  const settingsOf = (b: Uint8Array) => present(parseRsopJson('rsop.json', b).groupPolicy);

  it('decodes DWORD bytes little-endian, matching the key with an HKLM\\ prefix in any case', () => {
    // PowerShell unrolls a one-row list to the row, and an empty one to null: both are read as lists.
    assert.equal(settingsOf(doc(row([3, 0, 0, 0]))).settings[0]?.data, 3);
    assert.equal(settingsOf(doc(row('BAAAAA=='))).settings[0]?.data, 4, 'base64, as PowerShell 7 may write');
  });

  it('sets aside a DWORD that is not 4 bytes, and one out of range, never guessing', () => {
    const short = settingsOf(doc(row([4, 0])));
    assert.deepEqual(short.settings, []);
    assert.equal(short.unusableSettings?.[0]?.why, 'REG_DWORD with 2 bytes, not 4');
    const big = settingsOf(doc(row([4, 0, 0, 1])));
    assert.deepEqual(big.settings, []);
    assert.equal(
      big.unusableSettings?.[0]?.why,
      '16777220 is outside 1–4, what Windows documents for MinEncryptionLevel',
    );
  });

  it('reads a security value whose Data is a number, and sets aside one that is not', () => {
    const sec = (Data: string) =>
      doc([], {
        securityRegistryValues: {
          GPOID: 'LocalGPO',
          SOMID: 'Local',
          id: '{2}',
          precedence: 1,
          Path: 'System\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled',
          Type: 4,
          Data,
        },
      });
    assert.equal(settingsOf(sec('1')).settings[0]?.data, 1);
    assert.equal(settingsOf(sec('1')).settings[0]?.kind, 'security-option');
    assert.equal(
      settingsOf(sec('4,1')).unusableSettings?.[0]?.why,
      'REG_DWORD with Data "4,1", which is not a number',
    );
  });

  it('writes a SOM the way gpresult writes a link', () => {
    assert.equal(somPath('OU=RDS,OU=Servers,DC=contoso,DC=com'), 'contoso.com/Servers/RDS');
    assert.equal(somPath('DC=contoso,DC=com'), 'contoso.com');
    assert.equal(somPath('Local'), 'Local');
  });
});

describe('rsop.json: what it cannot vouch for', () => {
  it('collected without elevation: unknown, never "no GPO"', () => {
    const file = 'rsop-unelevated.json';
    const r = parseRsopJson(file, bytes(file));
    assert.deepEqual(r.groupPolicy, {
      computerResults: 'missing',
      origin: {
        file,
        format: 'rsop-json',
        location: 'collected without elevation: root\\rsop\\computer is readable only by an administrator',
      },
    });
  });

  it('a class WMI refused, RSoP logging turned off, or no GPO at all: unknown', () => {
    const base = JSON.parse(new TextDecoder().decode(bytes('rsop-domain-fips-rdp.json'))) as Record<
      string,
      unknown
    >;
    const withChange = (c: Record<string, unknown>) =>
      parseRsopJson('rsop.json', utf8(JSON.stringify({ ...base, ...c }))).groupPolicy;
    const refused = withChange({ errors: ['RSOP_RegistryValue: Invalid class '] });
    assert.equal(refused.computerResults, 'missing');
    assert.match(refused.origin.location, /WMI refused part of it: RSOP_RegistryValue: Invalid class/);
    assert.match(withChange({ rsopLoggingPolicy: 0 }).origin.location, /RSoP logging is turned off/);
    assert.match(withChange({ gpos: [] }).origin.location, /no RSOP_GPO rows/);
    assert.equal(withChange({ rsopLoggingPolicy: 1 }).computerResults, 'present');
  });

  it('a file cut short says so, naming the file', () => {
    assertInvalid(
      () => parseRsopJson('rsop-truncated.json', bytes('rsop-truncated.json')),
      /^rsop-truncated\.json: an RSoP export cut short: the JSON ends before its last bracket closes/,
    );
  });

  it("malformed JSON is refused with the parser's words, naming the file", () => {
    assertInvalid(
      () => parseRsopJson('rsop-malformed.json', bytes('rsop-malformed.json')),
      /^rsop-malformed\.json: an RSoP export that is not valid JSON \(.*position/,
    );
  });

  it('a foreign JSON file is not recognised, and refused if read as one', () => {
    const text = decodeText('foreign-cim-os.json', bytes('foreign-cim-os.json')).text;
    assert.equal(looksLikeRsopJson(text), false);
    assertInvalid(
      () => parseRsopJson('foreign-cim-os.json', bytes('foreign-cim-os.json')),
      /^foreign-cim-os\.json: JSON that is not an RSoP export from fipsfix collect \(no "fipsfixRsop" key\)/,
    );
    assert.equal(looksLikeRsopJson('{"note": "fipsfixRsop is mentioned in a string only"}'), false);
  });

  it('refuses another version, a row without its precedence, and encodings PowerShell does not write', () => {
    const base = JSON.parse(new TextDecoder().decode(bytes('rsop-domain-fips-rdp.json'))) as {
      registryPolicySettings: Record<string, unknown>[];
    };
    assertInvalid(
      () => parseRsopJson('r.json', utf8(JSON.stringify({ ...base, fipsfixRsop: 2 }))),
      /^r\.json: an RSoP export of version 2; this FipsFix reads version 1/,
    );
    const row = base.registryPolicySettings[0];
    assert.ok(row);
    delete row.precedence;
    assertInvalid(
      () => parseRsopJson('r.json', utf8(JSON.stringify(base))),
      /^r\.json: not a valid RSoP export at registryPolicySettings\.0\.precedence/,
    );
    const utf16NoBom = bytes('rsop-domain-fips-rdp.utf16.json').subarray(2);
    assertInvalid(
      () => parseRsopJson('r.json', utf16NoBom),
      /^r\.json: UTF-16LE text without a byte-order mark/,
    );
    const latin1 = new Uint8Array([
      ...utf8('{"fipsfixRsop": 1, "computerName": "SERVEUR-'),
      0xc9,
      ...utf8('"}'),
    ]);
    assertInvalid(
      () => parseRsopJson('r.json', latin1),
      /^r\.json: an RSoP export that is neither UTF-16LE nor UTF-8/,
    );
  });
});
