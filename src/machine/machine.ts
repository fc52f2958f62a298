// The ports between the core and a machine. Each has a Windows implementation (src/machine/windows/)
// and a simulated twin (src/machine/simulated/); the fix engine sees only these interfaces.
import type { Evidence } from '../core/evidence';
import type { PolicyRefreshOutcome } from '../core/outcome';
import type { ManagedValueId } from '../core/settings';
import { visible } from '../core/visible-text';

/** A watched registry value as it is now: enough to restore it exactly. */
export type ValueSnapshot =
  | { readonly exists: false }
  | { readonly exists: true; readonly type: 'REG_DWORD'; readonly data: number }
  /** Another type than Windows uses for this value: FipsFix refuses to touch it. */
  | { readonly exists: true; readonly type: 'other'; readonly typeName: string };

/** Expected failures of a machine operation, in the administrator's terms. */
export type MachineFailureCode =
  | 'AccessDenied'
  | 'KeyNotFound'
  | 'ToolMissing'
  | 'ToolFailed'
  | 'FileLocked'
  | 'ElevationDeclined'
  | 'Unsupported';

export class MachineFailure extends Error {
  constructor(
    readonly code: MachineFailureCode,
    /** What was being attempted, in words: "write HKLM\…\MinEncryptionLevel". */
    readonly attempted: string,
    detail: string,
  ) {
    super(visible(`${attempted}: ${detail}`, 'line-breaks'));
    this.name = 'MachineFailure';
  }
}

/** Reads the watched values in-process. Never spawns a process; fast enough to call on every screen. */
export interface RegistryReader {
  readValue(id: ManagedValueId): ValueSnapshot;
}

/** One key as it is now: its subkeys' names and its values (only REG_DWORD and REG_SZ data are kept). */
export interface KeyContents {
  readonly subkeys: readonly string[];
  /** Value name as Windows spells it → value. */
  readonly values: ReadonlyMap<string, KeyValue>;
}
export type KeyValue =
  | { readonly type: 'REG_DWORD'; readonly data: number }
  | { readonly type: 'REG_SZ'; readonly data: string }
  | { readonly type: 'other'; readonly typeName: string };

/**
 * Reads any key under HKLM, for what FipsFix shows but never writes: the listeners under WinStations,
 * their security layer and NLA, the broker settings, the registry extension's processing options.
 * Reading only; nothing here can write.
 */
export interface RegistryKeyReader {
  /** undefined: the key does not exist. Throws MachineFailure. */
  readKey(keyUnderHklm: string): KeyContents | undefined;
}

/**
 * Writes the managed values. Only ever used by the elevated step (or an already elevated process).
 * A listener's level other than RDP-Tcp's is written only into a key that exists under WinStations
 * and has a PortNumber: the writer checks it, never creates the key.
 */
export interface RegistryWriter {
  /** Creates the key if needed (not a listener's key). Throws MachineFailure. */
  setDword(id: ManagedValueId, data: number): void;
  /** Deletes the value if it exists; touches nothing else in the key. Throws MachineFailure. */
  deleteValue(id: ManagedValueId): void;
}

/** What the local GPO's Registry.pol says about the RDP encryption level. */
export type LocalGpoRdpLevel =
  | { readonly state: 'set'; readonly data: number }
  | { readonly state: 'deleted' }
  | { readonly state: 'not-defined' };

/** What the local security database says about the FIPS option (secedit). */
export type FipsSecurityOption =
  { readonly state: 'defined'; readonly data: 0 | 1 } | { readonly state: 'not-defined' };

/**
 * For the operations that run a Windows tool (seconds, or minutes for gpresult and gpupdate): aborting
 * the signal kills the tool, and the operation fails (or records the source unavailable) at once.
 */
export interface ToolOptions {
  readonly signal?: AbortSignal | undefined;
}

/**
 * The policy stores a fix "by the same method" must keep in agreement with the registry:
 * the local security database (secedit) and the local GPO (Registry.pol, then a refresh).
 * What runs a tool is asynchronous; the Registry.pol file is read and written in-process.
 */
export interface LocalPolicyStore {
  readFipsSecurityOption(options?: ToolOptions): Promise<FipsSecurityOption>;
  /** secedit /configure with a security template: sets the database and the registry value. */
  configureFipsSecurityOption(data: 0 | 1, options?: ToolOptions): Promise<void>;
  readLocalGpoRdpLevel(): LocalGpoRdpLevel;
  /** Rewrites the local GPO's Registry.pol record (and bumps gpt.ini's machine version). */
  writeLocalGpoRdpLevel(level: LocalGpoRdpLevel): void;
  /** gpupdate /target:computer /force: reapplies local and domain policy, security settings included. */
  refreshPolicy(options?: ToolOptions): Promise<PolicyRefreshOutcome>;
}

export type { PolicyRefreshOutcome } from '../core/outcome';

/** Gathers everything the core needs. The registry part is fast; policy sources may take seconds. */
export interface EvidenceCollector {
  /** Registry values only: shown at once, before the slow collectors finish. */
  collectRegistry(): Evidence;
  /** Registry plus policy sources (secedit, gpresult, Registry.pol, events); tools that fail are recorded, not thrown. */
  collectAll(options?: ToolOptions): Promise<Evidence>;
}

/** One machine, as the fix engine and the CLI see it. */
export interface Machine {
  /** "simulated machine "both-methods"" or "this Windows machine (APP-TS02)". */
  readonly description: string;
  readonly name: string;
  readonly registry: RegistryReader & RegistryWriter & RegistryKeyReader;
  readonly policy: LocalPolicyStore;
  readonly evidence: EvidenceCollector;
}
