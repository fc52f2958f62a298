// What the window asks the domain administrator for, each thing once: the GPO (name, GUID, link),
// where the setting is in the Group Policy Management Editor, what to change it to, and what to know
// about that change. The remedy's steps say the same in sentences (the CLI and the report print them);
// the window lays it out once, with the saved instructions (export --as gpo-instructions) beside it.
import type { Cause } from '../diagnosis-schema';
import { domainGpoOf } from '../rules/domain-gpo';
import { isFipsValue } from '../rules/value-in-force';
import { GPMC_PATH } from '../windows-texts';

export interface DomainAsk {
  readonly gpo: { readonly name: string; readonly id: string; readonly linkedAt: string | null };
  /** Where, in the Group Policy Management Editor (or the GPO's settings report); null when no editor shows it. */
  readonly where: string | null;
  readonly change: string;
  readonly notes: readonly string[];
  /** What to do on the server once the GPO is changed. */
  readonly then: string;
}

const THEN =
  'Refresh policy on this server (gpupdate /target:computer /force, or wait for the next refresh), then check again here.';

export function domainAskWords(c: Cause): DomainAsk | null {
  const gpo = domainGpoOf(c);
  if (!gpo) return null;
  const ref = { name: gpo.name, id: gpo.id, linkedAt: gpo.linkedAt ?? null };
  const fips = isFipsValue(c.id);
  switch (c.route) {
    case 'preference':
      return {
        gpo: ref,
        where: GPMC_PATH.preferences,
        change: `Change or delete the registry item that writes ${c.registryValue}.`,
        notes: [
          'No GroupPolicy cmdlet changes a Preferences item: it is done in the editor.',
          'Preferences are reapplied at each refresh, so a change made on the server would not last.',
        ],
        then: THEN,
      };
    case 'registry-setting':
      return {
        gpo: ref,
        where: `${GPMC_PATH.extraRegistrySettings} (the GPO's settings report; the editor does not show it)`,
        change: fips
          ? `Remove the registry value ${c.registryValue} from the GPO (Remove-GPRegistryValue), or set it to 0.`
          : `Set the registry value ${c.registryValue} to 3 (High) with Set-GPRegistryValue: the template cannot set 4.`,
        notes: [],
        then: THEN,
      };
    default:
      return fips
        ? {
            gpo: ref,
            where: GPMC_PATH.fipsDomain,
            change: 'Disabled',
            notes: [
              'Disabled, not Not Defined: a security option left Not Defined stays on the servers that already applied it (tattooing).',
            ],
            then: THEN,
          }
        : {
            gpo: ref,
            where: GPMC_PATH.rdpDomain,
            change: 'Enabled, Encryption Level: High Level',
            notes: [],
            then: THEN,
          };
  }
}
