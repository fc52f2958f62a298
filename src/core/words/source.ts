// Who set a value, in the administrator's words: the console, the report, the fleet page, the plan's
// refusals and the diagnosis summary all say it this way.
import type { Cause, FipsPolicySource } from '../diagnosis-schema';
import { domainGpoOf } from '../rules/domain-gpo';

export const SOURCE_WORDS: Readonly<Record<FipsPolicySource, string>> = {
  'rdp-tcp-connection': "the RDP-Tcp connection's own setting",
  registry: 'a value written directly into the registry',
  'local-security-policy': 'local security policy',
  'local-group-policy': 'the local Group Policy object',
  'domain-group-policy': 'a domain Group Policy object',
  unknown: 'a source the evidence cannot tell',
};

/** The source of one cause, naming its domain GPO when there is one. */
export function sourceWords(c: Pick<Cause, 'source' | 'gpo'> & { readonly listener?: string }): string {
  const gpo = domainGpoOf(c);
  if (gpo) return `domain GPO "${gpo.name}"`;
  // Another listener's level is that listener's own setting, not RDP-Tcp's.
  if (c.source === 'rdp-tcp-connection' && c.listener !== undefined)
    return `the ${c.listener} connection's own setting`;
  return SOURCE_WORDS[c.source];
}
