// The Registry.pol writer and the gpt.ini bump (pure core code; the tests live here because this
// folder is the Windows backend's, the only user of them). Round trips go through the real parser.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InvalidEvidence } from '../../../src/core/formats/invalid-evidence';
import {
  localGpoPolicyFrom,
  parseRegistryPol,
  type RegistryPolRecord,
} from '../../../src/core/formats/registry-pol';
import {
  ADMINISTRATIVE_TEMPLATES_CSE,
  ADMINISTRATIVE_TEMPLATES_MACHINE_TOOL,
  RegistryPolEditRefused,
  encodeRegistryPol,
  gptIniAfterMachinePolicyChange,
  gptIniVersionOf,
  registryPolWithRdpEncryptionLevel,
  withRdpEncryptionLevel,
  type LocalGpoRdpLevel,
  type RegistryPolEntry,
} from '../../../src/core/formats/registry-pol-writer';
import type { LocalGpoRdpLevel as PortLevel } from '../../../src/machine/machine';
import { encodePol } from '../../fixture-writers';

const FORMATS = join(__dirname, '../../fixtures/formats');
const POL_FIXTURES = [
  join(FORMATS, 'registry-pol-del.pol'),
  join(FORMATS, 'registry-pol-high.pol'),
  join(__dirname, '../../fixtures/shared-evidence/rdp-policy-local-gpo/Registry.pol'),
];
const TS = 'Software\\Policies\\Microsoft\\Windows NT\\Terminal Services';
const bytes = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const readBack = (b: Uint8Array) =>
  localGpoPolicyFrom('out.pol', parseRegistryPol('out.pol', b)).rdpEncryptionPolicy;
const strip = (rs: readonly RegistryPolRecord[]): RegistryPolEntry[] =>
  rs.map(({ key, valueName, type, data }) => ({ key, valueName, type, data }));
const isLevelRecord = (r: RegistryPolEntry): boolean => /^(\*\*del\.)?MinEncryptionLevel$/i.test(r.valueName);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// The core keeps its own copy of the port's type (core imports nothing from src/machine); this
// fails to compile if the two ever drift apart.
const sameShape: [LocalGpoRdpLevel, PortLevel] = [{ state: 'deleted' }, { state: 'deleted' }];
void sameShape;

