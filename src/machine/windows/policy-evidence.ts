// Evidence from this Windows machine: the registry in-process, then the policy sources through
// Windows' own tools (secedit, gpresult, wevtutil) and the local GPO's Registry.pol, read with the
// same parsers as an evidence folder. A tool that is missing, fails or times out is recorded in
// `unavailable` with the reason; the diagnosis then says what it could not see.
// RSoP (root\rsop\computer) is read through Windows PowerShell after gpresult and combined with it
// exactly as an evidence folder combines rsop.json (combineGroupPolicy).
// `writeEvidenceFolder` runs the same tools into a folder (plus reg exports) for `fipsfix collect`.
import { utcOffsetText } from '../../core/words/time';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, release, tmpdir, version } from 'node:os';
import { join } from 'node:path';
import type {
  Evidence,
  EvidenceKind,
  GroupPolicyResult,
  LocalGpoPolicy,
  MachineFacts,
  RegistryReading,
  SecurityPolicyExport,
  TermDdEvidence,
  UnavailableEvidence,
} from '../../core/evidence';
import { combineGroupPolicy } from '../../core/formats/combine-group-policy';
import { parseGpresultXml } from '../../core/formats/gpresult-xml';
import { InvalidEvidence } from '../../core/formats/invalid-evidence';
import { localGpoPolicyFrom, parseRegistryPol } from '../../core/formats/registry-pol';
import { RSOP_JSON_FILE, parseRsopJson } from '../../core/formats/rsop-json';
import { parseSeceditExport } from '../../core/formats/secedit-inf';
import { decodeText } from '../../core/formats/text-encoding';
import { parseWevtutilEvents } from '../../core/formats/wevtutil-events';
import {
  EVIDENCE_MANIFEST_FILE,
  EVIDENCE_MANIFEST_FORMAT,
  type EvidenceManifest,
} from '../../core/formats/evidence-manifest';
import {
  CLUSTER_SETTINGS_KEY,
  REGISTRY_PROCESSING_KEY,
  WATCHED_VALUES,
  WATCHED_VALUE_IDS,
  WINSTATIONS_KEY,
  fullValuePathOf,
  inRange,
  type WatchedValueId,
} from '../../core/settings';
import {
  MachineFailure,
  type EvidenceCollector,
  type RegistryReader,
  type ToolOptions,
  type ValueSnapshot,
} from '../machine';
import { liveListenerEvidence, type MaybeKeyReader } from '../listener-registry';
import { ownAddresses, probeOwnListeners } from '../rdp-probe/own-listeners';
import { lookupInExports } from '../../core/formats/evidence-folder';
import { parseRegExport } from '../../core/formats/reg-export';
import { listenerEvidenceFrom } from '../../core/listener-evidence';
import { PROBE_FORMAT, WIRE_PROBE_FILE, type ProbeDocument } from '../../core/wire/probe-document';
import { inPrivateFolder, localGpoPaths } from './local-policy-store';
import { readIfExists } from './policy-files';
import { runProblem, spawnRunner, systemTool, windowsDirectory, type ProcessRunner } from './process-runner';
import { liveRegistryPolicyProcessing } from './registry-processing';
import { rsopCollectCommand } from './rsop-collect';

export interface WindowsEvidenceOptions {
  /** %SystemRoot%; tests point it at a temporary folder. */
  readonly windowsDir?: string;
  readonly tempDir?: string;
  /** Name and version of this machine; read from the OS when not given. */
  readonly machine?: MachineFacts;
  /** Per tool; gpresult can take long when a domain controller is slow to answer. */
  readonly timeoutsMs?: Partial<Record<'reg' | 'secedit' | 'gpresult' | 'rsop' | 'wevtutil', number>>;
  /** Aborting it kills the running tool; what was not read is recorded as unavailable. */
  readonly signal?: AbortSignal | undefined;
  /** Where this machine's listeners are probed, in order (loopback, then its own addresses). */
  readonly wireAddresses?: readonly string[];
}

