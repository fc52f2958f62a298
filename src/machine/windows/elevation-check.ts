// Is this process allowed to make the changes a plan needs? Decided in-process, in a millisecond.
//
// Why this check: it asks Windows the exact question that matters. Opening the Lsa key for
// KEY_SET_VALUE is granted only to Administrators and SYSTEM, and under UAC an administrator's
// unelevated (filtered) token is denied too, so the answer is "can we write the FIPS value" rather
// than "is the user in a group". No whoami, no token API, no child process.
//
// Its limits: it proves write access to that one key, not every right the other steps need.
// secedit /configure and gpupdate also want the administrator token (they will fail on their own
// with a message if a delegated, non-admin account was given write access to Lsa), and the other
// watched keys have their own ACLs (by default the same: Administrators and SYSTEM only). Under
// Wine every process is treated as elevated.
import {
  loadNativeRegistry,
  registryFailure,
  win32ErrorNumber,
  type NativeRegistry,
} from './native-registry';

const LSA_KEY = 'SYSTEM\\CurrentControlSet\\Control\\Lsa';
const ERROR_ACCESS_DENIED = 5;

export function isElevated(reg: NativeRegistry = loadNativeRegistry()): boolean {
  let key: ReturnType<NativeRegistry['openKey']> = null;
  try {
    key = reg.openKey(reg.HKLM, LSA_KEY, reg.Access.SET_VALUE | reg.Access.WOW64_64KEY);
    // The Lsa key always exists; if it cannot be found we cannot claim the right either.
    return key !== null;
  } catch (e) {
    if (win32ErrorNumber(e) === ERROR_ACCESS_DENIED) return false;
    throw registryFailure(e, `check write access to HKLM\\${LSA_KEY}`);
  } finally {
    if (key !== null) reg.closeKey(key);
  }
}
