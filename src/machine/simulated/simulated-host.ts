// The simulated machine as a Machine the fix engine can change: registry, local security database,
// local GPO and policy refresh behave as on Windows (a refresh puts back what a GPO defines), and the
// state is kept in a file so that apply, verify and rollback can be separate commands.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Evidence } from '../../core/evidence';
import { InvalidEvidence } from '../../core/formats/invalid-evidence';
import {
  WINSTATIONS_KEY,
  isListenerLevelId,
  listenerOf,
  managedValue,
  sameRegistryName,
  type ManagedValueId,
  type WatchedValueId,
} from '../../core/settings';
import { writeFileDurably } from '../durable-files';
import { probeDeclaredListeners } from '../rdp-probe/own-listeners';
import {
  MachineFailure,
  type FipsSecurityOption,
  type KeyContents,
  type LocalGpoRdpLevel,
  type Machine,
  type PolicyRefreshOutcome,
  type ValueSnapshot,
} from '../machine';
import { parseSimulatedMachine } from './load-simulated-machine';
import {
  evidenceFromSimulatedMachine,
  findKey,
  readSimulatedValue,
  securityDatabaseFips,
  simulatedKeyView,
  writesOf,
} from './simulated-evidence';
import type { SimulatedMachine } from './simulated-machine-schema';

/**
 * Faults a test can ask the simulated machine for, to prove the engine leaves it as it was:
 * values whose key denies writes, and a crash of the writing process after N writes.
 */
export interface SimulatedFaults {
  readonly accessDenied?: readonly WatchedValueId[];
  /** After this many successful writes, the process is killed (SIGKILL), as by Task Manager. */
  readonly killAfterWrites?: number;
}

export class SimulatedHost implements Machine {
  readonly description: string;
  private cached: SimulatedMachine;
  private cachedStamp = '';
  private writes = 0;

  constructor(
    private readonly initial: SimulatedMachine,
    label: string,
    /** Where the machine's current state is kept between commands; undefined keeps it in memory. */
    private readonly stateFile: string | undefined,
    private readonly faults: SimulatedFaults = {},
    /** True in FipsFix's elevated step: the policy sources are read as an administrator would. */
    private readonly elevated = false,
  ) {
    this.cached = structuredClone(initial);
    this.description = `simulated machine "${label}"`;
  }

  /**
   * The machine as it is now. Another process (the elevated step) may have changed the state file
   * since it was read, as another process may change a real registry, so it is read again when its
   * size or time differ.
   */
  private get state(): SimulatedMachine {
    if (!this.stateFile) return this.cached;
    if (!existsSync(this.stateFile)) {
      // No state file (never changed, or `fipsfix machines --reset` removed it): the machine is its
      // definition again, not what this process last read.
      if (this.cachedStamp !== '') {
        this.cached = structuredClone(this.initial);
        this.cachedStamp = '';
      }
      return this.cached;
    }
    const st = statSync(this.stateFile);
    const stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    if (stamp !== this.cachedStamp) {
      this.cached = SimulatedHost.readState(this.stateFile);
      this.cachedStamp = stamp;
    }
    return this.cached;
  }

  private set state(next: SimulatedMachine) {
    this.cached = next;
  }