const DEFAULT_TIMEOUTS_MS = {
  reg: 30_000,
  secedit: 120_000,
  gpresult: 180_000,
  rsop: 120_000,
  wevtutil: 60_000,
} as const;

/** The command lines, as the administrator would type them (labels in origins and messages). */
export const TERMDD_QUERY = "*[System[Provider[@Name='TermDD'] and (EventID=50)]]";
const SECEDIT_LABEL = 'secedit /export /areas SECURITYPOLICY';
const SECEDIT_MERGED_LABEL = 'secedit /export /mergedpolicy /areas SECURITYPOLICY';
const SECEDIT_FILE = 'secedit-export.inf';
/** secedit /export /mergedpolicy: domain and local policy merged, the one that can rule a GPO out. */
const SECEDIT_MERGED_FILE = 'secedit-merged.inf';
const GPRESULT_LABEL = 'gpresult /scope computer /x';
const RSOP_LABEL = 'RSoP (root\\rsop\\computer, through powershell.exe)';
/** As the manifest records it: the script is docs/rsop-evidence.md's, with $OutFile = 'rsop.json'. */
const RSOP_COMMAND = `powershell.exe -NoProfile -NonInteractive -EncodedCommand <the script in docs/rsop-evidence.md, $OutFile = '${RSOP_JSON_FILE}'>`;
const WEVTUTIL_LABEL = 'wevtutil qe System (TermDD event 50)';
const LIVE_REGISTRY = 'registry of this machine';

export function thisMachine(): MachineFacts {
  // os.release() is major.minor.build on Windows (10.0.17763); os.version() the edition's name.
  return { name: hostname(), osVersion: release(), osCaption: version() };
}

/** The watched values, read in-process. Values of the wrong type or out of range are refused, as in an evidence folder. */
export function collectRegistryEvidence(
  registry: RegistryReader & MaybeKeyReader,
  machine: MachineFacts = thisMachine(),
): Evidence {
  const readings: Partial<Record<WatchedValueId, RegistryReading>> = {};
  const unavailable: UnavailableEvidence[] = [];
  for (const id of WATCHED_VALUE_IDS) {
    let snapshot: ValueSnapshot;
    try {
      snapshot = registry.readValue(id);
    } catch (e) {
      if (!(e instanceof MachineFailure)) throw e;
      unavailable.push({ what: 'registry', reason: e.message });
      continue;
    }
    const origin = { file: LIVE_REGISTRY, format: 'live-registry', location: fullValuePathOf(id) } as const;
    if (!snapshot.exists) {
      readings[id] = { state: 'absent', origin };
    } else if (snapshot.type === 'other') {
      throw new InvalidEvidence(fullValuePathOf(id), `is ${snapshot.typeName}; it must be a REG_DWORD`);
    } else if (!inRange(id, snapshot.data)) {
      const w = WATCHED_VALUES[id];
      throw new InvalidEvidence(
        fullValuePathOf(id),
        `is ${snapshot.data}, out of range (${w.min} to ${w.max}) for ${w.label}`,
      );
    } else {
      readings[id] = { state: 'dword', data: snapshot.data, origin };
    }
  }
  return {
    machine,
    registry: readings,
    ...liveListenerEvidence(registry, LIVE_REGISTRY, unavailable),
    ...liveRegistryPolicyProcessing(registry, LIVE_REGISTRY, unavailable),
    unavailable,
  };
}

interface ToolRun {
  readonly unavailable: UnavailableEvidence[];
  /** wevtutil's output: events back to back, or empty when the log has none. */
  termDdText?: string;
  /** rsop.json as read back; `computerResults: 'missing'` when RSoP could not be used (the file is kept). */
  rsop?: GroupPolicyResult;
}

function timeouts(options: WindowsEvidenceOptions): Record<keyof typeof DEFAULT_TIMEOUTS_MS, number> {
  return { ...DEFAULT_TIMEOUTS_MS, ...options.timeoutsMs };
}

