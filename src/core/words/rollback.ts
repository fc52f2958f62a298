// Before a rollback, in the administrator's words: each value going back to what the backup holds, and
// what that means for Remote Assistance, from the diagnosis the backup was taken with.
import type { Diagnosis } from '../diagnosis-schema';

/** "The FIPS security option goes back to 1 (Enabled): Remote Assistance … will be refused again." */
export function rollbackConsequence(
  values: readonly { readonly setting: string; readonly after: string }[],
  before: Pick<Diagnosis, 'blocksRemoteAssistance' | 'summary'> | undefined,
): string {
  const back = values.map((v) => `${v.setting} goes back to ${v.after}`).join('; ');
  if (!before) return `${back}. This backup does not hold the diagnosis it was taken with.`;
  return before.blocksRemoteAssistance
    ? `${back}: Remote Assistance and RDP clients from Windows 10 will be refused again, as before the fix (${before.summary})`
    : `${back}, as before the fix (${before.summary})`;
}
