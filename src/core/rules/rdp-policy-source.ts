// Who set the Group Policy RDP encryption level to FIPS Compliant (docs/model.md, "How the RDP
// encryption policy's source is decided"), and who set a listener's own level (RDP-Tcp's or another's).
import type { Evidence, GroupPolicySettingId } from '../evidence';
import type { ListenerLevelId } from '../settings';
import { LOCAL_GPO, domainRouteSetting, setByDomainGpo } from './domain-gpo';
import { unmappedTemplateCandidates, unnamedRdpLevelWinner, unusableSettingFor } from './policy-routes';
import type { SettleWith, SourceDecision, SourceFact, SourceFinding } from './source-decision';
import { forcesFips, winningSetting } from './value-in-force';

export function decideRdpPolicySource(ev: Evidence): SourceDecision {
  const basis: SourceFact[] = [];
  const findings: SourceFinding[] = [];
  const gp = ev.groupPolicy;
  const pol = ev.localGpo?.rdpEncryptionPolicy;
  // A `**soft.` record sets 4 only where the server had no value; it explains a 4 only when the value
  // in force is its own (it is: this rule runs for a 4) and no other policy sets it (checked below).
  const localGpoSetsFips = pol?.state === 'set' && forcesFips('rdp-encryption-policy', pol.data);
  const localGpo: SourceFact | undefined = pol && { kind: 'local-gpo', reading: pol };

  if (gp?.computerResults === 'present') {
    const route = domainRouteSetting(gp.settings, 'rdp-encryption-policy');
    if (route) {
      basis.push({ kind: 'winning-gpo', setting: route });
      return { source: 'domain-group-policy', gpo: route.gpo, via: route.kind, basis, findings };
    }
    // The policy is in force at a level FipsFix cannot name: it may be 4 (a custom template), or
    // another level with 4 written since. Either way not "written directly".
    const unnamed = unnamedRdpLevelWinner(gp);
    if (unnamed) {
      basis.push({ kind: 'unnamed-level', level: unnamed });
      return { source: 'unknown', basis, findings, settleWith: ['rsop-json', 'gpo-settings-report'] };
    }
    const unusable = unusableSettingFor(gp, 'rdp-encryption-policy');
    if (unusable) {
      basis.push({ kind: 'unusable-setting', row: unusable });
      return { source: 'unknown', basis, findings, settleWith: ['gpo-settings-report'] };
    }
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
    // A Policy element carries no key: a template FipsFix cannot map may be what writes the 4.
    const candidates = unmappedTemplateCandidates(ev, gp);
    if (candidates.length > 0) {
      basis.push({ kind: 'unmapped-templates', templates: candidates });
      if (localGpo) basis.push(localGpo);
      const settleWith: SettleWith[] = ['rsop-json', 'gpo-settings-report'];
      if (gp.unrecognisedDomainTemplates) settleWith.push('english-gpresult');
      return { source: 'unknown', basis, findings, settleWith };
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
    if (gp.preferencesNotRead) {
      basis.push({ kind: 'preferences-not-read', origin: gp.origin });
      return { source: 'unknown', basis, findings, settleWith: ['elevated-gpresult'] };
    }
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

/**
 * A listener's own level (RDP-Tcp's or another listener's) has no policy of its own, but a domain GPO
 * can write it with a registry item or a Preferences item: then that GPO is the source, not the
 * connection setting.
 */
export function decideRdpTcpSource(
  ev: Evidence,
  id: Extract<GroupPolicySettingId, 'rdp-tcp-encryption-level' | ListenerLevelId>,
): SourceDecision {
  const gp = ev.groupPolicy;
  if (gp?.computerResults === 'present') {
    const route = domainRouteSetting(gp.settings, id);
    if (route)
      return {
        source: 'domain-group-policy',
        gpo: route.gpo,
        via: route.kind,
        basis: [{ kind: 'winning-gpo', setting: route }],
        findings: [],
      };
    const unusable = unusableSettingFor(gp, id);
    if (unusable)
      return {
        source: 'unknown',
        basis: [{ kind: 'unusable-setting', row: unusable }],
        findings: [],
        settleWith: ['gpo-settings-report'],
      };
    return { source: 'rdp-tcp-connection', basis: [], findings: [] };
  }
  // Without gpresult's computer part a domain GPO's registry or Preferences item that writes this
  // listener's level is not ruled out: "fixable here" cannot rest on the registry alone (issue 11).
  return {
    source: 'unknown',
    basis: gp ? [{ kind: 'no-computer-part', origin: gp.origin }] : [],
    findings: [],
    settleWith: ['elevated-gpresult', 'rsop-json'],
  };
}