/** secedit, gpresult and wevtutil; the first two write into `dir` under the names an evidence folder uses. */
async function runPolicyTools(
  dir: string,
  runner: ProcessRunner,
  options: WindowsEvidenceOptions,
): Promise<ToolRun> {
  const windowsDir = options.windowsDir ?? windowsDirectory();
  const t = timeouts(options);
  const signal = options.signal;
  const out: ToolRun = { unavailable: [] };
  const lacking = (what: EvidenceKind, reason: string): void => {
    out.unavailable.push({ what, reason });
  };

  const inf = join(dir, SECEDIT_FILE);
  const secedit = await runner.run(
    systemTool(windowsDir, 'secedit'),
    ['/export', '/cfg', inf, '/areas', 'SECURITYPOLICY'],
    { timeoutMs: t.secedit, signal },
  );
  const seceditProblem = runProblem('secedit', secedit);
  if (seceditProblem) lacking('security-policy', `${seceditProblem} (it needs an elevated prompt)`);
  else if (readIfExists(inf) === undefined)
    lacking('security-policy', 'secedit exited 0 but wrote no export');
  // A plain export is only the local database; the merged one is what can rule a domain GPO out.
  // Run only when the plain one wrote its export: a secedit that cannot export fails the same way twice.
  const mergedInf = join(dir, SECEDIT_MERGED_FILE);
  let mergedProblem: string | undefined;
  if (!seceditProblem && readIfExists(inf) !== undefined) {
    const merged = await runner.run(
      systemTool(windowsDir, 'secedit'),
      ['/export', '/mergedpolicy', '/cfg', mergedInf, '/areas', 'SECURITYPOLICY'],
      { timeoutMs: t.secedit, signal },
    );
    mergedProblem = runProblem('secedit /export /mergedpolicy', merged);
    if (mergedProblem) lacking('security-policy', mergedProblem);
    else if (readIfExists(mergedInf) === undefined)
      lacking('security-policy', 'secedit /export /mergedpolicy exited 0 but wrote no export');
  }

  const xml = join(dir, 'gpresult.xml');
  const gpresult = await runner.run(
    systemTool(windowsDir, 'gpresult'),
    ['/scope', 'computer', '/x', xml, '/f'],
    { timeoutMs: t.gpresult, signal },
  );
  const gpresultProblem = runProblem('gpresult', gpresult);
  if (gpresultProblem) lacking('group-policy-result', gpresultProblem);
  else if (readIfExists(xml) === undefined)
    lacking('group-policy-result', 'gpresult exited 0 but wrote no report');

  // RSoP through WMI, language-neutral where gpresult's names are translated. Windows PowerShell
  // may be missing, RSoP unreadable unelevated or logging off: recorded, and gpresult decides alone.
  const rsopJson = join(dir, RSOP_JSON_FILE);
  const rsopCommand = rsopCollectCommand(windowsDir, dir);
  const rsopRun = await runner.run(rsopCommand.program, rsopCommand.args, { timeoutMs: t.rsop, signal });
  let rsopProblem = runProblem('powershell (RSoP)', rsopRun);
  const rsopBytes = rsopProblem ? undefined : readIfExists(rsopJson);
  if (!rsopProblem && rsopBytes === undefined)
    rsopProblem = `powershell (RSoP) exited 0 but wrote no ${RSOP_JSON_FILE}`;
  if (rsopProblem) lacking('group-policy-result', rsopProblem);
  else if (rsopBytes) {
    // Checked here, so that an evidence folder never holds a file that would refuse the whole folder.
    const rsop = readSource('group-policy-result', out.unavailable, () =>
      parseRsopJson(RSOP_LABEL, rsopBytes),
    );
    if (!rsop) rsopProblem = 'unreadable';
    else {
      out.rsop = rsop.groupPolicy;
      if (rsop.groupPolicy.computerResults === 'missing')
        lacking('group-policy-result', `${RSOP_LABEL}: ${rsop.groupPolicy.origin.location}`);
    }
  }

  const wevtutil = await runner.run(
    systemTool(windowsDir, 'wevtutil'),
    ['qe', 'System', `/q:${TERMDD_QUERY}`, '/f:xml', '/c:50', '/rd:true'],
    { timeoutMs: t.wevtutil, signal },
  );
  const wevtutilProblem = runProblem('wevtutil', wevtutil);
  if (wevtutilProblem) lacking('termdd-events', wevtutilProblem);
  else out.termDdText = wevtutil.stdout;

  // A failed tool may leave a partial file; an evidence folder must not hold one.
  if (seceditProblem) rmSync(inf, { force: true });
  if (mergedProblem) rmSync(mergedInf, { force: true });
  if (gpresultProblem) rmSync(xml, { force: true });
  if (rsopProblem) rmSync(rsopJson, { force: true });
  return out;
}

