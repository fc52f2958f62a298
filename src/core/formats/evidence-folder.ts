// An evidence folder: files in Windows' own export formats, each recognised by its content, not its
// name. Pure: the caller reads the files; this decides what each is and builds one Evidence. A file
// that is no evidence at all is skipped and named; a file that is evidence but unreadable stops
// everything (InvalidEvidence), because a verdict is never drawn from partly unreadable evidence.
import type {
  Evidence,
  EvidenceFormat,
  GroupPolicyResult,
  LocalGpoPolicy,
  RegistryPolicyProcessing,
  RegistryReading,
  SecurityPolicyExport,
  TermDdEvidence,
  WireEvidence,
} from '../evidence';
import {
  REGISTRY_PROCESSING_KEY,
  WATCHED_VALUE_IDS,
  WATCHED_VALUES,
  keyCovers,
  keyUnderLocalMachine,
  type WatchedValueId,
} from '../settings';
import { computersNamedBy, oneComputer } from './evidence-computers';
import {
  EVIDENCE_MANIFEST_FILE,
  checkAgainstManifest,
  looksLikeManifest,
  parseManifest,
  seceditExportKindOf,
  type EvidenceManifest,
} from './evidence-manifest';
import { listenerEvidenceFrom, type KeyLookup, type KeyValue } from '../listener-evidence';
import { looksLikeGpresultXml, parseGpresultXml } from './gpresult-xml';
import {
  gpoBackupIsNotEvidence,
  recogniseGroupPolicyDocument,
  skipReasonFor,
} from './group-policy-documents';
import { combineGroupPolicy } from './combine-group-policy';
import { InvalidEvidence } from './invalid-evidence';
import { looksLikeRegExport, parseRegExport, startsAsRegedit4, type RegExport } from './reg-export';
import { localGpoPolicyFrom, looksLikeRegistryPol, parseRegistryPol } from './registry-pol';
import { looksLikeRsopJson, parseRsopJson, type RsopExport } from './rsop-json';
import { looksLikeSeceditExport, parseSeceditExport } from './secedit-inf';
import { sniffedText, tryDecodeText } from './text-encoding';
import { looksLikeWevtutilXml, parseWevtutilEvents, wevtutilDocument } from './wevtutil-events';
import { parseSafeXml, type XmlDocument } from './safe-xml';
import { looksLikeProbeDocument, ProbeDocumentSchema } from '../wire/probe-document';

export interface EvidenceFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export type Recognised =
  | { readonly format: Exclude<EvidenceFormat, 'simulated-machine' | 'live-registry'> }
  | {
      readonly skip: string;
      /** Set when the file describes a GPO (a backup, a report), not a server: named in any refusal. */
      readonly describesGpo?: true;
    };

/** A file skipped, and why; `describesGpo` when it is a GPO backup or report rather than evidence. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
  readonly describesGpo?: true;
}

/** Extensions that promise evidence: such a file that is not readable as evidence is an error, not a skip. */
const EVIDENCE_EXTENSIONS: Readonly<Record<string, string>> = {
  '.reg': 'a reg export',
  '.inf': 'a secedit export',
  '.xml': 'a gpresult or wevtutil export',
  '.pol': 'a Registry.pol',
};

function extensionOf(name: string): string {
  const m = /\.[^./\\]+$/.exec(name);
  return m ? m[0].toLowerCase() : '';
}

/**
 * The format of a file, from its name and its first SNIFF_BYTES (the rest of `bytes`, if any, is not
 * looked at): a skip, a format to parse, or InvalidEvidence for a file named like evidence that is not.
 */
