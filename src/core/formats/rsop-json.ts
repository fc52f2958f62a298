// `rsop.json`, which `fipsfix collect` writes from WMI's `root\rsop\computer` (see
// docs/rsop-evidence.md): the RSOP_GPO, RSOP_RegistryPolicySetting and RSOP_RegistryValue rows,
// under Windows' own property names. RSoP names registry keys and values, not display names, so
// unlike gpresult it reads the same in every language, and it shows every route the registry
// extension takes (Administrative Templates, Set-GPRegistryValue, Extra Registry Settings), which
// gpresult splits into Policy and RegistrySetting elements. Recognised by content: `fipsfixRsop: 1`.
import { registryTypeName } from '../registry-types';
import { z } from 'zod';
import type {
  EvidenceOrigin,
  GpoRef,
  GroupPolicyResult,
  GroupPolicySetting,
  GroupPolicySettingId,
  PolicyRegistryValue,
} from '../evidence';
import {
  isListenerLevelId,
  keyCovers,
  keyUnderLocalMachine,
  managedValue,
  managedValueAt,
} from '../settings';
import { InvalidEvidence } from './invalid-evidence';
import { tryDecodeText } from './text-encoding';

export const RSOP_JSON_VERSION = 1;
export const RSOP_JSON_FILE = 'rsop.json';

/** REG_DWORD, in RSOP_RegistryPolicySetting.valueType and RSOP_RegistryValue.Type alike. */
const REG_DWORD = 4;

/** The keys whose every policy value later rules may need (SecurityLayer, UserAuthentication, listeners). */
export const TERMINAL_SERVICES_KEYS = [
  'SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services',
  'SYSTEM\\CurrentControlSet\\Control\\Terminal Server',
] as const;

const GPO_SETTING_IDS: readonly GroupPolicySettingId[] = [
  'fips-algorithm-policy',
  'fips-algorithm-policy-legacy',
  'rdp-encryption-policy',
  // Set-GPRegistryValue can write the listener's own value as well.
  'rdp-tcp-encryption-level',
];

// PowerShell unrolls a one-row result to the row itself and an empty one to null, whatever the
// script does to prevent it; accept both rather than refuse a faithful export.
const rows = <T extends z.ZodType>(row: T) =>
  z.preprocess(
    (v): unknown => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(row),
  );
const text = z.string().nullable().optional();
const flag = z.boolean().nullable().optional();

const GpoRowSchema = z.looseObject({
  id: z.string().min(1),
  name: text,
  guidName: text,
  fileSystemPath: text,
  enabled: flag,
  accessDenied: flag,
  filterAllowed: flag,
});

const RegistryPolicySettingRowSchema = z.looseObject({
  id: z.string(),
  GPOID: z.string().min(1),
  SOMID: text,
  precedence: z.number().int().min(1),
  registryKey: z.string(),
  valueName: z.string().nullable(),
  valueType: z.number().int().min(0),
  // uint8[]: a number array as the collect script writes it, a single number when PowerShell
  // unrolled a one-byte array, or base64 (what PowerShell 7 may make of byte[]; unverified).
  value: z
    .union([z.array(z.number().int().min(0).max(255)), z.number().int().min(0).max(255), z.string()])
    .nullable(),
  deleted: flag,
  command: text,
});

const RegistryValueRowSchema = z.looseObject({
  id: z.string(),
  GPOID: z.string().min(1),
  SOMID: text,
  precedence: z.number().int().min(1),
  Path: z.string().min(1),
  Type: z.number().int().min(0),
  Data: z.string().nullable(),
});

export const RsopJsonSchema = z.looseObject({
  fipsfixRsop: z.literal(RSOP_JSON_VERSION),
  computerName: z.string().min(1),
  collectedAt: z.iso.datetime({ offset: true }),
  elevated: z.boolean(),
  /** HKLM\Software\Policies\Microsoft\Windows\System\RSoPLogging: 0 turns RSoP logging off. */
  rsopLoggingPolicy: z.number().int().nullable().optional(),
  gpos: rows(GpoRowSchema),
  registryPolicySettings: rows(RegistryPolicySettingRowSchema),
  securityRegistryValues: rows(RegistryValueRowSchema),
  errors: rows(z.string()),
});
export type RsopJson = z.infer<typeof RsopJsonSchema>;
type GpoRow = z.infer<typeof GpoRowSchema>;
type RegistryPolicySettingRow = z.infer<typeof RegistryPolicySettingRowSchema>;
type RegistryValueRow = z.infer<typeof RegistryValueRowSchema>;