describe('Registry.pol writer', () => {
  for (const file of POL_FIXTURES) {
    it(`writes ${file.split('/').slice(-2).join('/')} back byte for byte`, () => {
      const original = bytes(file);
      assert.equal(hex(encodeRegistryPol(parseRegistryPol(file, original))), hex(original));
    });

    for (const level of [
      { state: 'set', data: 2 },
      { state: 'deleted' },
      { state: 'not-defined' },
    ] as const) {
      it(`${file.split('/').pop()}: ${level.state} changes only the MinEncryptionLevel record`, () => {
        const before = strip(parseRegistryPol(file, bytes(file)));
        const out = registryPolWithRdpEncryptionLevel(file, bytes(file), level);
        const after = strip(parseRegistryPol('out.pol', out));
        const got = readBack(out);
        assert.equal(got.state, level.state);
        if (level.state === 'set') assert.equal(got.state === 'set' && got.data, 2);
        const others = (rs: RegistryPolEntry[]) =>
          rs.filter((r) => !isLevelRecord(r)).map((r) => `${r.key};${r.valueName};${r.type};${hex(r.data)}`);
        assert.deepEqual(others(after), others(before));
        assert.equal(after.filter(isLevelRecord).length, level.state === 'not-defined' ? 0 : 1);
      });
    }
  }

  it('deleting a set level gives exactly the file the Group Policy Editor writes for "Disabled"', () => {
    const set = encodePol([
      { key: TS, value: 'MinEncryptionLevel', dword: 3 },
      { key: TS, value: 'UserAuthentication', dword: 1 },
    ]);
    const out = registryPolWithRdpEncryptionLevel('set.pol', set, { state: 'deleted' });
    assert.equal(hex(out), hex(bytes(join(FORMATS, 'registry-pol-del.pol'))));
  });

  it('the **del. record is type 4, size 4, data 0x20', () => {
    const [rec] = withRdpEncryptionLevel([], { state: 'deleted' });
    assert.deepEqual(rec && { ...rec, data: hex(rec.data) }, {
      key: TS,
      valueName: '**del.MinEncryptionLevel',
      type: 4,
      data: '20000000',
    });
  });

  it('keeps the record in its place, and keeps the key spelled as the file spells it', () => {
    const file = join(FORMATS, 'registry-pol-high.pol');
    const before = strip(parseRegistryPol(file, bytes(file)));
    const after = withRdpEncryptionLevel(before, { state: 'set', data: 4 });
    assert.equal(after.findIndex(isLevelRecord), before.findIndex(isLevelRecord));
    const lower = before.map((r) => ({ ...r, key: r.key.toLowerCase() }));
    const again = withRdpEncryptionLevel(lower, { state: 'deleted' });
    assert.equal(again.filter(isLevelRecord).length, 1);
    assert.equal(again.find(isLevelRecord)?.key, TS.toLowerCase());
  });

  it("a new record follows the key's last record, and an empty file gets just the record", () => {
    const file = join(FORMATS, 'registry-pol-high.pol');
    const without = withRdpEncryptionLevel(strip(parseRegistryPol(file, bytes(file))), {
      state: 'not-defined',
    });
    const added = withRdpEncryptionLevel(without, { state: 'set', data: 3 });
    assert.equal(
      added.findIndex(isLevelRecord),
      4,
      'after the last Terminal Services record, before DNSClient',
    );
    const fresh = registryPolWithRdpEncryptionLevel('none', undefined, { state: 'set', data: 3 });
    assert.equal(hex(fresh), hex(encodePol([{ key: TS, value: 'MinEncryptionLevel', dword: 3 }])));
    assert.equal(
      hex(registryPolWithRdpEncryptionLevel('none', undefined, { state: 'not-defined' })),
      '5052656701000000',
    );
  });

  it('a set level goes after a **delvals. of the key; not-defined under one is refused', () => {
    const delvals: RegistryPolEntry = {
      key: TS,
      valueName: '**delvals.',
      type: 1,
      data: Uint8Array.from([0x20, 0, 0, 0]),
    };
    const set = withRdpEncryptionLevel(
      [{ key: TS, valueName: 'MinEncryptionLevel', type: 4, data: Uint8Array.from([3, 0, 0, 0]) }, delvals],
      { state: 'set', data: 2 },
    );
    assert.deepEqual(
      set.map((r) => r.valueName),
      ['**delvals.', 'MinEncryptionLevel'],
    );
    assert.throws(() => withRdpEncryptionLevel([delvals], { state: 'not-defined' }), RegistryPolEditRefused);
  });

  it('refuses levels outside 1..4, NULs in names, and an unreadable file', () => {
    assert.throws(() => withRdpEncryptionLevel([], { state: 'set', data: 5 }), RangeError);
    assert.throws(
      () => encodeRegistryPol([{ key: 'A\0B', valueName: 'x', type: 4, data: new Uint8Array(4) }]),
      RangeError,
    );
    assert.throws(
      () =>
        registryPolWithRdpEncryptionLevel('bad.pol', Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), {
          state: 'deleted',
        }),
      InvalidEvidence,
    );
  });

  it('any records encode and parse back to themselves (property)', () => {
    const name = fc.string({ maxLength: 12 }).filter((s) => !s.includes('\0'));
    const entry = fc.record({
      key: name,
      valueName: name,
      type: fc.nat(12),
      data: fc.uint8Array({ maxLength: 16 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
        const encoded = encodeRegistryPol(entries);
        assert.deepEqual(
          strip(parseRegistryPol('p.pol', encoded)).map((r) => ({ ...r, data: hex(r.data) })),
          entries.map((r) => ({ ...r, data: hex(r.data) })),
        );
        assert.equal(hex(encodeRegistryPol(parseRegistryPol('p.pol', encoded))), hex(encoded));
      }),
    );
  });
});

