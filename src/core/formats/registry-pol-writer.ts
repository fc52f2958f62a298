// Writes the local GPO's Registry.pol (PReg v1, MS-GPREG 2.2.1) and bumps gpt.ini, changing only
// the "Set client connection encryption level" value. Every other record is written back exactly
// as read, byte for byte and in the same order, so the administrator's other local policies are
// untouched: records that delete many values or keys (**delvals., **DeleteValues, **DeleteKeys)
// and **SecureKey are kept as they are, and the new record is placed where it holds despite them.
import { WATCHED_VALUES, inRange, sameRegistryName } from '../settings';
import { RDP_ENCRYPTION_POLICY_NAME } from './gpresult-xml';
import { InvalidEvidence } from './invalid-evidence';
import { REG_DWORD, actionOf, localGpoPolicyFrom, parseRegistryPol } from './registry-pol';

/** One record, as the parser gives it minus its byte offset. */
export interface RegistryPolEntry {
  readonly key: string;
  readonly valueName: string;
  readonly type: number;
  readonly data: Uint8Array;
}

/** What the local GPO says about the RDP encryption level. Same shape as the machine port's type. */
export type LocalGpoRdpLevel =
  | { readonly state: 'set'; readonly data: number }
  | { readonly state: 'deleted' }
  | { readonly state: 'not-defined' };

/** The requested state could not be written without changing other records. */
export class RegistryPolEditRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RegistryPolEditRefused';
  }
}

const PREG_HEADER = [0x50, 0x52, 0x65, 0x67, 0x01, 0x00, 0x00, 0x00];
/** Group Policy Editor writes 0x20 as the data of a `**del.` record ("It's what Microsoft does", PolicyPlus). */
const DEL_RECORD_DATA = [0x20, 0x00, 0x00, 0x00];

