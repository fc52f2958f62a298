// Registry.pol's special value names (MS-GPREG 2.2.1; "Registry Policy File Format"; **soft. from
// the System Policy "Control Codes" page), read as the Group Policy client applies them, and kept
// byte for byte by the writer when it changes the RDP level.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InvalidEvidence } from '../../../src/core/formats/invalid-evidence';
import {
  localGpoPolicyFrom,
  parseRegistryPol,
  type RegistryPolRecord,
} from '../../../src/core/formats/registry-pol';
import {
  RegistryPolEditRefused,
  registryPolWithRdpEncryptionLevel,
  type LocalGpoRdpLevel,
} from '../../../src/core/formats/registry-pol-writer';

const FORMATS = join(__dirname, '../../fixtures/formats');
const pol = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FORMATS, name)));
const TS = 'Software\\Policies\\Microsoft\\Windows NT\\Terminal Services';

const rdp = (bytes: Uint8Array) =>
  localGpoPolicyFrom('Registry.pol', parseRegistryPol('Registry.pol', bytes)).rdpEncryptionPolicy;

/** A PReg file from records given as [key, value name, type, data bytes]. */
function polOf(records: readonly [string, string, number, readonly number[]][]): Uint8Array {
  const out: number[] = [0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0];
  const u16 = (s: string): number[] => [...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]);
  const dw = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
  for (const [key, value, type, data] of records)
    out.push(
      ...u16(`[${key}\0;${value}\0;`),
      ...dw(type),
      ...u16(';'),
      ...dw(data.length),
      ...u16(';'),
      ...data,
      ...u16(']'),
    );
  return new Uint8Array(out);
}
const DW = (n: number): number[] => [n, 0, 0, 0];
const SZ = (s: string): number[] => [...`${s}\0`].flatMap((c) => [c.charCodeAt(0), 0]);

/** Each record's own bytes, in file order, from the parser's offsets. */
function recordBytes(bytes: Uint8Array): { record: RegistryPolRecord; raw: string }[] {
  const records = parseRegistryPol('x.pol', bytes);
  return records.map((record, i) => ({
    record,
    raw: Buffer.from(bytes.subarray(record.offset, records[i + 1]?.offset ?? bytes.length)).toString('hex'),
  }));
}
const isLevelRecord = (r: RegistryPolRecord): boolean =>
  r.key.toLowerCase() === TS.toLowerCase() && /^(\*\*(del|soft)\.)?MinEncryptionLevel$/i.test(r.valueName);

describe('Registry.pol instructions, read as Windows applies them', () => {
  it('**soft. sets the level only if the server has none: "set", marked soft', () => {
    const r = rdp(pol('registry-pol-soft.pol'));
    assert.deepEqual([r.state, r.state === 'set' && r.data, r.state === 'set' && r.soft], ['set', 4, true]);
    assert.match(r.origin.location, /\*\*soft\.MinEncryptionLevel/);
  });

  it('**soft. after a value this file set or deleted: no change, or a plain set', () => {
    const after = (first: [string, string, number, number[]]) =>
      rdp(polOf([first, [TS, '**soft.MinEncryptionLevel', 4, DW(4)]]));
    const set = after([TS, 'MinEncryptionLevel', 4, DW(2)]);
    assert.deepEqual(
      [set.state, set.state === 'set' && set.data, set.state === 'set' && set.soft],
      ['set', 2, undefined],
    );
    const del = after([TS, '**del.MinEncryptionLevel', 4, DW(32)]);
    assert.deepEqual(
      [del.state, del.state === 'set' && del.data, del.state === 'set' && del.soft],
      ['set', 4, undefined],
    );
  });

  it('**DeleteKeys on a parent deletes the key, and the value in it', () => {
    const r = rdp(pol('registry-pol-deletekeys.pol'));
    assert.equal(r.state, 'deleted');
    assert.match(r.origin.location, /\[Software\\Policies\\Microsoft\\Windows NT;\*\*DeleteKeys\]/);
  });

  it('**DeleteKeys of another key, or of a name that is only a prefix, deletes nothing of it', () => {
    for (const list of ['DNSClient', 'Terminal', 'Terminal Services Client;WindowsUpdate']) {
      const r = rdp(
        polOf([
          [TS, 'MinEncryptionLevel', 4, DW(3)],
          ['Software\\Policies\\Microsoft\\Windows NT', '**DeleteKeys', 1, SZ(list)],
        ]),
      );
      assert.equal(r.state === 'set' && r.data, 3, list);
    }
  });

  it('**SecureKey changes no value; **delvals. before the values and **DeleteValues of others keep the level', () => {
    const r = rdp(pol('registry-pol-securekey.pol'));
    assert.equal(r.state === 'set' && r.data, 3);
    const secureOnly = rdp(polOf([[TS, '**SecureKey=1', 4, DW(1)]]));
    assert.equal(secureOnly.state, 'not-defined');
  });

  it('**delvals. after the level deletes it; a control code it does not know changes nothing', () => {
    assert.equal(
      rdp(
        polOf([
          [TS, 'MinEncryptionLevel', 4, DW(3)],
          [TS, '**delvals.', 1, SZ(' ')],
        ]),
      ).state,
      'deleted',
    );
    const unknown = rdp(
      polOf([
        [TS, 'MinEncryptionLevel', 4, DW(3)],
        [TS, '**future.MinEncryptionLevel', 4, DW(1)],
      ]),
    );
    assert.equal(unknown.state === 'set' && unknown.data, 3);
  });

  it('a **soft. level that is not a REG_DWORD in range is refused, not guessed', () => {
    for (const bad of [
      polOf([[TS, '**soft.MinEncryptionLevel', 1, SZ('4')]]),
      polOf([[TS, '**soft.MinEncryptionLevel', 4, DW(7)]]),
    ])
      assert.throws(
        () => rdp(bad),
        (e: unknown) => e instanceof InvalidEvidence && /\*\*soft\.MinEncryptionLevel/.test(e.message),
      );
  });
});

