// How sure a diagnosis is, in words: from the settings alone, with TermDD event 50 seen, or seen on
// the wire (issue 13's probe fills Evidence.wireProbe). That the FIPS level refuses Windows 10
// clients is KB 811770's claim; the events and the wire are what this server shows.
import type { Diagnosis } from '../diagnosis-schema';
import type { WireProbeResult } from '../evidence';
import { evidenceItem } from './evidence';

type Confidence = NonNullable<Diagnosis['confidence']>;

export function confidenceOf(
  blockedNow: boolean,
  symptom: Diagnosis['symptom'],
  wire: WireProbeResult | undefined,
): Confidence {
  const events = symptom?.termDdEvent50 ?? 0;
  if (blockedNow && wire && wire.encryptionLevel === 4)
    return {
      level: 'seen-on-wire',
      words: `Seen on the wire: the listener on port ${wire.port} answered with the FIPS encryption level (${wire.time}).`,
      evidence: [
        evidenceItem(wire.origin, `server security data: encryptionLevel 4 (FIPS), port ${wire.port}`),
      ],
    };
  if (blockedNow && events > 0)
    return {
      level: 'configured-and-event',
      words: `The settings force the FIPS level, and the System log has ${events} TermDD event 50 (DATA ENCRYPTION), the last at ${symptom?.last ?? '?'}: clients were refused as KB 811770 describes. Not probed on the wire.`,
      evidence: symptom?.evidence ?? [],
    };
  return {
    level: 'configured',
    words: blockedNow
      ? "From the settings only: that they refuse Windows 10 clients is KB 811770's claim. No TermDD event 50 (DATA ENCRYPTION) was seen here, and nothing was probed on the wire."
      : 'From the settings only: nothing was probed on the wire.',
    evidence: [],
  };
}
