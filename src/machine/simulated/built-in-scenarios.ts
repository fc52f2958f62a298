// The built-in simulated machines, one per case the diagnosis must tell apart (docs/simulated-machine.md).
import bothMethods from './scenarios/both-methods.json';
import domainGpoOverridesLocal from './scenarios/domain-gpo-overrides-local.json';
import fipsDomainGpo from './scenarios/fips-domain-gpo.json';
import fipsDriftDomainGpo from './scenarios/fips-drift-domain-gpo.json';
import fipsDriftLocalSecurityPolicy from './scenarios/fips-drift-local-security-policy.json';
import fipsLocalSecurityPolicy from './scenarios/fips-local-security-policy.json';
import fipsPlainExportUnelevated from './scenarios/fips-plain-export-unelevated.json';
import fipsRegistryDirect from './scenarios/fips-registry-direct.json';
import fipsRegistryVsDomainGpo from './scenarios/fips-registry-vs-domain-gpo.json';
import fipsTattoo from './scenarios/fips-tattoo.json';
import fipsUnelevatedGpresult from './scenarios/fips-unelevated-gpresult.json';
import healthy from './scenarios/healthy.json';
import legacyFipsDword from './scenarios/legacy-fips-dword.json';
import listener3390Fips from './scenarios/listener-3390-fips.json';
import listenerTlsFips from './scenarios/listener-tls-fips.json';
import rdpPolicyDomainGpo from './scenarios/rdp-policy-domain-gpo.json';
import rdpPolicyDriftDomainGpo from './scenarios/rdp-policy-drift-domain-gpo.json';
import rdpPolicyDriftLocalGpo from './scenarios/rdp-policy-drift-local-gpo.json';
import rdpPolicyLocalGpo from './scenarios/rdp-policy-local-gpo.json';
import rdpTcpFips from './scenarios/rdp-tcp-fips.json';
import fipsDomainRegistryItem from './scenarios/fips-domain-registry-item.json';
import rdpPolicyDomainPreference from './scenarios/rdp-policy-domain-preference.json';
import rdpPolicyUnmappedTemplate from './scenarios/rdp-policy-unmapped-template.json';
import rdpPolicyUnmappedTemplateRsop from './scenarios/rdp-policy-unmapped-template-rsop.json';
import rdpPolicyUnnamedLevel from './scenarios/rdp-policy-unnamed-level.json';
import rdpPolicyLocalGpoSoft from './scenarios/rdp-policy-local-gpo-soft.json';
import rdsCollectionHost from './scenarios/rds-collection-host.json';

export const BUILT_IN_SCENARIOS: Readonly<Record<string, unknown>> = {
  'both-methods': bothMethods,
  'domain-gpo-overrides-local': domainGpoOverridesLocal,
  'fips-domain-gpo': fipsDomainGpo,
  'fips-drift-domain-gpo': fipsDriftDomainGpo,
  'fips-drift-local-security-policy': fipsDriftLocalSecurityPolicy,
  'fips-local-security-policy': fipsLocalSecurityPolicy,
  'fips-plain-export-unelevated': fipsPlainExportUnelevated,
  'fips-registry-direct': fipsRegistryDirect,
  'fips-registry-vs-domain-gpo': fipsRegistryVsDomainGpo,
  'fips-tattoo': fipsTattoo,
  'fips-unelevated-gpresult': fipsUnelevatedGpresult,
  healthy: healthy,
  'legacy-fips-dword': legacyFipsDword,
  'listener-3390-fips': listener3390Fips,
  'listener-tls-fips': listenerTlsFips,
  'rdp-policy-domain-gpo': rdpPolicyDomainGpo,
  'rdp-policy-drift-domain-gpo': rdpPolicyDriftDomainGpo,
  'rdp-policy-drift-local-gpo': rdpPolicyDriftLocalGpo,
  'rdp-policy-local-gpo': rdpPolicyLocalGpo,
  'rdp-tcp-fips': rdpTcpFips,
  'fips-domain-registry-item': fipsDomainRegistryItem,
  'rdp-policy-domain-preference': rdpPolicyDomainPreference,
  'rdp-policy-unmapped-template': rdpPolicyUnmappedTemplate,
  'rdp-policy-unmapped-template-rsop': rdpPolicyUnmappedTemplateRsop,
  'rdp-policy-unnamed-level': rdpPolicyUnnamedLevel,
  'rdp-policy-local-gpo-soft': rdpPolicyLocalGpoSoft,
  'rds-collection-host': rdsCollectionHost,
};

/** What runs where there is no Windows and no --machine: two causes, both fixable, so every step of the wizard shows. */
export const DEFAULT_SCENARIO = 'both-methods';