describe('the writer keeps every record it does not change, byte for byte', () => {
  const cases: [string, LocalGpoRdpLevel][] = [
    ['registry-pol-soft.pol', { state: 'set', data: 2 }],
    ['registry-pol-soft.pol', { state: 'deleted' }],
    ['registry-pol-soft.pol', { state: 'not-defined' }],
    ['registry-pol-securekey.pol', { state: 'set', data: 2 }],
    ['registry-pol-securekey.pol', { state: 'deleted' }],
    ['registry-pol-deletekeys.pol', { state: 'set', data: 3 }],
    ['registry-pol-high.pol', { state: 'set', data: 2 }],
  ];
  for (const [name, level] of cases) {
    it(`${name} → ${level.state === 'set' ? `set ${level.data}` : level.state}`, () => {
      const before = pol(name);
      const after = registryPolWithRdpEncryptionLevel(name, before, level);
      const kept = (b: Uint8Array) =>
        recordBytes(b)
          .filter((x) => !isLevelRecord(x.record))
          .map((x) => x.raw);
      assert.deepEqual(kept(after), kept(before));
      const got = rdp(after);
      assert.equal(got.state, level.state);
      if (level.state === 'set' && got.state === 'set')
        assert.deepEqual([got.data, got.soft], [level.data, undefined]);
    });
  }

  it('a soft level is replaced in its place by a plain one, which holds whatever the server has', () => {
    const after = parseRegistryPol(
      'x',
      registryPolWithRdpEncryptionLevel('x', pol('registry-pol-soft.pol'), { state: 'set', data: 3 }),
    );
    assert.deepEqual(
      after.map((r) => r.valueName),
      ['MinEncryptionLevel', 'UserAuthentication'],
    );
  });

  it('after **DeleteKeys of its parent, the new level goes after it; "not configured" is refused, naming **DeleteKeys', () => {
    const after = parseRegistryPol(
      'x',
      registryPolWithRdpEncryptionLevel('x', pol('registry-pol-deletekeys.pol'), { state: 'set', data: 3 }),
    );
    assert.deepEqual(
      after.map((r) => r.valueName),
      ['**DeleteKeys', 'EnableMulticast', 'MinEncryptionLevel'],
    );
    assert.throws(
      () =>
        registryPolWithRdpEncryptionLevel('x', pol('registry-pol-deletekeys.pol'), { state: 'not-defined' }),
      (e: unknown) => e instanceof RegistryPolEditRefused && /\*\*DeleteKeys/.test(e.reason),
    );
  });
});