/** Parses one collected source; evidence a tool wrote but that cannot be read is recorded, not thrown. */
function readSource<T>(what: EvidenceKind, unavailable: UnavailableEvidence[], read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof InvalidEvidence) && !(e instanceof MachineFailure)) throw e;
    unavailable.push({ what, reason: e instanceof InvalidEvidence ? `${e.file}: ${e.problem}` : e.message });
    return undefined;
  }
}

function localGpoEvidence(windowsDir: string): LocalGpoPolicy {
  const { registryPol } = localGpoPaths(windowsDir);
  const bytes = readIfExists(registryPol);
  if (bytes === undefined) {
    const w = WATCHED_VALUES['rdp-encryption-policy'];
    return {
      rdpEncryptionPolicy: {
        state: 'not-defined',
        origin: {
          file: registryPol,
          format: 'registry-pol',
          location: `no such file: the local GPO sets no Administrative Template, so no ${w.name}`,
        },
      },
    };
  }
  return localGpoPolicyFrom(registryPol, parseRegistryPol(registryPol, bytes));
}

function termDdEvidence(text: string): TermDdEvidence {
  if (text.trim() === '')
    return {
      events: [],
      origin: {
        file: WEVTUTIL_LABEL,
        format: 'wevtutil-xml',
        location: 'no TermDD event 50 in the System log',
      },
    };
  return parseWevtutilEvents(WEVTUTIL_LABEL, text);
}

/** Registry plus every policy source. The tools take seconds (gpresult can take longer); nothing waits on them. */
export async function collectWindowsEvidence(
  registry: RegistryReader,
  runner: ProcessRunner = spawnRunner,
  options: WindowsEvidenceOptions = {},
): Promise<Evidence> {
  const windowsDir = options.windowsDir ?? windowsDirectory();
  const base = collectRegistryEvidence(registry, options.machine ?? thisMachine());
  const unavailable = [...base.unavailable];
  let securityPolicy: SecurityPolicyExport | undefined;
  let mergedSecurityPolicy: SecurityPolicyExport | undefined;
  let groupPolicy: GroupPolicyResult | undefined;
  let termDd: TermDdEvidence | undefined;
  await inPrivateFolder(options.tempDir ?? tmpdir(), async (dir) => {
    const run = await runPolicyTools(dir, runner, { ...options, windowsDir });
    unavailable.push(...run.unavailable);
    const inf = readIfExists(join(dir, SECEDIT_FILE));
    if (inf)
      securityPolicy = readSource('security-policy', unavailable, () => ({
        ...parseSeceditExport(SECEDIT_LABEL, inf),
        exportedWith: 'local-database' as const,
      }));
    const mergedInf = readIfExists(join(dir, SECEDIT_MERGED_FILE));
    if (mergedInf)
      mergedSecurityPolicy = readSource('security-policy', unavailable, () => ({
        ...parseSeceditExport(SECEDIT_MERGED_LABEL, mergedInf),
        exportedWith: 'merged-policy' as const,
      }));
    const xml = readIfExists(join(dir, 'gpresult.xml'));
    if (xml) {
      groupPolicy = readSource('group-policy-result', unavailable, () => {
        const { machineName: _name, ...result } = parseGpresultXml(
          GPRESULT_LABEL,
          decodeText(GPRESULT_LABEL, xml).text,
        );
        return result;
      });
    }
    const text = run.termDdText;
    if (text !== undefined) termDd = readSource('termdd-events', unavailable, () => termDdEvidence(text));
    // The same combination as an evidence folder's rsop.json beside gpresult.xml.
    groupPolicy = combineGroupPolicy(run.rsop, groupPolicy);
  });
  const localGpo = readSource('local-gpo', unavailable, () => localGpoEvidence(windowsDir));
  const wire = await probeOwnListeners(base.listeners, options.wireAddresses ?? ownAddresses());
  return {
    ...base,
    ...(wire ? { wire } : {}),
    // A merged export alone stands where a plain one would (as in an evidence folder).
    ...(securityPolicy
      ? { securityPolicy, ...(mergedSecurityPolicy ? { mergedSecurityPolicy } : {}) }
      : mergedSecurityPolicy
        ? { securityPolicy: mergedSecurityPolicy }
        : {}),
    ...(groupPolicy ? { groupPolicy } : {}),
    ...(localGpo ? { localGpo } : {}),
    ...(termDd ? { termDd } : {}),
    unavailable,
  };
}

