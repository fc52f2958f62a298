// What of the native registry backend can be checked off Windows: it never loads native-reg on the
// Linux path, and it turns Windows errors into the administrator's terms. Reads and writes against
// a real registry run under Wine (test/wine/windows-registry.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MachineFailure } from '../../../src/machine/machine';
import { isElevated } from '../../../src/machine/windows/elevation-check';
import {
  WindowsRegistry,
  registryFailure,
  type NativeRegistry,
} from '../../../src/machine/windows/native-registry';

function win32Error(errno: number): Error {
  return Object.assign(new Error(`RegOpenKeyExW failed: error ${errno}`), {
    code: 'Win32Error',
    errno,
    syscall: 'RegOpenKeyExW',
  });
}

const nativeRegLoaded = (): boolean => Object.keys(require.cache).some((p) => /[\\/]native-reg[\\/]/.test(p));

describe(
  'Windows registry off Windows',
  { skip: process.platform === 'win32' ? 'this is Windows' : false },
  () => {
    it('constructing it loads nothing; using it says this is not Windows, without loading native-reg', () => {
      const registry = new WindowsRegistry();
      assert.throws(
        () => registry.readValue('fips-algorithm-policy'),
        (e: unknown) =>
          e instanceof MachineFailure && e.code === 'Unsupported' && /not Windows/.test(e.message),
      );
      assert.throws(
        () => registry.setDword('rdp-tcp-encryption-level', 2),
        (e: unknown) => e instanceof MachineFailure && e.code === 'Unsupported',
      );
      assert.equal(nativeRegLoaded(), false);
    });
  },
);

describe("Windows errors in the administrator's terms", () => {
  it('access denied (5) asks for an elevated prompt; other Windows errors name their number', () => {
    const denied = registryFailure(win32Error(5), 'write HKLM\\X\\Y');
    assert.ok(denied instanceof MachineFailure);
    assert.equal(denied.code, 'AccessDenied');
    assert.match(denied.message, /^write HKLM\\X\\Y: access denied: run FipsFix from an elevated prompt/);
    const other = registryFailure(win32Error(1018), 'read HKLM\\X\\Y');
    assert.ok(other instanceof MachineFailure);
    assert.equal(other.code, 'ToolFailed');
    assert.match(other.message, /Windows error 1018/);
  });

  it('anything that is not a Windows error is a bug and passes through unchanged', () => {
    const bug = new TypeError('boom');
    assert.equal(registryFailure(bug, 'x'), bug);
  });

  // Wine grants every registry access, so "denied" cannot be produced here: this double replaces
  // only native-reg's openKey/closeKey to give the answer a standard user's token gets on Windows.
  it('isElevated: denied write access to Lsa means not elevated; an opened key is closed again', () => {
    const closed: unknown[] = [];
    const fake = (open: () => number | null): NativeRegistry =>
      ({
        HKLM: 0x80000002,
        Access: { SET_VALUE: 2, WOW64_64KEY: 256 },
        openKey: open,
        closeKey: (k: unknown) => closed.push(k),
      }) as unknown as NativeRegistry;
    assert.equal(
      isElevated(
        fake(() => {
          throw win32Error(5);
        }),
      ),
      false,
    );
    assert.equal(isElevated(fake(() => 42)), true);
    assert.deepEqual(closed, [42]);
    assert.throws(
      () =>
        isElevated(
          fake(() => {
            throw win32Error(1450);
          }),
        ),
      (e: unknown) => e instanceof MachineFailure && e.code === 'ToolFailed',
    );
  });
});

