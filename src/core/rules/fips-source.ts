// Who turned the FIPS security option on (docs/model.md, "How the FIPS option's source is decided").
import type { Evidence } from '../evidence';
import { domainRouteSetting } from './domain-gpo';
import { unusableSettingFor } from './policy-routes';
import type { SourceDecision, SourceFact, SourceFinding } from './source-decision';
import { securityOptionFor, winningSetting, type FipsValueId } from './value-in-force';

export function decideFipsSource(ev: Evidence, id: FipsValueId): SourceDecision {
  const basis: SourceFact[] = [];
  const findings: SourceFinding[] = [];
  const gp = ev.groupPolicy;
  const sec = securityOptionFor(ev, id);
  const database: SourceFact | undefined = sec && { kind: 'security-database', value: id, reading: sec };
  const setByLocalPolicy = sec?.state === 'defined' && sec.data === 1;

  if (gp?.computerResults === 'present') {
    // A domain GPO that sets it by any route (security option, registry item, preference) is the source.
    const route = domainRouteSetting(gp.settings, id);
    if (route) {
      basis.push({ kind: 'winning-gpo', setting: route });
      return { source: 'domain-group-policy', gpo: route.gpo, via: route.kind, basis, findings };
    }
    const unusable = unusableSettingFor(gp, id);
    if (unusable) {
      basis.push({ kind: 'unusable-setting', row: unusable });
      return { source: 'unknown', basis, findings, settleWith: ['gpo-settings-report'] };
    }
    const w = winningSetting(gp.settings, id);
    if (w) {
      basis.push({ kind: 'winning-gpo', setting: w });
      if (w.data === 1 && w.gpo.isLocal) {
        if (database) basis.push(database);
        // The local GPO's security option is local security policy; a registry value in its
        // Registry.pol is the local GPO itself, which FipsFix does not edit for this value.
        if (w.kind !== 'security-option')
          return { source: 'local-group-policy', gpo: w.gpo, via: w.kind, basis, findings };
        return { source: 'local-security-policy', basis, findings };
      }
      findings.push({ kind: 'gpo-disagrees', setting: w });
    } else {
      basis.push({ kind: 'no-gpo-sets', value: id, origin: gp.origin });
    }
    if (database) {
      basis.push(database);
      // A security option no GPO defines any more but the database still holds is a tattoo: it is
      // undone through local security policy, like one set there.
      if (setByLocalPolicy)
        return { source: 'local-security-policy', ...(w ? {} : { tattoo: true as const }), basis, findings };
      if (gp.preferencesNotRead) {
        basis.push({ kind: 'preferences-not-read', origin: gp.origin });
        return { source: 'unknown', basis, findings, settleWith: ['elevated-gpresult'] };
      }
      return { source: 'registry', basis, findings };
    }
    return { source: 'unknown', basis, findings, settleWith: ['secedit-export'] };
  }

  if (gp) basis.push({ kind: 'no-computer-part', origin: gp.origin });
  if (database) {
    basis.push(database);
    // Settings applied by any GPO are stored in the local security database too, so a database that
    // does not define the option rules a GPO out; one that does cannot tell local from domain.
    if (!setByLocalPolicy) return { source: 'registry', basis, findings };
    return { source: 'unknown', basis, findings, settleWith: ['elevated-gpresult'] };
  }
  return { source: 'unknown', basis, findings, settleWith: ['elevated-gpresult', 'secedit-export'] };
}