/**
 * The keys an evidence folder exports, named as in the shared evidence samples. `highestParent` is
 * how far up a missing key's parents may be exported instead (see exportKey): never as high as
 * CurrentControlSet\Control, whose export runs to megabytes. Lsa always exists.
 */
export const EXPORTED_KEYS: readonly {
  readonly file: string;
  readonly key: string;
  readonly highestParent: string;
}[] = [
  {
    file: 'lsa.reg',
    key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa',
    highestParent: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa',
  },
  {
    file: 'policies.reg',
    key: `HKLM\\${WATCHED_VALUES['rdp-encryption-policy'].key}`,
    highestParent: 'HKLM\\SOFTWARE\\Policies',
  },
  {
    file: 'rdp-tcp.reg',
    key: `HKLM\\${WATCHED_VALUES['rdp-tcp-encryption-level'].key}`,
    highestParent: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations',
  },
  // Every listener, not only RDP-Tcp, and the broker settings of an RD Session Host in a collection.
  {
    file: 'winstations.reg',
    key: `HKLM\\${WINSTATIONS_KEY}`,
    highestParent: `HKLM\\${WINSTATIONS_KEY}`,
  },
  {
    file: 'cluster-settings.reg',
    key: `HKLM\\${CLUSTER_SETTINGS_KEY}`,
    // Most servers have no ClusterSettings; the Terminal Server key's export then says so.
    highestParent: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server',
  },
  // "Configure registry policy processing": whether a template value changed by hand comes back.
  {
    file: 'gp-processing.reg',
    key: `HKLM\\${REGISTRY_PROCESSING_KEY}`,
    highestParent: 'HKLM\\SOFTWARE\\Policies',
  },
];

export interface EvidenceFolderWritten {
  readonly dir: string;
  /** Files written, what each holds, and the command that wrote it (recorded in the manifest). */
  readonly written: readonly { readonly file: string; readonly holds: string; readonly command?: string }[];
  /** What is not in the folder, and why. */
  readonly notWritten: readonly UnavailableEvidence[];
}

export const COLLECT_NOTES_FILE = 'fipsfix-collect.txt';

/**
 * `reg export KEY FILE /y`. A key that does not exist gives no file; then its nearest existing
 * parent is exported under the same name, because an export rooted above a key is what tells the
 * folder reader the key is absent (reg export is recursive), so the folder gives the same verdict.
 */
