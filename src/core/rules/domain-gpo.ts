// The one rule that says "a domain GPO sets this value", and the one way to read it back from a
// diagnosed cause. A value a domain GPO sets cannot be fixed on the server: the next policy refresh
// puts it back (docs/model.md, "Sources").
import type { Cause } from '../diagnosis-schema';
import type { GpoRef, GroupPolicySetting, GroupPolicySettingId } from '../evidence';
import { forcesFips } from './value-in-force';

/** The local GPO as gpresult names it; its id is the same in every language, its name is not. */
export const LOCAL_GPO: GpoRef = { id: 'LocalGPO', name: 'Local Group Policy', isLocal: true };

/** The winning GPO's setting forces FIPS and the GPO is a domain one (not the local GPO). */
export function setByDomainGpo(winner: GroupPolicySetting): boolean {
  return !winner.gpo.isLocal && forcesFips(winner.setting, winner.data);
}

/** The domain GPO a cause was decided to come from, if it was. */
export function domainGpoOf(c: Pick<Cause, 'source' | 'gpo'>): NonNullable<Cause['gpo']> | undefined {
  return c.source === 'domain-group-policy' ? c.gpo : undefined;
}

/**
 * Every route a GPO can take to a value, each applied by its own client-side extension: a security
 * option, an Administrative Template, a registry setting (Set-GPRegistryValue), a Preferences item.
 * Precedence is numbered per setting within one extension, and in which order the extensions write
 * the same value is not documented; so a domain GPO that wins its route and sets the value forcing
 * FIPS is the source whatever another route says: each refresh of that route writes it again.
 */
export function domainRouteSetting(
  settings: readonly GroupPolicySetting[],
  id: GroupPolicySettingId,
): GroupPolicySetting | undefined {
  const kinds: readonly GroupPolicySetting['kind'][] = [
    'security-option',
    'administrative-template',
    'registry-setting',
    'preference',
  ];
  for (const kind of kinds) {
    const route = settings.filter((s) => s.setting === id && s.kind === kind);
    const w = route.reduce<GroupPolicySetting | undefined>(
      (best, s) => (best === undefined || s.precedence < best.precedence ? s : best),
      undefined,
    );
    if (w && setByDomainGpo(w)) return w;
  }
  return undefined;
}