export interface RsopExport {
  readonly machineName: string;
  readonly collectedAt: string;
  readonly groupPolicy: GroupPolicyResult;
}

const MARKER = /"fipsfixRsop"\s*:/;

export function looksLikeRsopJson(text: string): boolean {
  return /^\s*\{/.test(text) && MARKER.test(text);
}

/** True when the text stops inside a string or with a bracket still open: a file cut short. */
function endsOpen(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return inString || depth > 0;
}

function decode(file: string, bytes: Uint8Array): string {
  const r = tryDecodeText(bytes);
  if ('problem' in r) throw new InvalidEvidence(file, `an RSoP export that is ${r.problem}`);
  // PowerShell writes UTF-8 or, with Out-File/> in Windows PowerShell 5.1, UTF-16LE with a BOM;
  // UTF-16 without a BOM comes from neither, so it is not guessed at.
  if (r.encoding === 'utf-16le')
    throw new InvalidEvidence(
      file,
      'UTF-16LE text without a byte-order mark; an RSoP export is UTF-8, or UTF-16LE with a BOM',
    );
  return r.text;
}

/** Reads rsop.json; throws InvalidEvidence naming the file for anything it cannot vouch for. */
export function parseRsopJson(file: string, bytes: Uint8Array): RsopExport {
  const source = decode(file, bytes);
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch (e) {
    const cutShort = endsOpen(source);
    if (cutShort || looksLikeRsopJson(source))
      throw new InvalidEvidence(
        file,
        cutShort
          ? 'an RSoP export cut short: the JSON ends before its last bracket closes; collect it again'
          : `an RSoP export that is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
      );
    throw new InvalidEvidence(file, 'not JSON, and not an RSoP export');
  }
  if (typeof raw !== 'object' || raw === null || !('fipsfixRsop' in raw))
    throw new InvalidEvidence(
      file,
      'JSON that is not an RSoP export from fipsfix collect (no "fipsfixRsop" key)',
    );
  if (raw.fipsfixRsop !== RSOP_JSON_VERSION)
    throw new InvalidEvidence(
      file,
      `an RSoP export of version ${JSON.stringify(raw.fipsfixRsop)}; this FipsFix reads version ${RSOP_JSON_VERSION}`,
    );
  const parsed = RsopJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new InvalidEvidence(file, `not a valid RSoP export${where}: ${issue?.message ?? 'invalid'}`);
  }
  return fromRsop(file, parsed.data);
}

function unusable(r: RsopJson): string | undefined {
  if (!r.elevated)
    return 'collected without elevation: root\\rsop\\computer is readable only by an administrator';
  if (r.errors.length > 0) return `WMI refused part of it: ${r.errors.join('; ')}`;
  if (r.rsopLoggingPolicy === 0)
    return 'RSoP logging is turned off on this server (RSoPLogging=0), so its data is not current';
  if (r.gpos.length === 0)
    return 'no RSOP_GPO rows, not even the local GPO: no RSoP data was logged (gpupdate /force writes it)';
  return undefined;
}

/** `cn={GUID},cn=policies,cn=system,DC=contoso,DC=com` → its GUID; `LocalGPO` stays as it is. */
function gpoIdentifier(gpoId: string, row: GpoRow | undefined): string {
  if (gpoId.toUpperCase() === 'LOCALGPO') return 'LocalGPO';
  const guid = /\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}/i;
  return guid.exec(gpoId)?.[0] ?? (row?.guidName ? guid.exec(row.guidName)?.[0] : undefined) ?? gpoId;
}

function dnParts(dn: string): { readonly type: string; readonly value: string }[] {
  return dn
    .split(/,(?=\s*[A-Za-z]+=)/)
    .map((rdn) => /^\s*([A-Za-z]+)=(.*?)\s*$/.exec(rdn))
    .flatMap((m) => (m ? [{ type: (m[1] ?? '').toUpperCase(), value: m[2] ?? '' }] : []));
}

function domainOf(dn: string): string | undefined {
  const dc = dnParts(dn).filter((p) => p.type === 'DC');
  return dc.length > 0 ? dc.map((p) => p.value).join('.') : undefined;
}

/** A SOM's distinguished name the way gpresult writes a link: `contoso.com/Servers/RDS`. */
export function somPath(somId: string): string {
  const parts = dnParts(somId);
  const domain = domainOf(somId);
  if (!domain) return somId;
  const below = parts.filter((p) => p.type !== 'DC').map((p) => p.value);
  return [domain, ...below.reverse()].join('/');
}

class GpoDirectory {
  private readonly rows = new Map<string, GpoRow>();
  constructor(gpos: readonly GpoRow[]) {
    for (const g of gpos) this.rows.set(g.id.toUpperCase(), g);
  }

  ref(gpoId: string, somId: string | null | undefined): GpoRef {
    const row = this.rows.get(gpoId.toUpperCase());
    // The GPO's own row spells its path once; settings' GPOIDs match it only case-insensitively.
    const path = row?.id ?? gpoId;
    const id = gpoIdentifier(path, row);
    const domain = domainOf(path);
    return {
      id,
      name: row?.name || id,
      isLocal: id === 'LocalGPO',
      ...(somId ? { linkedAt: somPath(somId) } : {}),
      ...(domain ? { domain } : {}),
    };
  }

  /** Every GPO RSoP lists, linked where its settings say when they all say the same place. */
  all(links: ReadonlyMap<string, ReadonlySet<string>>): GpoRef[] {
    return [...this.rows.values()].map((g) => {
      const somIds = links.get(g.id.toUpperCase());
      const only = somIds?.size === 1 ? [...somIds][0] : undefined;
      return this.ref(g.id, only);
    });
  }
}

type RowValue = PolicyRegistryValue['value'];

function bytesOf(v: RegistryPolicySettingRow['value']): number[] | undefined {
  if (v === null) return undefined;
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) return undefined;
  return [...atob(v)].map((c) => c.charCodeAt(0));
}

/** A registry-extension row's value: DWORD bytes are little-endian, as the registry stores them. */
function policySettingValue(r: RegistryPolicySettingRow, deletes: boolean): RowValue {
  if (deletes) return { type: 'deleted' };
  if (r.valueType !== REG_DWORD) return { type: 'not-a-dword', valueType: r.valueType };
  const b = bytesOf(r.value);
  if (!b || b.length !== 4)
    return {
      type: 'unreadable',
      why: `REG_DWORD with ${b ? `${b.length} bytes` : 'a value that is not a byte array'}, not 4`,
    };
  return {
    type: 'dword',
    data: ((b[0] ?? 0) | ((b[1] ?? 0) << 8) | ((b[2] ?? 0) << 16) | ((b[3] ?? 0) << 24)) >>> 0,
  };
}

/** A security-extension row's value: `Data` is text, a decimal number for a DWORD (unverified). */
function registryValueData(r: RegistryValueRow): RowValue {
  if (r.Type !== REG_DWORD) return { type: 'not-a-dword', valueType: r.Type };
  const d = (r.Data ?? '').trim();
  if (/^\d+$/.test(d)) return { type: 'dword', data: Number(d) };
  if (/^0x[0-9a-f]{1,8}$/i.test(d)) return { type: 'dword', data: Number.parseInt(d.slice(2), 16) };
  return { type: 'unreadable', why: `REG_DWORD with Data "${r.Data ?? ''}", which is not a number` };
}

function describeRowValue(v: RowValue): string {
  switch (v.type) {
    case 'dword':
      return String(v.data);
    case 'deleted':
      return '(deleted)';
    case 'not-a-dword':
      return `(${registryTypeName(v.valueType)})`;
    case 'unreadable':
      return `(${v.why})`;
  }
}

/** One row, whichever class it came from, with the value name cut from its `**` prefix. */
interface Row {
  readonly className: 'RSOP_RegistryPolicySetting' | 'RSOP_RegistryValue';
  readonly kind: PolicyRegistryValue['kind'];
  readonly key: string;
  readonly valueName: string;
  /** A `**soft.` record sets the value only where it is absent (MS-GPREG). */
  readonly soft: boolean;
  readonly value: RowValue;
  readonly gpoId: string;
  readonly somId: string | null | undefined;
  readonly precedence: number;
  readonly written: string;
}

function underHklm(key: string): string {
  return (keyUnderLocalMachine(key) ?? key.trim()).replace(/^\\+|\\+$/g, '');
}

function policySettingRow(r: RegistryPolicySettingRow): Row {
  const name = r.valueName ?? '';
  // How a Registry.pol `**del.` record reaches RSoP is unverified: as `deleted`, or as the name.
  const del = /^\*\*del\./i.exec(name);
  const soft = /^\*\*soft\./i.exec(name);
  const valueName = del ? name.slice(del[0].length) : soft ? name.slice(soft[0].length) : name;
  return {
    className: 'RSOP_RegistryPolicySetting',
    kind: 'registry-setting',
    key: underHklm(r.registryKey),
    valueName,
    soft: soft !== null,
    value: policySettingValue(r, r.deleted === true || del !== null),
    gpoId: r.GPOID,
    somId: r.SOMID,
    precedence: r.precedence,
    written: `${r.registryKey}\\${name}`,
  };
}

function registryValueRow(r: RegistryValueRow): Row {
  const path = underHklm(r.Path);
  const cut = path.lastIndexOf('\\');
  return {
    className: 'RSOP_RegistryValue',
    kind: 'security-option',
    key: cut < 0 ? '' : path.slice(0, cut),
    valueName: cut < 0 ? path : path.slice(cut + 1),
    soft: false,
    value: registryValueData(r),
    gpoId: r.GPOID,
    somId: r.SOMID,
    precedence: r.precedence,
    written: r.Path,
  };
}

function originOf(file: string, row: Row, gpo: GpoRef): EvidenceOrigin {
  return {
    file,
    format: 'rsop-json',
    location: `${row.className} ${row.written}=${describeRowValue(row.value)} in GPO "${gpo.name}" ${gpo.id}, precedence ${row.precedence}`,
  };
}

function asPolicyValue(row: Row, gpo: GpoRef, origin: EvidenceOrigin): PolicyRegistryValue {
  return {
    key: row.key,
    valueName: row.valueName,
    value: row.value,
    gpo,
    precedence: row.precedence,
    kind: row.kind,
    origin,
  };
}

/** Why FipsFix cannot take this row's value as what the GPO puts in force, if it cannot. */
function unusableWhy(row: Row, setting: GroupPolicySettingId): string | undefined {
  if (row.soft) return 'a **soft. record, which sets the value only where it is absent';
  const v = row.value;
  if (v.type === 'not-a-dword') return `${registryTypeName(v.valueType)}, not a REG_DWORD`;
  if (v.type === 'unreadable') return v.why;
  const w = managedValue(setting);
  if (v.type === 'dword' && (v.data < w.min || v.data > w.max))
    return `${v.data} is outside ${w.min}–${w.max}, what Windows documents for ${w.name}`;
  return undefined;
}

function fromRsop(file: string, r: RsopJson): RsopExport {
  const base = { machineName: r.computerName, collectedAt: r.collectedAt };
  const why = unusable(r);
  if (why)
    return {
      ...base,
      groupPolicy: { computerResults: 'missing', origin: { file, format: 'rsop-json', location: why } },
    };

  const gpos = new GpoDirectory(r.gpos);
  // Security options first: where a security option and a registry setting of the same precedence
  // both write FIPS, the first is the one winningSetting reports (which Windows keeps is unverified).
  const all: Row[] = [
    ...r.securityRegistryValues.map(registryValueRow),
    ...r.registryPolicySettings.map(policySettingRow),
  ];
  const settings: GroupPolicySetting[] = [];
  const unusableSettings: (PolicyRegistryValue & { readonly why: string })[] = [];
  const terminalServicesValues: PolicyRegistryValue[] = [];
  const links = new Map<string, Set<string>>();
  for (const row of all) {
    if (row.somId) {
      const k = row.gpoId.toUpperCase();
      links.set(k, (links.get(k) ?? new Set<string>()).add(row.somId));
    }
    const gpo = gpos.ref(row.gpoId, row.somId);
    const origin = originOf(file, row, gpo);
    if (TERMINAL_SERVICES_KEYS.some((k) => keyCovers(k, row.key)))
      terminalServicesValues.push(asPolicyValue(row, gpo, origin));
    const managed = managedValueAt(row.key, row.valueName);
    const setting =
      managed !== undefined && isListenerLevelId(managed)
        ? managed
        : GPO_SETTING_IDS.find((id) => id === managed);
    if (!setting) continue;
    const notUsable = unusableWhy(row, setting);
    if (notUsable) {
      unusableSettings.push({
        ...asPolicyValue(row, gpo, { ...origin, location: `${origin.location}: ${notUsable}` }),
        why: notUsable,
      });
      continue;
    }
    settings.push({
      setting,
      gpo,
      precedence: row.precedence,
      data: row.value.type === 'dword' ? row.value.data : null,
      kind: row.kind,
      origin,
    });
  }
  return {
    ...base,
    groupPolicy: {
      computerResults: 'present',
      computerName: r.computerName,
      gpos: gpos.all(links),
      settings,
      ...(unusableSettings.length > 0 ? { unusableSettings } : {}),
      terminalServicesValues,
      origin: {
        file,
        format: 'rsop-json',
        location: `root\\rsop\\computer (${r.gpos.length} GPOs, ${r.registryPolicySettings.length} registry settings, ${r.securityRegistryValues.length} security registry values)`,
      },
    },
  };
}