  private static readState(file: string): SimulatedMachine {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new InvalidEvidence(
        file,
        `the simulated machine's saved state cannot be read (${e instanceof Error ? e.message : String(e)}); delete it to start from the machine's definition`,
      );
    }
    return parseSimulatedMachine(file, raw);
  }

  get name(): string {
    return this.state.name;
  }

  /** The current state, for tests and for `fipsfix machines --show`. */
  snapshot(): SimulatedMachine {
    return structuredClone(this.state);
  }

  private save(): void {
    if (!this.stateFile) return;
    writeFileDurably(this.stateFile, JSON.stringify(this.cached, null, 2) + '\n');
    const st = statSync(this.stateFile);
    this.cachedStamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
  }

  private countWrite(): void {
    this.writes += 1;
    if (this.faults.killAfterWrites !== undefined && this.writes >= this.faults.killAfterWrites) {
      process.kill(process.pid, 'SIGKILL');
    }
  }

  private mutate(
    attempted: string,
    id: ManagedValueId | undefined,
    change: (m: SimulatedMachine) => void,
  ): void {
    if (id && (this.faults.accessDenied as readonly string[] | undefined)?.includes(id)) {
      throw new MachineFailure(
        'AccessDenied',
        attempted,
        'access is denied (the key’s permissions do not let administrators write it)',
      );
    }
    const next = structuredClone(this.state);
    change(next);
    this.state = next;
    this.save();
    this.countWrite();
  }

  /**
   * A listener's level is written only into a key that exists under WinStations with a PortNumber,
   * as the Windows writer does: the key is never created.
   */
  private checkListenerKey(id: ManagedValueId, attempted: string): void {
    if (!isListenerLevelId(id)) return;
    const view = simulatedKeyView(this.state, `${WINSTATIONS_KEY}\\${listenerOf(id) ?? ''}`);
    if (!view) throw new MachineFailure('KeyNotFound', attempted, 'the listener key does not exist');
    if (view.value('PortNumber')?.type !== 'REG_DWORD')
      throw new MachineFailure('Unsupported', attempted, 'the key has no PortNumber: it is not a listener');
  }

  readonly registry = {
    readKey: (key: string): KeyContents | undefined => {
      const view = simulatedKeyView(this.state, key);
      if (!view) return undefined;
      const found = findKey(this.state, key);
      return {
        subkeys: view.subkeys,
        values: new Map(Object.entries(found?.[1] ?? {}).map(([n, v]) => [n, v])),
      };
    },
    readValue: (id: ManagedValueId): ValueSnapshot => {
      const v = readSimulatedValue(this.state, id);
      if (!v) return { exists: false };
      return v.type === 'REG_DWORD'
        ? { exists: true, type: 'REG_DWORD', data: v.data }
        : { exists: true, type: 'other', typeName: v.type };
    },
    setDword: (id: ManagedValueId, data: number): void => {
      const w = managedValue(id);
      const attempted = `write HKLM\\${w.key}\\${w.name}`;
      this.checkListenerKey(id, attempted);
      this.mutate(attempted, id, (m) => setValue(m, id, data));
    },
    deleteValue: (id: ManagedValueId): void => {
      const w = managedValue(id);
      const attempted = `delete HKLM\\${w.key}\\${w.name}`;
      this.checkListenerKey(id, attempted);
      this.mutate(attempted, id, (m) => deleteValue(m, id));
    },
  };

  readonly policy = {
    // As async as the ports they stand in for, with nothing to wait for: the state is in memory.
    readFipsSecurityOption: async (): Promise<FipsSecurityOption> => {
      await Promise.resolve();
      if (this.state.tools.secedit === 'missing')
        throw new MachineFailure(
          'ToolMissing',
          'read the local security database',
          'secedit is not available',
        );
      const db = securityDatabaseFips(this.state);
      return db ? { state: 'defined', data: db.data } : { state: 'not-defined' };
    },
    configureFipsSecurityOption: async (data: 0 | 1): Promise<void> => {
      await Promise.resolve();
      if (this.state.tools.secedit === 'missing')
        throw new MachineFailure('ToolMissing', 'apply a security template', 'secedit is not available');
      // secedit /configure sets the local policy in the database and applies it to the registry.
      this.mutate('apply a security template (secedit /configure)', 'fips-algorithm-policy', (m) => {
        m.localSecurityPolicy = { ...m.localSecurityPolicy, fipsAlgorithmPolicy: data };
        m.tattooedSecurityOptions = {};
        setValue(m, 'fips-algorithm-policy', data);
      });
    },
    readLocalGpoRdpLevel: (): LocalGpoRdpLevel => {
      const v = this.state.localGpo.rdpEncryptionLevel;
      return v === undefined
        ? { state: 'not-defined' }
        : v === 'deleted'
          ? { state: 'deleted' }
          : { state: 'set', data: v };
    },
    writeLocalGpoRdpLevel: (level: LocalGpoRdpLevel): void => {
      this.mutate("write the local GPO's Registry.pol", undefined, (m) => {
        m.localGpo =
          level.state === 'not-defined'
            ? {}
            : { rdpEncryptionLevel: level.state === 'deleted' ? 'deleted' : level.data };
      });
    },
    refreshPolicy: async (): Promise<PolicyRefreshOutcome> => {
      await Promise.resolve();
      this.mutate('gpupdate /target:computer /force', undefined, (m) => refreshPolicy(m));
      return { ran: true };
    },
  };

  readonly evidence = {
    collectRegistry: (): Evidence => {
      const all = evidenceFromSimulatedMachine(this.state, { elevated: this.elevated });
      // The listeners are registry too, as the Windows twin reads them (collectRegistryEvidence).
      const { machine, registry, listeners, listenerPolicy, sessionDirectory } = all;
      return {
        machine,
        registry,
        ...(listeners ? { listeners } : {}),
        ...(listenerPolicy ? { listenerPolicy } : {}),
        ...(sessionDirectory ? { sessionDirectory } : {}),
        unavailable: [],
      };
    },
    collectAll: async (): Promise<Evidence> => {
      const ev = evidenceFromSimulatedMachine(this.state, { elevated: this.elevated });
      const declared = this.state.listenerAddresses;
      const wire = declared
        ? await probeDeclaredListeners(declared, `simulated machine "${this.state.name}"`)
        : undefined;
      return wire ? { ...ev, wire } : ev;
    },
  };
}