export function encodeRegistryPol(entries: readonly RegistryPolEntry[]): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.from(PREG_HEADER)];
  const utf16 = (s: string): Uint8Array => {
    const out = new Uint8Array(s.length * 2);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out[i * 2] = c & 0xff;
      out[i * 2 + 1] = c >> 8;
    }
    return out;
  };
  const dword = (n: number): Uint8Array => {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, n, true);
    return out;
  };
  for (const e of entries) {
    // A NUL would end the name early and shift every later byte: the parser would misread the rest.
    if (e.key.includes('\0') || e.valueName.includes('\0'))
      throw new RangeError(`Registry.pol record [${e.key};${e.valueName}]: a name contains NUL`);
    if (!Number.isInteger(e.type) || e.type < 0 || e.type > 0xffffffff)
      throw new RangeError(`Registry.pol record [${e.key};${e.valueName}]: type ${e.type}`);
    parts.push(
      utf16(`[${e.key}\0;${e.valueName}\0;`),
      dword(e.type),
      utf16(';'),
      dword(e.data.length),
      utf16(';'),
      e.data,
      utf16(']'),
    );
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const RDP = WATCHED_VALUES['rdp-encryption-policy'];
/** The key as the Group Policy Editor writes it in Registry.pol (no hive). */
export const RDP_POLICY_KEY = 'Software\\Policies\\Microsoft\\Windows NT\\Terminal Services';

/**
 * A record about MinEncryptionLevel alone: its value, its `**del.`, or its `**soft.` value (set
 * only if absent, so it would not hold the level asked for). These are the records replaced.
 */
function isRdpLevelRecord(e: RegistryPolEntry): boolean {
  if (!sameRegistryName(e.key, RDP.key)) return false;
  const a = actionOf(e);
  return (
    (a.kind === 'set' && sameRegistryName(a.name, RDP.name)) ||
    (a.kind === 'delete-value' &&
      a.names.length === 1 &&
      sameRegistryName(a.names[0] ?? '', RDP.name) &&
      e.valueName.toLowerCase().startsWith('**del.'))
  );
}

function recordFor(
  level: Exclude<LocalGpoRdpLevel, { state: 'not-defined' }>,
  key: string,
): RegistryPolEntry {
  if (level.state === 'deleted')
    return { key, valueName: `**del.${RDP.name}`, type: REG_DWORD, data: Uint8Array.from(DEL_RECORD_DATA) };
  if (!inRange('rdp-encryption-policy', level.data))
    throw new RangeError(`MinEncryptionLevel ${level.data}: encryption levels are 1 to 4`);
  const data = new Uint8Array(4);
  new DataView(data.buffer).setUint32(0, level.data, true);
  return { key, valueName: RDP.name, type: REG_DWORD, data };
}

function readsBackAs(entries: readonly RegistryPolEntry[], level: LocalGpoRdpLevel): boolean {
  const bytes = encodeRegistryPol(entries);
  const got = localGpoPolicyFrom('Registry.pol', parseRegistryPol('Registry.pol', bytes)).rdpEncryptionPolicy;
  if (got.state !== level.state) return false;
  return got.state !== 'set' || (level.state === 'set' && got.data === level.data && got.soft !== true);
}

/**
 * The records with MinEncryptionLevel under the Terminal Services policy key replaced by `level`:
 * set → a REG_DWORD record, deleted → a `**del.MinEncryptionLevel` record, not-defined → none.
 * The new record takes the place of the old one (else it follows the key's last record, else it
 * goes last), so the file reads like one the Group Policy Editor wrote.
 */
export function withRdpEncryptionLevel(
  entries: readonly RegistryPolEntry[],
  level: LocalGpoRdpLevel,
): RegistryPolEntry[] {
  const plain = entries.map((e): RegistryPolEntry => ({
    key: e.key,
    valueName: e.valueName,
    type: e.type,
    data: e.data,
  }));
  const firstOld = plain.findIndex(isRdpLevelRecord);
  const kept = plain.filter((e) => !isRdpLevelRecord(e));
  if (level.state === 'not-defined') {
    if (!readsBackAs(kept, level)) {
      throw new RegistryPolEditRefused(
        `the local GPO's Registry.pol deletes ${RDP.name} in another record (**delvals., **DeleteValues or **DeleteKeys); FipsFix will not rewrite that record. Set "${RDP_ENCRYPTION_POLICY_NAME}" to Not Configured in gpedit.msc`,
      );
    }
    return kept;
  }
  const existingKey =
    plain[firstOld]?.key ?? kept.find((e) => sameRegistryName(e.key, RDP.key))?.key ?? RDP_POLICY_KEY;
  const record = recordFor(level, existingKey);
  let at: number;
  if (firstOld >= 0) at = firstOld;
  else {
    const lastOfKey = kept.map((e) => sameRegistryName(e.key, RDP.key)).lastIndexOf(true);
    at = lastOfKey >= 0 ? lastOfKey + 1 : kept.length;
  }
  const placed = [...kept.slice(0, at), record, ...kept.slice(at)];
  if (readsBackAs(placed, level)) return placed;
  // A later record deletes the value with others (**delvals., **DeleteValues, **DeleteKeys of the
  // key or a parent): only a record after it holds.
  const last = [...kept, record];
  if (readsBackAs(last, level)) return last;
  throw new RegistryPolEditRefused(
    `the local GPO's Registry.pol would not read back as ${level.state} after the edit`,
  );
}

/** Parses a Registry.pol (or none), applies the level, and encodes it again. Throws InvalidEvidence for a file it cannot read. */
export function registryPolWithRdpEncryptionLevel(
  file: string,
  current: Uint8Array | undefined,
  level: LocalGpoRdpLevel,
): Uint8Array {
  const entries = current === undefined || current.length === 0 ? [] : parseRegistryPol(file, current);
  return encodeRegistryPol(withRdpEncryptionLevel(entries, level));
}

// gpt.ini: the local GPO's version (user version in the high 16 bits, machine version in the low
// 16), and the client-side extensions Group Policy runs for it. After Registry.pol changes, the
// machine version goes up by one and the Administrative Templates extension must be listed, as
// dlwyatt/PolicyFileEditor (Common.ps1) and the Group Policy Editor do.

/** Administrative Templates (Registry) client-side extension, and its machine-side tool extension. */
export const ADMINISTRATIVE_TEMPLATES_CSE = '{35378EAC-683F-11D2-A89A-00C04FBBCFA2}';
export const ADMINISTRATIVE_TEMPLATES_MACHINE_TOOL = '{D02B1F72-3407-48AE-BA88-E8213C6761F1}';

export interface GptIniVersion {
  readonly machine: number;
  readonly user: number;
}

export function splitGptVersion(version: number): GptIniVersion {
  return { machine: version & 0xffff, user: Math.floor(version / 0x10000) & 0xffff };
}

const GUID = /\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}/g;
const byUpper = (a: string, b: string): number =>
  a.toUpperCase() < b.toUpperCase() ? -1 : a.toUpperCase() > b.toUpperCase() ? 1 : 0;

/**
 * `[{CSE}{tool}…][{CSE}{tool}…]` with the Administrative Templates group present. Groups and tools
 * are kept sorted ("these GUIDs must be in alphabetical order, or GP processing will have
 * problems", PolicyFileEditor); an already complete list is returned unchanged.
 */
