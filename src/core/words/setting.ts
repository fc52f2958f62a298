// Each watched value and each KB method by the name the administrator reads in a cause's heading:
// the console, the HTML report and (through the IPC contract) the window name them this way. The
// label Windows itself shows for a value is WATCHED_VALUES[id].label (../settings.ts).
import type { Cause } from '../diagnosis-schema';
import { isListenerLevelId, listenerOf, type ManagedValueId, type WatchedValueId } from '../settings';

export const SETTING_WORDS: Readonly<Record<WatchedValueId, string>> = {
  'fips-algorithm-policy': 'The FIPS security option ("System cryptography: Use FIPS compliant algorithms…")',
  'fips-algorithm-policy-legacy': 'The FIPS security option (Windows Server 2003 value)',
  'rdp-encryption-policy': 'The Group Policy "Set client connection encryption level"',
  'rdp-tcp-encryption-level': "The RDP-Tcp connection's own encryption level",
};

/** A value's name in a heading: another listener's level is named by its listener. */
export function settingWords(id: ManagedValueId): string {
  return isListenerLevelId(id)
    ? `The ${listenerOf(id) ?? id} connection's own encryption level`
    : SETTING_WORDS[id];
}

/** KB 811770's two methods, by what each changes. */
export const KB_METHOD_WORDS: Readonly<Record<Cause['method'], string>> = {
  1: 'the RDP encryption level',
  2: 'the FIPS security option',
};

/** Said after a value that is FIPS but overridden by a setting above it that does not force FIPS. */
export const BLOCKS_LATER_WORDS = 'blocks once the settings above it stop forcing FIPS';

/** Why a cause that does not force FIPS now still blocks: its policy puts it back, or a setting above it decides. */
export function blocksLaterWords(c: Pick<Cause, 'drift'>): string {
  return c.drift ? `blocks again ${c.drift.comesBack}` : BLOCKS_LATER_WORDS;
}

/** A cause's value in words, with what it does while a setting above it decides. */
export function causeValueWords(c: Pick<Cause, 'valueLabel' | 'forcesFipsNow' | 'drift'>): string {
  return `${c.valueLabel}${c.forcesFipsNow ? '' : ` (${blocksLaterWords(c)})`}`;
}
