// Evidence of its own kind: what each probed listener answered on the wire, set beside the level the
// settings read here put in force on it. The wire confirms a cause, agrees, or contradicts the
// registry (a change Remote Desktop Services has not picked up, or a setting FipsFix does not read).
import type { ListenerDiagnosis, WireFinding } from '../diagnosis-schema';
import type { EvidenceOrigin, WireEvidence } from '../evidence';
import { evidenceItem } from '../words/evidence';
import { wireFindingWords } from '../words/wire';
import { levelNumber, type ProbeTarget } from '../wire/probe-document';
import { wireLevelLabel } from '../words/probe';

function listenerOf(t: ProbeTarget, listeners: readonly ListenerDiagnosis[]): ListenerDiagnosis | undefined {
  if (t.listener !== undefined) {
    const named = listeners.find((l) => l.name.toLowerCase() === t.listener?.toLowerCase());
    if (named) return named;
  }
  return listeners.find((l) => l.portNumber === t.port);
}

function agreementOf(t: ProbeTarget, configured: number | null): WireFinding['agreement'] {
  const observed =
    t.demandsFips === true ? 4 : t.encryptionLevel !== null ? levelNumber(t.encryptionLevel) : null;
  if (observed === null) return !t.reachable || t.error ? 'unprobed' : 'not-visible';
  if (configured === null) return 'observed-only';
  if (observed === configured) return configured === 4 ? 'confirms' : 'agrees';
  return 'contradicts';
}

export function wireFindings(
  wire: WireEvidence | undefined,
  listeners: readonly ListenerDiagnosis[],
  machineLevel: number | null,
): WireFinding[] {
  if (!wire) return [];
  return wire.targets.map((t) => {
    const listener = listenerOf(t, listeners);
    // Without the listeners read, the machine's level is RDP-Tcp's: the one listener known.
    const configured = listener
      ? listener.effectiveLevel.level
      : listeners.length === 0
        ? machineLevel
        : null;
    const base = {
      ...(listener || t.listener ? { listener: listener?.name ?? t.listener } : {}),
      port: t.port,
      address: t.host,
      ...(t.alsoTried?.length
        ? { alsoTried: t.alsoTried.map((a) => ({ address: a.address, error: a.error.message })) }
        : {}),
      observedLevel: t.encryptionLevel ?? (t.tls?.encryptionLevel === 'fips' ? 'fips' : null),
      demandsFips: t.demandsFips,
      configuredLevel: configured,
      agreement: agreementOf(t, configured),
    } as const;
    const origin: EvidenceOrigin = {
      file: wire.origin.file,
      format: 'wire-probe',
      location: `${t.host}:${t.port}${base.listener ? ` (${base.listener})` : ''}, ${t.time}`,
    };
    const read =
      t.encryptionLevel !== null
        ? `server security data: encryptionLevel ${levelNumber(t.encryptionLevel)} (${wireLevelLabel(t.encryptionLevel)})`
        : t.error
          ? `no answer: ${t.error.message}`
          : 'Standard RDP Security refused: the level is not visible';
    return { ...base, words: wireFindingWords(base, t), evidence: [evidenceItem(origin, read)] };
  });
}

/** A listener the wire shows at FIPS that no setting read here explains. */
export function unexplainedFips(findings: readonly WireFinding[]): WireFinding[] {
  return findings.filter((f) => f.agreement === 'contradicts' && f.demandsFips === true);
}
