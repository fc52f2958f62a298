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
