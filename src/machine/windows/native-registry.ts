// The watched registry values, read and written in-process through native-reg (no reg.exe, no
// child process), always in the 64-bit view so a 32-bit build would not land in WOW6432Node.
import { registryTypeName } from '../../core/registry-types';
import type * as NativeReg from 'native-reg';
import {
  fullValuePathOf,
  inRange,
  isListenerLevelId,
  managedValue,
  type ManagedValueId,
} from '../../core/settings';
import {
  MachineFailure,
  type KeyContents,
  type KeyValue,
  type RegistryKeyReader,
  type RegistryReader,
  type RegistryWriter,
  type ValueSnapshot,
} from '../machine';

export type NativeRegistry = typeof NativeReg;

const ERROR_ACCESS_DENIED = 5;

/**
 * Loads native-reg. Only ever called on Windows: elsewhere its functions throw an AssertionError,
 * and loading it on the Linux path would hide that behind a confusing stack.
 */
export function loadNativeRegistry(): NativeRegistry {
  if (process.platform !== 'win32') {
    throw new MachineFailure(
      'Unsupported',
      'open the Windows registry',
      `this is ${process.platform}, not Windows; use --machine or --evidence instead`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the addon exists only on Windows
  return require('native-reg') as NativeRegistry;
}

/** native-reg's failures: an Error with code 'Win32Error' and the Windows error number. */
export function win32ErrorNumber(e: unknown): number | undefined {
  if (!(e instanceof Error)) return undefined;
  const { code, errno } = e as Error & { code?: unknown; errno?: unknown };
  return code === 'Win32Error' && typeof errno === 'number' ? errno : undefined;
}

/** Turns a Windows error from native-reg into the administrator's terms; anything else is a bug and rethrown. */
export function registryFailure(e: unknown, attempted: string): unknown {
  const errno = win32ErrorNumber(e);
  if (errno === undefined) return e;
  if (errno === ERROR_ACCESS_DENIED) {
    return new MachineFailure(
      'AccessDenied',
      attempted,
      'access denied: run FipsFix from an elevated prompt (Run as administrator)',
    );
  }
  return new MachineFailure(
    'ToolFailed',
    attempted,
    `the registry refused with Windows error ${errno} (${e instanceof Error ? e.message : String(e)})`,
  );
}

export class WindowsRegistry implements RegistryReader, RegistryWriter, RegistryKeyReader {
  private loaded: NativeRegistry | undefined;

  /** `reg` is loaded on first use, so constructing this on another platform costs nothing. */
  constructor(private readonly load: () => NativeRegistry = loadNativeRegistry) {}

  private get reg(): NativeRegistry {
    this.loaded ??= this.load();
    return this.loaded;
  }

  readValue(id: ManagedValueId): ValueSnapshot {
    const reg = this.reg;
    const w = managedValue(id);
    const attempted = `read ${fullValuePathOf(id)}`;
    let key: NativeReg.HKEY | null = null;
    try {
      key = reg.openKey(reg.HKLM, w.key, reg.Access.QUERY_VALUE | reg.Access.WOW64_64KEY);
      if (key === null) return { exists: false };
      const raw = reg.queryValueRaw(key, w.name);
      if (raw === null) return { exists: false };
      if (raw.type === reg.ValueType.DWORD && raw.length === 4)
        return { exists: true, type: 'REG_DWORD', data: raw.readUInt32LE(0) };
      const typeName =
        raw.type === reg.ValueType.DWORD
          ? `REG_DWORD with ${raw.length} bytes of data`
          : registryTypeName(raw.type);
      return { exists: true, type: 'other', typeName };
    } catch (e) {
      throw registryFailure(e, attempted);
    } finally {
      if (key !== null) reg.closeKey(key);
    }
  }

  readKey(keyUnderHklm: string): KeyContents | undefined {
    const reg = this.reg;
    let key: NativeReg.HKEY | null = null;
    try {
      key = reg.openKey(
        reg.HKLM,
        keyUnderHklm,
        reg.Access.QUERY_VALUE | reg.Access.ENUMERATE_SUB_KEYS | reg.Access.WOW64_64KEY,
      );
      if (key === null) return undefined;
      const values = new Map<string, KeyValue>();
      for (const name of reg.enumValueNames(key)) {
        const raw = reg.queryValueRaw(key, name);
        if (raw === null) continue; // deleted between the two calls
        values.set(
          name,
          raw.type === reg.ValueType.DWORD && raw.length === 4
            ? { type: 'REG_DWORD', data: raw.readUInt32LE(0) }
            : raw.type === reg.ValueType.SZ
              ? { type: 'REG_SZ', data: reg.parseString(raw) }
              : { type: 'other', typeName: registryTypeName(raw.type) },
        );
      }
      return { subkeys: reg.enumKeyNames(key), values };
    } catch (e) {
      throw registryFailure(e, `read HKLM\\${keyUnderHklm}`);
    } finally {
      if (key !== null) reg.closeKey(key);
    }
  }

  /**
   * A listener's level other than RDP-Tcp's is written only into a key that exists under WinStations
   * and has a REG_DWORD PortNumber: the key is opened, never created, and checked first.
   */
  private openListenerKey(id: ManagedValueId, attempted: string): NativeReg.HKEY {
    const reg = this.reg;
    const key = reg.openKey(
      reg.HKLM,
      managedValue(id).key,
      reg.Access.SET_VALUE | reg.Access.QUERY_VALUE | reg.Access.WOW64_64KEY,
    );
    if (key === null) throw new MachineFailure('KeyNotFound', attempted, 'the listener key does not exist');
    const port = reg.queryValueRaw(key, 'PortNumber');
    if (port === null || port.type !== reg.ValueType.DWORD) {
      reg.closeKey(key);
      throw new MachineFailure('Unsupported', attempted, 'the key has no PortNumber: it is not a listener');
    }
    return key;
  }

  setDword(id: ManagedValueId, data: number): void {
    // The plan was validated long before; a value outside the setting's range here is a bug.
    const w = managedValue(id);
    if (!inRange(id, data))
      throw new RangeError(`${fullValuePathOf(id)}: ${data} is outside ${w.min}..${w.max}`);
    const reg = this.reg;
    let key: NativeReg.HKEY | null = null;
    try {
      if (isListenerLevelId(id)) {
        key = this.openListenerKey(id, `write ${fullValuePathOf(id)} = ${data}`);
        reg.setValueDWORD(key, w.name, data);
        return;
      }
      // createKey opens the key when it exists; the policy key often does not until a policy is set.
      key = reg.createKey(
        reg.HKLM,
        w.key,
        reg.Access.SET_VALUE | reg.Access.QUERY_VALUE | reg.Access.WOW64_64KEY,
      );
      reg.setValueDWORD(key, w.name, data);
    } catch (e) {
      throw registryFailure(e, `write ${fullValuePathOf(id)} = ${data}`);
    } finally {
      if (key !== null) reg.closeKey(key);
    }
  }

  deleteValue(id: ManagedValueId): void {
    const reg = this.reg;
    const w = managedValue(id);
    let key: NativeReg.HKEY | null = null;
    try {
      if (isListenerLevelId(id)) {
        key = this.openListenerKey(id, `delete ${fullValuePathOf(id)}`);
        reg.deleteValue(key, w.name);
        return;
      }
      key = reg.openKey(reg.HKLM, w.key, reg.Access.SET_VALUE | reg.Access.WOW64_64KEY);
      if (key === null) return; // no key, so no value: nothing to delete
      reg.deleteValue(key, w.name); // false when the value was already gone, which is what we want
    } catch (e) {
      throw registryFailure(e, `delete ${fullValuePathOf(id)}`);
    } finally {
      if (key !== null) reg.closeKey(key);
    }
  }
}