function setValue(m: SimulatedMachine, id: ManagedValueId, data: number): void {
  const w = managedValue(id);
  const found = findKey(m, w.key);
  const key = found?.[0] ?? w.key;
  const values = { ...(found?.[1] ?? {}) };
  const existing = Object.keys(values).find((n) => sameRegistryName(n, w.name));
  values[existing ?? w.name] = { type: 'REG_DWORD', data };
  m.registry = { ...m.registry, [key]: values };
}

function deleteValue(m: SimulatedMachine, id: ManagedValueId): void {
  const w = managedValue(id);
  const found = findKey(m, w.key);
  if (!found) return;
  const values = Object.fromEntries(Object.entries(found[1]).filter(([n]) => !sameRegistryName(n, w.name)));
  m.registry = { ...m.registry, [found[0]]: values };
}

/**
 * What a policy refresh does to the watched values: the registry extension (templates, registry
 * settings), then the security settings, then the Preferences, each GPO in order, the last writing a
 * value winning. A `**soft.` record writes only where there is no value, a Preferences Create only
 * where there is none. Values no GPO defines are left alone — a direct write or a tattoo stays.
 */
function refreshPolicy(m: SimulatedMachine): void {
  const { writes } = writesOf(m);
  const order: readonly string[] = [
    'administrative-template',
    'registry-setting',
    'security-option',
    'preference',
  ];
  const byExtension = (k: string): number => (k === 'registry-setting' ? 0 : order.indexOf(k));
  const sorted = writes
    .map((w, i) => ({ w, i }))
    .sort((a, b) => byExtension(a.w.kind) - byExtension(b.w.kind) || a.i - b.i)
    .map((x) => x.w);
  // The local GPO's `**del.` record is applied first, as the local GPO is.
  if (m.localGpo.rdpEncryptionLevel === 'deleted') deleteValue(m, 'rdp-encryption-policy');
  for (const w of sorted) {
    const exists = readSimulatedValue(m, w.setting) !== undefined;
    if ((w.soft || w.action === 'C') && exists) continue;
    if (w.data === null) deleteValue(m, w.setting);
    else setValue(m, w.setting, w.data);
  }
}
