// Who set a value, in the administrator's words: the console, the report, the fleet page, the plan's
// refusals, the diagnosis summary and (through the IPC contract) the window all say it this way.
import type { Cause, FipsPolicySource } from '../diagnosis-schema';
import { domainGpoOf } from '../rules/domain-gpo';
import { listenerOf, type ManagedValueId } from '../settings';

export const SOURCE_WORDS: Readonly<Record<FipsPolicySource, string>> = {
  'rdp-tcp-connection': "the RDP-Tcp connection's own setting",
  registry: 'a value written directly into the registry',
  'local-security-policy': 'local security policy',
  'local-group-policy': 'the local Group Policy object',
  'domain-group-policy': 'a domain Group Policy object',
  unknown: 'a source the evidence cannot tell',
};

/** The source of one cause, naming its domain GPO when there is one. */
export function sourceWords(
  c: Pick<Cause, 'source' | 'gpo'> & Pick<Partial<Cause>, 'tattoo' | 'listener'>,
): string {
  const gpo = domainGpoOf(c);
  if (gpo) return `domain GPO "${gpo.name}"`;
  if (c.tattoo) return `${SOURCE_WORDS[c.source]}, a tattoo left behind by a GPO that no longer applies`;
  // Another listener's level is that listener's own setting, not RDP-Tcp's.
  if (c.source === 'rdp-tcp-connection' && c.listener !== undefined)
    return `the ${c.listener} connection's own setting`;
  return SOURCE_WORDS[c.source];
}

/** The source of a cause known only by its value id and source (the fleet keeps no more). */
export function sourceWordsOf(id: ManagedValueId, source: FipsPolicySource): string {
  const listener = listenerOf(id);
  return source === 'rdp-tcp-connection' && listener !== undefined
    ? `the ${listener} connection's own setting`
    : SOURCE_WORDS[source];
}

/** A cause's "Set by" line: its source, and the domain GPO's id and link when there is one. */
export function setByLine(c: Parameters<typeof sourceWords>[0]): string {
  const gpo = domainGpoOf(c);
  const detail = gpo ? ` ${gpo.id}${gpo.linkedAt ? `, linked at ${gpo.linkedAt}` : ''}` : '';
  return `${sourceWords(c)}${detail}`;
}

/**
 * Which way FIPS was turned on, why the fix goes the same way, and what a refresh would do otherwise:
 * the window's "How to fix it" step says it under each cause, above the remedy.
 */
export const SAME_METHOD_WORDS: Readonly<Record<FipsPolicySource, string>> = {
  'rdp-tcp-connection':
    'It was set on the RDP-Tcp connection itself (Remote Desktop Session Host configuration, WMI or the registry), and no policy defines it. FipsFix changes that same value, so nothing puts FIPS back.',
  registry:
    'It was written straight into the registry and no policy defines it. FipsFix changes the registry value itself; no policy refresh will undo it.',
  'local-security-policy':
    "It was turned on in this server's local security policy (secpol.msc), or left behind by a GPO that no longer applies. A registry edit alone would be put back at the next security policy refresh, so FipsFix turns it off through local security policy (a security template), and the policy database agrees.",
  'local-group-policy':
    "It is pinned by this server's local Group Policy (gpedit.msc). A registry edit alone would be put back at the next policy refresh, so FipsFix changes the local GPO itself and then refreshes policy.",
  'domain-group-policy':
    'It comes from a domain Group Policy Object. Anything changed on this server would be put back at the next policy refresh (within about 90 minutes), so FipsFix does not change it here: the GPO must be changed by a domain administrator.',
  unknown:
    'The evidence cannot tell who set it, and a domain GPO is not ruled out. FipsFix changes nothing until the evidence named below settles it.',
};

/**
 * SAME_METHOD_WORDS for one cause: another listener's own value is named by its listener, and a
 * listener that an RD Session Host collection owns is changed in the collection, not here.
 */
export function sameMethodWords(
  c: Pick<Cause, 'source'> & Pick<Partial<Cause>, 'listener' | 'sessionCollection'>,
): string {
  if (c.sessionCollection)
    return `This server is an RD Session Host in a collection: the collection's configuration, set on the connection broker, owns the ${c.listener ?? 'RDP-Tcp'} listener's level, so FipsFix does not change it here; change it in the collection (Set-RDSessionCollectionConfiguration).`;
  if (c.source === 'rdp-tcp-connection' && c.listener !== undefined && c.listener !== 'RDP-Tcp')
    return `It was set on the ${c.listener} connection itself (WMI or the registry), and no policy defines it. FipsFix changes that same value, so nothing puts FIPS back.`;
  return SAME_METHOD_WORDS[c.source];
}