export function withAdministrativeTemplatesExtension(file: string, value: string): string {
  const trimmed = value.trim();
  if (!/^(\[(\{[0-9A-Fa-f-]{36}\})+\])*$/.test(trimmed))
    throw new InvalidEvidence(file, `gPCMachineExtensionNames is not a list of [{GUID}…] groups: "${value}"`);
  const groups = [...trimmed.matchAll(/\[([^\]]*)\]/g)].map((m) =>
    [...(m[1] ?? '').matchAll(GUID)].map((g) => g[0]),
  );
  const ours = groups.find((g) => sameRegistryName(g[0] ?? '', ADMINISTRATIVE_TEMPLATES_CSE));
  if (ours && ours.slice(1).some((t) => sameRegistryName(t, ADMINISTRATIVE_TEMPLATES_MACHINE_TOOL)))
    return value;
  if (ours) {
    const tools = [...ours.slice(1), ADMINISTRATIVE_TEMPLATES_MACHINE_TOOL].sort(byUpper);
    ours.splice(0, ours.length, ours[0] ?? ADMINISTRATIVE_TEMPLATES_CSE, ...tools);
  } else {
    groups.push([ADMINISTRATIVE_TEMPLATES_CSE, ADMINISTRATIVE_TEMPLATES_MACHINE_TOOL]);
    groups.sort((a, b) => byUpper(a[0] ?? '', b[0] ?? ''));
  }
  return groups.map((g) => `[${g.join('')}]`).join('');
}

/**
 * gpt.ini after a change to the machine's Registry.pol: Version's low word + 1 (the user version
 * kept), and the Administrative Templates extension listed. Other lines are kept as they were.
 * `current` undefined means there is no gpt.ini yet (a local GPO never edited).
 */
export function gptIniAfterMachinePolicyChange(file: string, current: string | undefined): string {
  const eol = current === undefined || current.includes('\r\n') || !current.includes('\n') ? '\r\n' : '\n';
  const lines = current === undefined ? [] : current.split(/\r?\n/);
  const trailingEmpty = lines.length > 0 && lines[lines.length - 1] === '';
  if (trailingEmpty) lines.pop();

  let section = '';
  let generalEnd = -1; // index after the [General] section's last line
  let sawVersion = false;
  let sawExtensions = false;
  const out: string[] = [];
  for (const line of lines) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      if (section.toUpperCase() === 'GENERAL') generalEnd = out.length;
      section = header[1] ?? '';
      out.push(line);
      continue;
    }
    if (section.toUpperCase() === 'GENERAL') {
      // Split at "=" and trimmed, not matched by a lazy group before \s*$ (quadratic in a long line).
      const eq = line.indexOf('=');
      const version =
        eq >= 0 && /^version$/i.test(line.slice(0, eq).trim()) ? line.slice(eq + 1).trim() : undefined;
      if (version !== undefined) {
        const n = Number(version);
        if (!/^\d+$/.test(version) || n > 0xffffffff)
          throw new InvalidEvidence(file, `Version is "${version}", not a number from 0 to 4294967295`);
        const { machine, user } = splitGptVersion(n);
        // 0 means "no machine settings"; after 65535 Windows has nowhere to go but round (inferred).
        const next = machine >= 0xffff ? 1 : machine + 1;
        out.push(`Version=${user * 0x10000 + next}`);
        sawVersion = true;
        continue;
      }
      const ext = /^(\s*gPCMachineExtensionNames\s*=)(.*)$/i.exec(line);
      if (ext) {
        const value = ext[2] ?? '';
        const updated = withAdministrativeTemplatesExtension(file, value);
        out.push(updated === value ? line : `${ext[1] ?? ''}${updated}`);
        sawExtensions = true;
        continue;
      }
    }
    out.push(line);
  }
  if (section.toUpperCase() === 'GENERAL') generalEnd = out.length;

  const missing: string[] = [];
  if (!sawExtensions)
    missing.push(
      `gPCMachineExtensionNames=[${ADMINISTRATIVE_TEMPLATES_CSE}${ADMINISTRATIVE_TEMPLATES_MACHINE_TOOL}]`,
    );
  if (!sawVersion) missing.push('Version=1');
  if (generalEnd < 0) {
    const general = [
      '[General]',
      ...(current === undefined ? ['gPCFunctionalityVersion=2'] : []),
      ...missing,
    ];
    out.unshift(...general);
  } else {
    out.splice(generalEnd, 0, ...missing);
  }
  return out.join(eol) + eol;
}

export function gptIniVersionOf(text: string): GptIniVersion | undefined {
  let section = '';
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) section = (header[1] ?? '').toUpperCase();
    const v = section === 'GENERAL' ? /^\s*Version\s*=\s*(\d+)\s*$/i.exec(line) : null;
    if (v) return splitGptVersion(Number(v[1]));
  }
  return undefined;
}