describe('gpt.ini after a machine policy change', () => {
  const fixture = readFileSync(join(FORMATS, 'gpt-local.ini'), 'latin1');

  it('adds one to the machine version, keeps the user version and every other line', () => {
    const out = gptIniAfterMachinePolicyChange('gpt.ini', fixture);
    assert.deepEqual(gptIniVersionOf(fixture), { user: 1, machine: 3 });
    assert.deepEqual(gptIniVersionOf(out), { user: 1, machine: 4 });
    assert.equal(out, fixture.replace('Version=65539', 'Version=65540'));
  });

  it('creates a gpt.ini when the local GPO has none', () => {
    const out = gptIniAfterMachinePolicyChange('gpt.ini', undefined);
    assert.equal(
      out,
      `[General]\r\ngPCFunctionalityVersion=2\r\ngPCMachineExtensionNames=[${ADMINISTRATIVE_TEMPLATES_CSE}${ADMINISTRATIVE_TEMPLATES_MACHINE_TOOL}]\r\nVersion=1\r\n`,
    );
  });

  it('lists the Administrative Templates extension in sorted place, keeping other extensions', () => {
    const security = '[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]';
    const out = gptIniAfterMachinePolicyChange(
      'gpt.ini',
      `[General]\r\ngPCMachineExtensionNames=${security}\r\nVersion=7\r\n`,
    );
    assert.equal(
      out,
      `[General]\r\ngPCMachineExtensionNames=[${ADMINISTRATIVE_TEMPLATES_CSE}${ADMINISTRATIVE_TEMPLATES_MACHINE_TOOL}]${security}\r\nVersion=8\r\n`,
    );
    const toolMissing = gptIniAfterMachinePolicyChange(
      'gpt.ini',
      `[General]\r\nVersion=0\r\ngPCMachineExtensionNames=[${ADMINISTRATIVE_TEMPLATES_CSE}{0F6B957E-509E-11D1-A7CC-0000F87571E3}]\r\n`,
    );
    assert.match(
      toolMissing,
      new RegExp(
        `=\\[\\${ADMINISTRATIVE_TEMPLATES_CSE}\\{0F6B957E-509E-11D1-A7CC-0000F87571E3\\}\\${ADMINISTRATIVE_TEMPLATES_MACHINE_TOOL}\\]`,
      ),
    );
  });

  it('adds missing lines to [General], wraps a full machine version to 1, and refuses nonsense', () => {
    const out = gptIniAfterMachinePolicyChange(
      'gpt.ini',
      '[General]\r\ngPCFunctionalityVersion=2\r\n[Other]\r\nx=1\r\n',
    );
    assert.match(
      out,
      /^\[General\]\r\ngPCFunctionalityVersion=2\r\ngPCMachineExtensionNames=\[.*\]\r\nVersion=1\r\n\[Other\]\r\nx=1\r\n$/,
    );
    assert.deepEqual(
      gptIniVersionOf(gptIniAfterMachinePolicyChange('gpt.ini', `[General]\r\nVersion=${0x0005ffff}\r\n`)),
      { user: 5, machine: 1 },
    );
    assert.throws(
      () => gptIniAfterMachinePolicyChange('gpt.ini', '[General]\r\nVersion=abc\r\n'),
      InvalidEvidence,
    );
    assert.throws(
      () =>
        gptIniAfterMachinePolicyChange('gpt.ini', '[General]\r\ngPCMachineExtensionNames=[not a guid]\r\n'),
      InvalidEvidence,
    );
  });
});
