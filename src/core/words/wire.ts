// Evidence of its own kind, "observed on the wire", in words: what a listener answered, set beside
// what the settings read here put in force. Restarting Remote Desktop Services is named with its
// cost, never done.
import type { EvidenceGap, WireFinding } from '../diagnosis-schema';
import { rdpLevelLabel } from '../settings';
import type { ProbeTarget } from '../wire/probe-document';
import { wireLevelLabel } from './probe';

export const RESTART_COST =
  'Restarting Remote Desktop Services (TermService) would make it read the values again, and drops every session, the administrator\'s own included: FipsFix never restarts it. Try a new connection first, then probe again with "fipsfix verify".';

export const LOOPBACK_UNVERIFIED =
  'Whether a Windows listener answers a probe from the server itself on 127.0.0.1, or one bound to a single adapter (LanAdapter) on another address, is unverified.';

function where(f: Pick<WireFinding, 'listener' | 'port' | 'address'>): string {
  return `${f.listener ? `the ${f.listener} listener` : 'the listener'} on port ${f.port} (probed on ${f.address})`;
}

export function wireFindingWords(f: Omit<WireFinding, 'words' | 'evidence'>, t: ProbeTarget): string {
  const at = where(f);
  const observed = f.observedLevel ? wireLevelLabel(f.observedLevel) : undefined;
  const configured = f.configuredLevel !== null ? rdpLevelLabel(f.configuredLevel) : undefined;
  const tried = f.alsoTried?.length
    ? ` Tried first without an answer: ${f.alsoTried.map((a) => `${a.address} (${a.error})`).join(', ')}.`
    : '';
  switch (f.agreement) {
    case 'confirms':
      return `Observed on the wire: ${at} answered with the FIPS encryption level, as the settings read here say.${tried}`;
    case 'agrees':
      return `Observed on the wire: ${at} answered with ${observed}, as the settings read here say.${tried}`;
    case 'contradicts':
      return f.demandsFips
        ? `Observed on the wire: ${at} still answers with the FIPS encryption level, though the settings read here give it ${configured ?? 'another level'}. Remote Desktop Services has not picked up the change yet (or something FipsFix does not read sets it). ${RESTART_COST}${tried}`
        : `Observed on the wire: ${at} answered with ${observed ?? 'another level'}, though the settings read here give it ${configured}: Remote Desktop Services is not using the value read here (a change it has not picked up yet). ${RESTART_COST}${tried}`;
    case 'not-visible':
      return `Observed on the wire: ${at} accepts ${[t.securityLayers.tls && 'TLS', t.securityLayers.credssp && 'CredSSP'].filter(Boolean).join(' and ') || 'no Standard RDP Security'} but not Standard RDP Security, so its encryption level is not visible on the wire${t.tls ? ` (TLS: ${t.tls.protocol}, ${t.tls.cipher})` : ''}.${tried}`;
    case 'observed-only':
      return `Observed on the wire: ${at} answered with ${observed ?? 'no visible level'}; no listener read here has port ${f.port}.${tried}`;
    case 'unprobed':
      return `Not observed on the wire: ${at} could not be probed: ${t.error?.message ?? 'no answer'}.${tried} ${LOOPBACK_UNVERIFIED}`;
  }
}

/** The gap a listener at FIPS on the wire leaves when no setting read here forces it. */
export function unexplainedFipsGap(f: WireFinding): EvidenceGap {
  return {
    what: `why ${where(f)} still answers with the FIPS encryption level on the wire`,
    why: 'the settings read here do not force FIPS on it: Remote Desktop Services has not picked up a change yet, or something FipsFix does not read sets it',
    settleWith: `a new connection, then "fipsfix verify" (it probes again); ${RESTART_COST.charAt(0).toLowerCase()}${RESTART_COST.slice(1)}`,
  };
}
