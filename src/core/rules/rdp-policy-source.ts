// Who set the Group Policy RDP encryption level to FIPS Compliant (docs/model.md, "How the RDP
// encryption policy's source is decided").
import type { Evidence } from '../evidence';
import { LOCAL_GPO, setByDomainGpo } from './domain-gpo';
import type { SourceDecision, SourceFact, SourceFinding } from './source-decision';
import { forcesFips, winningSetting } from './value-in-force';

export function decideRdpPolicySource(ev: Evidence): SourceDecision {
  const basis: SourceFact[] = [];
  const findings: SourceFinding[] = [];
  const gp = ev.groupPolicy;
  const pol = ev.localGpo?.rdpEncryptionPolicy;
  const localGpoSetsFips = pol?.state === 'set' && forcesFips('rdp-encryption-policy', pol.data);
  const localGpo: SourceFact | undefined = pol && { kind: 'local-gpo', reading: pol };

  if (gp?.computerResults === 'present') {
    const w = winningSetting(gp.settings, 'rdp-encryption-policy');
    if (w) {
      basis.push({ kind: 'winning-gpo', setting: w });
      if (forcesFips(w.setting, w.data)) {
        if (w.gpo.isLocal && localGpo) basis.push(localGpo);
        const source = setByDomainGpo(w) ? 'domain-group-policy' : 'local-group-policy';
        return { source, gpo: w.gpo, via: w.kind, basis, findings };
      }
      // The winning GPO sets another level: 4 was written on this server since the last refresh.
      findings.push({ kind: 'gpo-disagrees', setting: w });
      return { source: 'registry', basis, findings };
    }
    if (gp.unrecognisedDomainTemplates && !localGpoSetsFips) {
      // In another language the policy is not recognised by name: a domain GPO may set it, and it
      // would put 4 back at the next refresh. Not "written directly" without proof.
      basis.push({ kind: 'unnamed-domain-templates', origin: gp.origin });
      return { source: 'unknown', basis, findings, settleWith: ['english-gpresult'] };
    }
    basis.push({ kind: 'no-gpo-sets', value: 'rdp-encryption-policy', origin: gp.origin });
    if (localGpoSetsFips && localGpo) {
      // Written into Registry.pol after the last refresh (LGPO and similar tools do this): the next
      // refresh applies it again, so the fix belongs in Registry.pol.
      basis.push(localGpo);
      return { source: 'local-group-policy', gpo: LOCAL_GPO, via: 'registry-setting', basis, findings };
    }
    if (localGpo) basis.push(localGpo);
    return { source: 'registry', basis, findings };
  }

  if (gp) basis.push({ kind: 'no-computer-part', origin: gp.origin });
  if (localGpoSetsFips && localGpo) {
    basis.push(localGpo);
    findings.push({ kind: 'domain-gpo-not-ruled-out' });
    return { source: 'local-group-policy', gpo: LOCAL_GPO, via: 'registry-setting', basis, findings };
  }
  if (localGpo) basis.push(localGpo);
  return {
    source: 'unknown',
    basis,
    findings,
    settleWith: pol ? ['elevated-gpresult'] : ['elevated-gpresult', 'registry-pol'],
  };
}