// native-reg cannot load off Windows (Wine runs the real one); this stands in for its key functions
// over an in-memory tree, to check what WindowsRegistry asks of them for the listener keys.
describe('listener keys through native-reg', () => {
  type Key = { values: Map<string, Buffer & { type?: number }>; path: string };
  function fakeRegistry(paths: Record<string, Record<string, number | string>>): {
    reg: NativeRegistry;
    created: string[];
    written: string[];
  } {
    const keys = new Map<string, Key>();
    for (const [path, values] of Object.entries(paths)) {
      const m = new Map<string, Buffer & { type?: number }>();
      for (const [n, v] of Object.entries(values)) {
        const b: Buffer & { type?: number } =
          typeof v === 'number' ? Buffer.alloc(4) : Buffer.from(`${v}\0`, 'utf16le');
        if (typeof v === 'number') b.writeUInt32LE(v, 0);
        b.type = typeof v === 'number' ? 4 : 1;
        m.set(n.toUpperCase(), Object.assign(b, { valueName: n }));
      }
      keys.set(path.toUpperCase(), { values: m, path });
    }
    const created: string[] = [];
    const written: string[] = [];
    const reg = {
      HKLM: 0x80000002,
      Access: { QUERY_VALUE: 1, SET_VALUE: 2, ENUMERATE_SUB_KEYS: 8, WOW64_64KEY: 256 },
      ValueType: { SZ: 1, DWORD: 4 },
      openKey: (_h: unknown, sub: string) => keys.get(sub.toUpperCase()) ?? null,
      createKey: (_h: unknown, sub: string) => {
        created.push(sub);
        return keys.get(sub.toUpperCase()) ?? { values: new Map(), path: sub };
      },
      closeKey: () => undefined,
      enumKeyNames: (k: Key) =>
        [...keys.values()]
          .filter((x) => x.path.toUpperCase().startsWith(`${k.path.toUpperCase()}\\`))
          .map((x) => x.path.slice(k.path.length + 1))
          .filter((n) => !n.includes('\\')),
      enumValueNames: (k: Key) =>
        [...k.values.values()].map((v) => (v as unknown as { valueName: string }).valueName),
      queryValueRaw: (k: Key, name: string) => k.values.get(name.toUpperCase()) ?? null,
      parseString: (b: Buffer) => b.toString('utf16le').replace(/\0+$/, ''),
      setValueDWORD: (k: Key, name: string, data: number) => written.push(`${k.path}\\${name}=${data}`),
      deleteValue: (k: Key, name: string) => written.push(`${k.path}\\${name} deleted`),
    };
    return { reg: reg as unknown as NativeRegistry, created, written };
  }
  const WS = 'SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations';

  it('readKey lists subkeys and DWORD/string values; a missing key is undefined', () => {
    const { reg } = fakeRegistry({
      [WS]: {},
      [`${WS}\\RDP-Tcp`]: { PortNumber: 3389, SecurityLayer: 2 },
      [`${WS}\\RDP-Tcp-3390`]: { PortNumber: 3390, MinEncryptionLevel: 4 },
      [`${WS}\\RDP-Tcp\\Sub`]: {},
      'SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\ClusterSettings': {
        SessionDirectoryLocation: 'rdcb01',
      },
    });
    const r = new WindowsRegistry(() => reg);
    assert.deepEqual(r.readKey(WS)?.subkeys, ['RDP-Tcp', 'RDP-Tcp-3390']);
    assert.deepEqual(
      [...(r.readKey(`${WS}\\RDP-Tcp-3390`)?.values ?? [])],
      [
        ['PortNumber', { type: 'REG_DWORD', data: 3390 }],
        ['MinEncryptionLevel', { type: 'REG_DWORD', data: 4 }],
      ],
    );
    assert.deepEqual(
      r
        .readKey('SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\ClusterSettings')
        ?.values.get('SessionDirectoryLocation'),
      { type: 'REG_SZ', data: 'rdcb01' },
    );
    assert.equal(r.readKey(`${WS}\\Nope`), undefined);
  });

  it("another listener's level is written only into an existing key with a PortNumber, never created", () => {
    const { reg, created, written } = fakeRegistry({
      [`${WS}\\RDP-Tcp-3390`]: { PortNumber: 3390, MinEncryptionLevel: 4 },
      [`${WS}\\NoPort`]: { MinEncryptionLevel: 4 },
    });
    const r = new WindowsRegistry(() => reg);
    r.setDword('listener-encryption-level:RDP-Tcp-3390', 3);
    assert.deepEqual(written, [`${WS}\\RDP-Tcp-3390\\MinEncryptionLevel=3`]);
    assert.throws(
      () => r.setDword('listener-encryption-level:RDP-Tcp-9999', 3),
      (e: unknown) => e instanceof MachineFailure && e.code === 'KeyNotFound',
    );
    assert.throws(
      () => r.setDword('listener-encryption-level:NoPort', 3),
      (e: unknown) =>
        e instanceof MachineFailure && e.code === 'Unsupported' && /not a listener/.test(e.message),
    );
    assert.throws(
      () => r.deleteValue('listener-encryption-level:NoPort'),
      (e: unknown) => e instanceof MachineFailure && e.code === 'Unsupported',
    );
    assert.deepEqual(created, [], 'no listener key is ever created');
    assert.equal(written.length, 1);
  });
});