async function exportKey(
  dir: string,
  entry: (typeof EXPORTED_KEYS)[number],
  runner: ProcessRunner,
  windowsDir: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<{ holds: string; command: string } | { reason: string }> {
  const reg = systemTool(windowsDir, 'reg');
  const file = join(dir, entry.file);
  const parts = entry.key.split('\\');
  const lowest = entry.highestParent.split('\\').length;
  for (let n = parts.length; n >= lowest; n--) {
    const key = parts.slice(0, n).join('\\');
    const r = await runner.run(reg, ['export', key, file, '/y'], { timeoutMs, signal });
    // Exit 1 is "no such key" on Windows and Wine alike (their messages differ); try the parent.
    if (r.status === 1 && !r.error) continue;
    const problem = runProblem('reg export', r);
    if (problem) {
      rmSync(file, { force: true });
      return { reason: `${entry.key}: ${problem}` };
    }
    if (readIfExists(file) === undefined)
      return { reason: `${entry.key}: reg export exited 0 but wrote no file` };
    return {
      holds: key === entry.key ? `reg export of ${key}` : `reg export of ${key}: ${entry.key} does not exist`,
      command: `reg export "${key}" ${entry.file} /y`,
    };
  }
  rmSync(file, { force: true });
  return { reason: `${entry.key} does not exist, nor does any parent up to ${entry.highestParent}` };
}

/**
 * Writes an evidence folder (for `fipsfix collect --out DIR`) that the folder reader reads back to
 * the same verdict: reg exports, secedit-export.inf, gpresult.xml, rsop.json, a copy of Registry.pol and
 * termdd-events.xml, plus fipsfix-collect.txt saying what is missing and why. The folder must be
 * new or empty, so that evidence from two moments never mixes.
 */
export async function writeEvidenceFolder(
  outDir: string,
  runner: ProcessRunner = spawnRunner,
  options: WindowsEvidenceOptions = {},
): Promise<EvidenceFolderWritten> {
  const windowsDir = options.windowsDir ?? windowsDirectory();
  const attempted = `write an evidence folder in ${outDir}`;
  mkdirSync(outDir, { recursive: true });
  if (readdirSync(outDir).length > 0) {
    throw new MachineFailure(
      'Unsupported',
      attempted,
      'the folder is not empty; name a new or empty folder so evidence from different times does not mix',
    );
  }
  const written: { file: string; holds: string; command?: string }[] = [];
  const notWritten: UnavailableEvidence[] = [];
  const t = timeouts(options);

  for (const entry of EXPORTED_KEYS) {
    const r = await exportKey(outDir, entry, runner, windowsDir, t.reg, options.signal);
    if ('holds' in r) written.push({ file: entry.file, holds: r.holds, command: r.command });
    else notWritten.push({ what: 'registry', reason: r.reason });
  }

  const run = await runPolicyTools(outDir, runner, { ...options, windowsDir });
  notWritten.push(...run.unavailable);
  if (readIfExists(join(outDir, SECEDIT_FILE)))
    written.push({
      file: SECEDIT_FILE,
      holds: `${SECEDIT_LABEL}: the local security database`,
      command: `secedit /export /cfg ${SECEDIT_FILE} /areas SECURITYPOLICY`,
    });
  if (readIfExists(join(outDir, SECEDIT_MERGED_FILE)))
    written.push({
      file: SECEDIT_MERGED_FILE,
      holds: `${SECEDIT_MERGED_LABEL}: domain and local policy merged`,
      command: `secedit /export /mergedpolicy /cfg ${SECEDIT_MERGED_FILE} /areas SECURITYPOLICY`,
    });
  if (readIfExists(join(outDir, 'gpresult.xml')))
    written.push({
      file: 'gpresult.xml',
      holds: `${GPRESULT_LABEL} (without elevation it has no computer part)`,
      command: 'gpresult /scope computer /x gpresult.xml /f',
    });
  if (readIfExists(join(outDir, RSOP_JSON_FILE)))
    written.push({
      file: RSOP_JSON_FILE,
      holds: `${RSOP_LABEL}: the GPOs and the registry values they set, by key (without elevation, unusable)`,
      command: RSOP_COMMAND,
    });

  const { registryPol } = localGpoPaths(windowsDir);
  try {
    copyFileSync(registryPol, join(outDir, 'Registry.pol'));
    written.push({ file: 'Registry.pol', holds: `a copy of ${registryPol}` });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    notWritten.push({
      what: 'local-gpo',
      reason:
        code === 'ENOENT'
          ? `${registryPol} does not exist: the local GPO sets no Administrative Template`
          : `${registryPol} could not be copied (${code ?? String(e)})`,
    });
  }

  if (run.termDdText !== undefined) {
    // An empty file would be unreadable as evidence; "no events" is said in the notes instead.
    if (run.termDdText.trim() === '')
      notWritten.push({ what: 'termdd-events', reason: 'no TermDD event 50 in the System log' });
    else {
      writeFileSync(join(outDir, 'termdd-events.xml'), run.termDdText, 'utf8');
      written.push({ file: 'termdd-events.xml', holds: `the last 50 TermDD event 50 from the System log` });
    }
  }

  // What each listener answers on the wire, at the PortNumber the export just written shows.
  const winstations = readIfExists(join(outDir, 'winstations.reg'));
  if (winstations) {
    const { listeners } = readSource('registry', notWritten, () =>
      listenerEvidenceFrom(
        lookupInExports([parseRegExport('winstations.reg', winstations)]),
        'winstations.reg',
      ),
    ) ?? { listeners: undefined };
    const wire = await probeOwnListeners(listeners, options.wireAddresses ?? ownAddresses());
    if (wire) {
      const doc: ProbeDocument = {
        format: PROBE_FORMAT,
        generatedAt: new Date().toISOString(),
        targets: [...wire.targets],
      };
      writeFileSync(join(outDir, WIRE_PROBE_FILE), `${JSON.stringify(doc, null, 2)}\n`, 'utf8');
      written.push({
        file: WIRE_PROBE_FILE,
        holds:
          "what each listener answered on the wire (fipsfix probe at its PortNumber, loopback first, then this machine's addresses)",
      });
    }
  }

  const notes = [
    `FipsFix evidence folder, collected on ${options.machine?.name ?? hostname()} at ${new Date().toISOString()}.`,
    'Read it with: fipsfix diagnose --evidence <this folder>',
    '',
    'Files:',
    ...written.map((w) => `  ${w.file}: ${w.holds}`),
    ...(notWritten.length > 0
      ? ['', 'Not collected:', ...notWritten.map((u) => `  ${u.what}: ${u.reason}`)]
      : []),
    '',
  ].join('\r\n');
  writeFileSync(join(outDir, COLLECT_NOTES_FILE), notes, 'utf8');
  // Last: the manifest vouches for every file as it is now, so a later change or cut is refused.
  const collectedAt = new Date();
  const manifest: EvidenceManifest = {
    format: EVIDENCE_MANIFEST_FORMAT,
    machine: options.machine?.name ?? hostname(),
    collectedAt: collectedAt.toISOString(),
    // This process runs on the server: its time zone is the server's.
    utcOffset: utcOffsetText(-collectedAt.getTimezoneOffset()),
    files: written.map((w) => {
      const bytes = readFileSync(join(outDir, w.file));
      return {
        name: w.file,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        ...(w.command ? { command: w.command } : {}),
      };
    }),
    notCollected: notWritten.map((n) => ({ what: n.what, reason: n.reason })),
  };
  writeFileSync(join(outDir, EVIDENCE_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  return { dir: outDir, written, notWritten };
}

/** The EvidenceCollector port for this machine. */
export class WindowsEvidenceCollector implements EvidenceCollector {
  constructor(
    private readonly registry: RegistryReader,
    private readonly runner: ProcessRunner = spawnRunner,
    private readonly options: WindowsEvidenceOptions = {},
  ) {}

  collectRegistry(): Evidence {
    return collectRegistryEvidence(this.registry, this.options.machine ?? thisMachine());
  }

  collectAll(options: ToolOptions = {}): Promise<Evidence> {
    return collectWindowsEvidence(this.registry, this.runner, { ...this.options, signal: options.signal });
  }
}
