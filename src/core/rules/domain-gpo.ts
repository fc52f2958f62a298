// The one rule that says "a domain GPO sets this value", and the one way to read it back from a
// diagnosed cause. A value a domain GPO sets cannot be fixed on the server: the next policy refresh
// puts it back (docs/model.md, "Sources").
import type { Cause } from '../diagnosis-schema';
import type { GpoRef, GroupPolicySetting } from '../evidence';
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