export function recogniseEvidence(file: EvidenceFile): Recognised {
  const promised = EVIDENCE_EXTENSIONS[extensionOf(file.name)];
  if (looksLikeRegistryPol(file.bytes)) return { format: 'registry-pol' };
  if (extensionOf(file.name) === '.pol')
    throw new InvalidEvidence(
      file.name,
      'named like a Registry.pol, but it does not start with the "PReg" signature (wrong header)',
    );
  const decoded = sniffedText(file.bytes);
  if ('problem' in decoded) {
    // An ANSI file in an evidence format is refused by its parser, which says what it is; it is
    // never skipped as "not text", since it may hold the very value that matters.
    if (startsAsRegedit4(file.bytes)) return { format: 'reg-export' };
    if (looksLikeSeceditExport(latin1(file.bytes))) return { format: 'secedit-export' };
    if (promised)
      throw new InvalidEvidence(file.name, `named like ${promised}, but it is ${decoded.problem}`);
    return { skip: `not text in a Windows export encoding (${decoded.problem})` };
  }
  const text = decoded.text.replace(/^\uFEFF/, '');
  // JSON first: an RSoP export is recognised by its own marker, before anything reads it as XML.
  if (looksLikeRsopJson(text)) return { format: 'rsop-json' };
  if (looksLikeProbeDocument(text)) return { format: 'wire-probe' };
  if (looksLikeRegExport(text)) return { format: 'reg-export' };
  if (looksLikeWevtutilXml(text)) return { format: 'wevtutil-xml' };
  if (looksLikeGpresultXml(text)) return { format: 'gpresult-xml' };
  const gpDoc = recogniseGroupPolicyDocument(text);
  if (gpDoc) return { skip: skipReasonFor(gpDoc), describesGpo: true };
  if (/^\s*(<!DOCTYPE\s+html[^>]*>\s*)?<html[\s>]/i.test(text)) {
    if (promised) throw new InvalidEvidence(file.name, `named like ${promised}, but it is an HTML page`);
    return { skip: 'an HTML page, not in any Windows export format FipsFix reads' };
  }
  if (text.trimStart().startsWith('<')) {
    // XML that is neither: refuse rather than skip, since it may be evidence in a shape we would misread.
    return { format: 'gpresult-xml' };
  }
  if (looksLikeSeceditExport(text)) return { format: 'secedit-export' };
  if (promised)
    throw new InvalidEvidence(file.name, `named like ${promised}, but its content is not in that format`);
  return { skip: 'not in any Windows export format FipsFix reads' };
}

