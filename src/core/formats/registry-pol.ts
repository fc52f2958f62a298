// The local GPO's Registry.pol (MS-GPREG 2.2.1, "PReg" version 1): records
// [key;value;type;size;data] with UTF-16LE strings and delimiters, little-endian DWORDs.
// Value names `**del.NAME` delete NAME, `**delvals.` deletes every value of the key.
import type { EvidenceOrigin, LocalGpoPolicy, LocalGpoReading } from '../evidence';
import { WATCHED_VALUES, sameRegistryName } from '../settings';
import { InvalidEvidence } from './invalid-evidence';

export const REG_DWORD = 4;

export interface RegistryPolRecord {
  readonly key: string;
  readonly valueName: string;
  readonly type: number;
  readonly data: Uint8Array;
  /** Byte offset of the record's opening bracket, for messages. */
  readonly offset: number;
}

export function looksLikeRegistryPol(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x52 && bytes[2] === 0x65 && bytes[3] === 0x67
  );
}

const ch = (c: string): number => c.charCodeAt(0);

export function parseRegistryPol(file: string, bytes: Uint8Array): RegistryPolRecord[] {
  if (!looksLikeRegistryPol(bytes))
    throw new InvalidEvidence(file, 'not a Registry.pol: it does not start with the "PReg" signature');
  if (bytes.length < 8) throw new InvalidEvidence(file, 'Registry.pol header cut short (no version)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== 1)
    throw new InvalidEvidence(file, `Registry.pol version ${version}; only version 1 exists`);

  const records: RegistryPolRecord[] = [];
  let p = 8;
  const char = (at: number): number | undefined =>
    at + 1 < bytes.length ? view.getUint16(at, true) : undefined;
  const expect = (c: string, what: string, start: number): void => {
    if (char(p) !== ch(c)) {
      throw new InvalidEvidence(
        file,
        `record at byte ${start}: ${p + 1 >= bytes.length ? 'cut short' : `expected "${c}"`} ${what}`,
      );
    }
    p += 2;
  };
  const readString = (start: number, what: string): string => {
    let s = '';
    for (;;) {
      const c = char(p);
      if (c === undefined)
        throw new InvalidEvidence(file, `record at byte ${start}: cut short inside the ${what}`);
      p += 2;
      if (c === 0) return s;
      s += String.fromCharCode(c);
      if (s.length > 32767)
        throw new InvalidEvidence(file, `record at byte ${start}: ${what} longer than the registry allows`);
    }
  };
  const readDword = (start: number, what: string): number => {
    if (p + 4 > bytes.length)
      throw new InvalidEvidence(file, `record at byte ${start}: cut short in the ${what}`);
    const v = view.getUint32(p, true);
    p += 4;
    return v;
  };

  while (p < bytes.length) {
    const start = p;
    expect('[', 'to open a record', start);
    const key = readString(start, 'key name');
    expect(';', 'after the key name', start);
    const valueName = readString(start, 'value name');
    expect(';', 'after the value name', start);
    const type = readDword(start, 'type');
    expect(';', 'after the type', start);
    const size = readDword(start, 'size');
    expect(';', 'after the size', start);
    if (p + size > bytes.length)
      throw new InvalidEvidence(file, `record at byte ${start}: data of ${size} bytes cut short`);
    const data = bytes.slice(p, p + size);
    p += size;
    expect(']', 'to close the record', start);
    records.push({ key, valueName, type, data, offset: start });
  }
  return records;
}

/** The local GPO's value for the RDP encryption level, after applying its records in order. */
export function localGpoPolicyFrom(file: string, records: readonly RegistryPolRecord[]): LocalGpoPolicy {
  const w = WATCHED_VALUES['rdp-encryption-policy'];
  let reading: LocalGpoReading = {
    state: 'not-defined',
    origin: { file, format: 'registry-pol', location: `no record for ${w.key}\\${w.name}` },
  };
  for (const r of records) {
    if (!sameRegistryName(r.key, w.key)) continue;
    const origin: EvidenceOrigin = {
      file,
      format: 'registry-pol',
      location: `record at byte ${r.offset}: [${r.key};${r.valueName}]`,
    };
    const name = r.valueName;
    if (sameRegistryName(name, w.name)) {
      if (r.type !== REG_DWORD || r.data.length !== 4) {
        throw new InvalidEvidence(
          file,
          `${w.name} has type ${r.type} and ${r.data.length} bytes of data; it must be a REG_DWORD (type 4, 4 bytes)`,
        );
      }
      const data = new DataView(r.data.buffer, r.data.byteOffset, 4).getUint32(0, true);
      if (data < w.min || data > w.max)
        throw new InvalidEvidence(file, `${w.name} is ${data}; encryption levels are 1 to 4`);
      reading = { state: 'set', data, origin };
    } else if (sameRegistryName(name, `**del.${w.name}`) || name.toLowerCase() === '**delvals.') {
      reading = { state: 'deleted', origin };
    } else if (name.toLowerCase().startsWith('**deletevalues')) {
      const names = new TextDecoder('utf-16le').decode(r.data).replace(/\0+$/, '').split(';');
      if (names.some((n) => sameRegistryName(n, w.name))) reading = { state: 'deleted', origin };
    }
  }
  return { rdpEncryptionPolicy: reading };
}
