// The local GPO's Registry.pol (MS-GPREG 2.2.1, "PReg" version 1): records
// [key;value;type;size;data] with UTF-16LE strings and delimiters, little-endian DWORDs.
// Value names starting `**` are instructions (delete, soft-set, secure), read in actionOf.
import type { EvidenceOrigin, LocalGpoPolicy, LocalGpoReading } from '../evidence';
import { WATCHED_VALUES, keyCovers, sameRegistryName } from '../settings';
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

/**
 * What one record does to the values of its key, as the Group Policy client applies it. Sources:
 * "Registry Policy File Format" (learn.microsoft.com, previous-versions/windows/desktop/Policy),
 * the table of special value names MS-GPREG 2.2.1 also uses, and for `**soft.` the System Policy
 * "Control Codes" page (Platform SDK, 1998), which the later pages do not repeat:
 * - `**Del.NAME` "deletes a single value";
 * - `**DelVals.` "deletes all values in a key" (the key's own values, not its subkeys);
 * - `**DeleteValues` "a semicolon-delimited list of values to delete", the list in the data;
 * - `**DeleteKeys` "a semicolon-delimited list of keys to delete", the list in the data, each a
 *   subkey of the record's key ("**DeleteKeys/0;type;size;NoRun;NoFind"); a deleted key takes
 *   its values and subkeys with it;
 * - `**soft.NAME`: the value is set "only if a value by that name does not exist in the local
 *   registry; that is, the downloader does not overwrite existing settings";
 * - `**SecureKey` (`=1` / `=0`) sets the key's access control list; no value changes;
 * - any other `**` name is a control code this reader does not know, and "If a policy downloader
 *   encounters a control code that it does not understand, it must not process the key or value"
 *   (Control Codes): it changes nothing.
 */
export type RegistryPolAction =
  | { readonly kind: 'set'; readonly name: string; readonly soft: boolean }
  | { readonly kind: 'delete-value'; readonly names: readonly string[] }
  | { readonly kind: 'delete-all-values' }
  | { readonly kind: 'delete-keys'; readonly keys: readonly string[] }
  | { readonly kind: 'secure-key' }
  | { readonly kind: 'unknown-control-code' };

/** A REG_SZ list in a record's data: UTF-16LE, NUL-terminated, entries separated by ";". */
function listIn(data: Uint8Array): string[] {
  const text = new TextDecoder('utf-16le').decode(data.length % 2 === 0 ? data : data.subarray(0, -1));
  return text
    .replace(/\0+$/, '')
    .split(/[;\0]/)
    .map((n) => n.trim())
    .filter((n) => n !== '');
}

export function actionOf(r: Pick<RegistryPolRecord, 'key' | 'valueName' | 'data'>): RegistryPolAction {
  const name = r.valueName;
  if (!name.startsWith('**')) return { kind: 'set', name, soft: false };
  const lower = name.toLowerCase();
  if (lower.startsWith('**del.')) return { kind: 'delete-value', names: [name.slice('**del.'.length)] };
  if (lower.startsWith('**soft.')) return { kind: 'set', name: name.slice('**soft.'.length), soft: true };
  if (lower === '**delvals.' || lower === '**delvals') return { kind: 'delete-all-values' };
  if (lower.startsWith('**deletevalues')) return { kind: 'delete-value', names: listIn(r.data) };
  if (lower.startsWith('**deletekeys'))
    return { kind: 'delete-keys', keys: listIn(r.data).map((k) => `${r.key.replace(/\\+$/, '')}\\${k}`) };
  if (lower.startsWith('**securekey')) return { kind: 'secure-key' };
  return { kind: 'unknown-control-code' };
}

/** Whether this record changes the value `name` under `key` (set, soft-set or delete). */
export function recordTouches(
  r: Pick<RegistryPolRecord, 'key' | 'valueName' | 'data'>,
  key: string,
  name: string,
): boolean {
  const a = actionOf(r);
  switch (a.kind) {
    case 'set':
      return sameRegistryName(r.key, key) && sameRegistryName(a.name, name);
    case 'delete-value':
      return sameRegistryName(r.key, key) && a.names.some((n) => sameRegistryName(n, name));
    case 'delete-all-values':
      return sameRegistryName(r.key, key);
    case 'delete-keys':
      return a.keys.some((k) => keyCovers(k, key));
    case 'secure-key':
    case 'unknown-control-code':
      return false;
  }
}

/** The local GPO's value for the RDP encryption level, after applying its records in order. */
export function localGpoPolicyFrom(file: string, records: readonly RegistryPolRecord[]): LocalGpoPolicy {
  const w = WATCHED_VALUES['rdp-encryption-policy'];
  let reading: LocalGpoReading = {
    state: 'not-defined',
    origin: { file, format: 'registry-pol', location: `no record for ${w.key}\\${w.name}` },
  };
  for (const r of records) {
    if (!recordTouches(r, w.key, w.name)) continue;
    const origin: EvidenceOrigin = {
      file,
      format: 'registry-pol',
      location: `record at byte ${r.offset}: [${r.key};${r.valueName}]`,
    };
    const a = actionOf(r);
    if (a.kind !== 'set') {
      reading = { state: 'deleted', origin };
      continue;
    }
    if (r.type !== REG_DWORD || r.data.length !== 4) {
      throw new InvalidEvidence(
        file,
        `${r.valueName} has type ${r.type} and ${r.data.length} bytes of data; it must be a REG_DWORD (type 4, 4 bytes)`,
      );
    }
    const data = new DataView(r.data.buffer, r.data.byteOffset, 4).getUint32(0, true);
    if (data < w.min || data > w.max)
      throw new InvalidEvidence(file, `${r.valueName} is ${data}; encryption levels are 1 to 4`);
    if (!a.soft) {
      reading = { state: 'set', data, origin };
    } else if (reading.state === 'deleted') {
      // Deleted by an earlier record of this file, so absent when the soft value comes: it is set.
      reading = { state: 'set', data, origin };
    } else if (reading.state === 'not-defined') {
      // Set only if the server has no value yet: which it had when policy applied is not in this file.
      reading = { state: 'set', data, soft: true, origin };
    }
    // After a value set by an earlier record (hard or soft), a soft value finds it there: no change.
  }
  return { rdpEncryptionPolicy: reading };
}
