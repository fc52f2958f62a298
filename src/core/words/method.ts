// How a planned change is written ("via"), in words: the console's plan, the report's "How" column
// and the report JSON say it this way.
import type { ChangeVia, PlannedChange } from '../plan';
import { isListenerLevelId, listenerOf } from '../settings';
import { describeValue } from './evidence';

export const CHANGE_VIA_WORDS: Readonly<Record<ChangeVia, string>> = {
  'rdp-tcp-value': "the RDP-Tcp connection's own value",
  registry: 'the registry value',
  'local-security-policy': 'local security policy (a security template applied with secedit)',
  'local-gpo': "the local GPO's Registry.pol, then a policy refresh",
  'decided-when-elevated':
    'the method that set it, read in the elevated step (nothing is changed if a domain GPO sets it)',
};

/** How one change is written; another listener's own value is named by its listener. */
export function changeViaWords(c: Pick<PlannedChange, 'id' | 'via'>): string {
  const listener = isListenerLevelId(c.id) ? listenerOf(c.id) : undefined;
  return listener ? `the ${listener} connection's own value` : CHANGE_VIA_WORDS[c.via];
}

/** One planned change on one line: value, before → after, how, and the KB method. */
export function describeChange(c: PlannedChange): string {
  return `${c.registryValue}: ${describeValue(c.id, c.before)} → ${describeValue(c.id, c.after)} via ${changeViaWords(c)} (method ${c.method})`;
}