/** `fipsfix probe --json`, or the wire-probe.json `fipsfix collect` writes: checked against its schema. */
function wireEvidenceFrom(file: string, text: string): WireEvidence {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InvalidEvidence(
      file,
      `a probe document that is not JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const doc = ProbeDocumentSchema.safeParse(json);
  if (!doc.success)
    throw new InvalidEvidence(
      file,
      `a probe document that does not match docs/probe.schema.json: ${doc.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  return { targets: doc.data.targets, origin: { file, format: 'wire-probe', location: 'fipsfix probe' } };
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < Math.min(bytes.length, 64 * 1024); i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}

/**
 * A folder holding a GPO backup's own files is that backup, even when other files sit beside it:
 * a registry.pol or GptTmpl.inf copied out of it would otherwise be read as this server's.
 */
function refuseGpoBackup(files: readonly EvidenceFile[]): void {
  for (const f of files) {
    const d = sniffedText(f.bytes);
    if ('problem' in d) continue;
    const doc = recogniseGroupPolicyDocument(d.text);
    if (doc?.kind === 'gpo-backup')
      throw new InvalidEvidence(f.name, `this folder is ${gpoBackupIsNotEvidence(doc.gpo)}`);
  }
}

function registryFromExports(
  exports: readonly RegExport[],
): Partial<Record<WatchedValueId, RegistryReading>> {
  const out: Partial<Record<WatchedValueId, RegistryReading>> = {};
  for (const id of WATCHED_VALUE_IDS) {
    const w = WATCHED_VALUES[id];
    const keyPath = w.key.toUpperCase();
    for (const ex of exports) {
      let reading: RegistryReading | undefined;
      const key = [...ex.keys.values()].find((k) => keyUnderLocalMachine(k.path)?.toUpperCase() === keyPath);
      if (key) {
        const v = key.values.get(w.name.toUpperCase());
        const location = `[${key.path}] "${w.name}"`;
        if (v) {
          if (v.data.type !== 'REG_DWORD')
            throw new InvalidEvidence(ex.file, `${location} is ${v.data.type}; it must be a REG_DWORD`);
          if (v.data.value < w.min || v.data.value > w.max) {
            throw new InvalidEvidence(
              ex.file,
              `${location} is ${v.data.value}, out of range (${w.min} to ${w.max}) for ${w.label}`,
            );
          }
          reading = {
            state: 'dword',
            data: v.data.value,
            origin: { file: ex.file, format: 'reg-export', location },
          };
        } else {
          reading = {
            state: 'absent',
            origin: {
              file: ex.file,
              format: 'reg-export',
              location: `[${key.path}] has no "${w.name}" value`,
            },
          };
        }
      } else {
        const root = ex.root ? keyUnderLocalMachine(ex.root) : undefined;
        // reg export is recursive: a key missing under the exported root does not exist.
        if (root !== undefined && keyCovers(root, w.key)) {
          reading = {
            state: 'absent',
            origin: {
              file: ex.file,
              format: 'reg-export',
              location: `export of [${ex.root}] has no key ${w.key}`,
            },
          };
        }
      }
      if (!reading) continue;
      const earlier = out[id];
      if (
        earlier &&
        (earlier.state !== reading.state ||
          (earlier.state === 'dword' && reading.state === 'dword' && earlier.data !== reading.data))
      ) {
        throw new InvalidEvidence(
          ex.file,
          `disagrees with ${earlier.origin.file} about ${w.key}\\${w.name}: were they exported at different times?`,
        );
      }
      out[id] ??= reading;
    }
  }
  return out;
}

/**
 * "Configure registry policy processing" (NoGPOListChanges under the registry extension's key), when
 * a reg export covers that key: it decides whether a template value comes back at every refresh.
 */
function registryPolicyProcessingFrom(exports: readonly RegExport[]): RegistryPolicyProcessing | undefined {
  const keyPath = REGISTRY_PROCESSING_KEY.toUpperCase();
  for (const ex of exports) {
    const key = [...ex.keys.values()].find((k) => keyUnderLocalMachine(k.path)?.toUpperCase() === keyPath);
    if (key) {
      const v = key.values.get('NOGPOLISTCHANGES');
      const location = `[${key.path}] "NoGPOListChanges"`;
      if (!v)
        return {
          noGpoListChanges: {
            state: 'absent',
            origin: {
              file: ex.file,
              format: 'reg-export',
              location: `[${key.path}] has no "NoGPOListChanges" value`,
            },
          },
        };
      if (v.data.type !== 'REG_DWORD')
        throw new InvalidEvidence(ex.file, `${location} is ${v.data.type}; it must be a REG_DWORD`);
      return {
        noGpoListChanges: {
          state: 'dword',
          data: v.data.value,
          origin: { file: ex.file, format: 'reg-export', location },
        },
      };
    }
    const root = ex.root ? keyUnderLocalMachine(ex.root) : undefined;
    if (root !== undefined && keyCovers(root, REGISTRY_PROCESSING_KEY))
      return {
        noGpoListChanges: {
          state: 'absent',
          origin: {
            file: ex.file,
            format: 'reg-export',
            location: `export of [${ex.root}] has no key ${REGISTRY_PROCESSING_KEY}`,
          },
        },
      };
  }
  return undefined;
}

/** A key as the folder's reg exports show it: from the export that holds it, or absent under an export's root. */
export function lookupInExports(exports: readonly RegExport[]): KeyLookup {
  return (keyUnderHklm) => {
    const wanted = keyUnderHklm.toUpperCase();
    for (const ex of exports) {
      const entries = [...ex.keys.values()];
      const key = entries.find((k) => keyUnderLocalMachine(k.path)?.toUpperCase() === wanted);
      if (!key) continue;
      const prefix = `${wanted}\\`;
      const subkeys = entries
        .map((k) => keyUnderLocalMachine(k.path) ?? '')
        .filter((p) => p.toUpperCase().startsWith(prefix) && !p.slice(prefix.length).includes('\\'))
        .map((p) => p.slice(prefix.length));
      return {
        path: key.path,
        subkeys,
        value: (name: string): KeyValue | undefined => {
          const v = key.values.get(name.toUpperCase());
          if (!v) return undefined;
          if (v.data.type === 'REG_DWORD' || v.data.type === 'REG_SZ')
            return { type: v.data.type, data: v.data.value } as KeyValue;
          return { type: 'other', typeName: v.data.type };
        },
        origin: (name: string, present: boolean) => ({
          file: ex.file,
          format: 'reg-export' as const,
          location:
            name === ''
              ? `[${key.path}]`
              : present
                ? `[${key.path}] "${name}"`
                : `[${key.path}] has no "${name}" value`,
        }),
      };
    }
    for (const ex of exports) {
      const root = ex.root ? keyUnderLocalMachine(ex.root) : undefined;
      // reg export is recursive: a key missing under the exported root does not exist.
      if (root !== undefined && keyCovers(root, keyUnderHklm))
        return {
          absent: {
            file: ex.file,
            format: 'reg-export',
            location: `export of [${ex.root}] has no key ${keyUnderHklm}`,
          },
        };
    }
    return undefined;
  };
}

export interface EvidenceFolderResult {
  readonly evidence: Evidence;
  readonly used: readonly { readonly file: string; readonly format: EvidenceFormat | 'evidence-manifest' }[];
  readonly skipped: readonly SkippedFile[];
  /** The server's offset from UTC when it was collected, as the collect manifest records it. */
  readonly utcOffset?: string;
}

function once<T>(
  current: { file: string; value: T } | undefined,
  file: string,
  value: T,
  what: string,
): { file: string; value: T } {
  if (current)
    throw new InvalidEvidence(
      file,
      `a second ${what} (the first is ${current.file}); keep one per evidence folder`,
    );
  return { file, value };
}

export function evidenceFromFiles(
  files: readonly EvidenceFile[],
  options: {
    readonly sha256?: (bytes: Uint8Array) => string;
    /** Entries the caller skipped before (sub-folders, links), named in a refusal with the rest. */
    readonly skipped?: readonly SkippedFile[];
  } = {},
): EvidenceFolderResult {
  refuseGpoBackup(files);
  // FipsFix's own manifest, when the folder was written by `fipsfix collect`: checked first, so that
  // nothing is read from a folder changed since.
  let manifest: EvidenceManifest | undefined;
  const manifestFiles = files.filter((f) => {
    const d = sniffedText(f.bytes);
    return !('problem' in d) && looksLikeManifest(d.text);
  });
  if (manifestFiles.length > 1)
    throw new InvalidEvidence(
      manifestFiles[1]?.name ?? EVIDENCE_MANIFEST_FILE,
      'a second evidence manifest: keep one folder per collection',
    );
  const manifestFile = manifestFiles[0];
  if (manifestFile) {
    manifest = parseManifest(manifestFile.name, new TextDecoder().decode(manifestFile.bytes));
    checkAgainstManifest(manifestFile.name, manifest, files, options.sha256);
    files = files.filter((f) => f !== manifestFile);
  }
  // Each XML file is parsed once, for the computers it names and for its reader; a refusal too.
  const documents = new Map<string, XmlDocument | InvalidEvidence>();
  const documentOf = (file: string, text: () => string, kind: 'gpresult' | 'events'): XmlDocument => {
    let d = documents.get(file);
    if (d === undefined) {
      try {
        d = kind === 'events' ? wevtutilDocument(file, text()) : parseSafeXml(file, text());
      } catch (e) {
        if (!(e instanceof InvalidEvidence)) throw e;
        d = e;
      }
      documents.set(file, d);
    }
    if (d instanceof InvalidEvidence) throw d;
    return d;
  };
  const exportsRsop = new Map<string, RsopExport | InvalidEvidence>();
  const rsopOf = (file: string, bytes: Uint8Array): RsopExport => {
    let r = exportsRsop.get(file);
    if (r === undefined) {
      try {
        r = parseRsopJson(file, bytes);
      } catch (e) {
        if (!(e instanceof InvalidEvidence)) throw e;
        r = e;
      }
      exportsRsop.set(file, r);
    }
    if (r instanceof InvalidEvidence) throw r;
    return r;
  };
  // Before anything is combined: files that name two computers are two servers' evidence.
  const computer = oneComputer(
    computersNamedBy(
      files,
      manifestFile && manifest ? { file: manifestFile.name, machine: manifest.machine } : undefined,
      documentOf,
      rsopOf,
    ),
  );
  const used: { file: string; format: EvidenceFormat }[] = [];
  const skipped: SkippedFile[] = [...(options.skipped ?? [])];
  const exports: RegExport[] = [];
  // One plain (or unrecorded) secedit export and one merged: the manifest tells them apart.
  let security: { file: string; value: SecurityPolicyExport } | undefined;
  let mergedSecurity: { file: string; value: SecurityPolicyExport } | undefined;
  let gp: { file: string; value: GroupPolicyResult } | undefined;
  let rsop: { file: string; value: GroupPolicyResult } | undefined;
  let localGpo: { file: string; value: LocalGpoPolicy } | undefined;
  let termDd: { file: string; value: TermDdEvidence } | undefined;
  let wire: { file: string; value: WireEvidence } | undefined;
  let machineName: string | undefined;

  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    const r = recogniseEvidence(f);
    if ('skip' in r) {
      skipped.push({
        file: f.name,
        reason: r.skip,
        ...(r.describesGpo ? { describesGpo: true as const } : {}),
      });
      continue;
    }
    used.push({ file: f.name, format: r.format });
    const text = (): string => {
      const d = tryDecodeText(f.bytes);
      if ('problem' in d) throw new InvalidEvidence(f.name, d.problem);
      return d.text;
    };
    switch (r.format) {
      case 'reg-export':
        exports.push(parseRegExport(f.name, f.bytes));
        break;
      case 'secedit-export': {
        const exportedWith = seceditExportKindOf(manifest, f.name);
        const value = { ...parseSeceditExport(f.name, f.bytes), exportedWith };
        if (exportedWith === 'merged-policy')
          mergedSecurity = once(mergedSecurity, f.name, value, 'secedit /mergedpolicy export');
        else
          security = once(
            security,
            f.name,
            value,
            exportedWith === 'local-database' ? 'plain secedit export' : 'secedit export',
          );
        break;
      }
      case 'gpresult-xml': {
        const parsed = parseGpresultXml(f.name, documentOf(f.name, text, 'gpresult'));
        gp = once(gp, f.name, parsed, 'gpresult report');
        if (parsed.computerResults === 'present' && parsed.computerName) machineName = parsed.computerName;
        break;
      }
      case 'rsop-json': {
        const parsed = rsopOf(f.name, f.bytes);
        rsop = once(rsop, f.name, parsed.groupPolicy, 'RSoP export');
        if (parsed.groupPolicy.computerResults === 'present') machineName ??= parsed.machineName;
        break;
      }
      case 'registry-pol':
        localGpo = once(
          localGpo,
          f.name,
          localGpoPolicyFrom(f.name, parseRegistryPol(f.name, f.bytes)),
          'Registry.pol',
        );
        break;
      case 'wire-probe':
        wire = once(wire, f.name, wireEvidenceFrom(f.name, text()), 'wire probe');
        break;
      case 'wevtutil-xml': {
        const parsed = parseWevtutilEvents(f.name, documentOf(f.name, text, 'events'));
        termDd = termDd
          ? {
              file: termDd.file,
              value: { events: [...termDd.value.events, ...parsed.events], origin: termDd.value.origin },
            }
          : { file: f.name, value: parsed };
        machineName ??= parsed.events.find((e) => e.computer)?.computer?.split('.')[0];
        break;
      }
    }
  }

  const registry = registryFromExports(exports);
  const processing = registryPolicyProcessingFrom(exports);
  // A merged export alone stands where a plain one would.
  if (mergedSecurity && !security) {
    security = mergedSecurity;
    mergedSecurity = undefined;
  }
  const groupPolicy = combineGroupPolicy(rsop?.value, gp?.value);
  const listenerFacts = listenerEvidenceFrom(lookupInExports(exports), 'evidence folder');
  const usable =
    Object.keys(registry).length > 0 || security || groupPolicy?.computerResults === 'present' || localGpo;
  if (!usable) {
    const seen =
      used.length > 0
        ? `only ${used.map((u) => `${u.file} (${u.format})`).join(', ')}`
        : 'no file in a Windows export format';
    // A GPO backup or report is the likeliest reason a folder holds nothing usable: say what it is.
    const named = skipped.map((s) => (s.describesGpo ? `${s.file} (${s.reason})` : s.file));
    throw new InvalidEvidence(
      'evidence folder',
      `no usable evidence about the FIPS option or the RDP encryption level: ${seen}${skipped.length ? `; skipped ${named.join(', ')}` : ''}`,
    );
  }

  machineName ??= computer.name;
  const evidence: Evidence = {
    machine: machineName ? { name: machineName } : {},
    registry,
    ...listenerFacts,
    ...(security ? { securityPolicy: security.value } : {}),
    ...(mergedSecurity ? { mergedSecurityPolicy: mergedSecurity.value } : {}),
    ...(processing ? { registryPolicyProcessing: processing } : {}),
    ...(groupPolicy ? { groupPolicy } : {}),
    ...(localGpo ? { localGpo: localGpo.value } : {}),
    ...(termDd ? { termDd: termDd.value } : {}),
    ...(wire ? { wire: wire.value } : {}),
    unavailable: manifest
      ? manifest.notCollected.map((n) => ({
          what: n.what,
          reason: `not collected on ${manifest.machine}: ${n.reason}`,
        }))
      : [],
  };
  return {
    evidence,
    used: manifestFile ? [...used, { file: manifestFile.name, format: 'evidence-manifest' as const }] : used,
    skipped,
    ...(manifest?.utcOffset ? { utcOffset: manifest.utcOffset } : {}),
  };
}
