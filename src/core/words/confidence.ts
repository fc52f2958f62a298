// How sure a diagnosis is, in words: from the settings alone, with TermDD event 50 seen, or seen on
// the wire (a probe of the listener, Evidence.wire). That the FIPS level refuses Windows 10 clients is
// KB 811770's claim; the events and the wire are what this server shows.
import type { Diagnosis, WireFinding } from '../diagnosis-schema';

type Confidence = NonNullable<Diagnosis['confidence']>;

export function confidenceOf(
  blockedNow: boolean,
  symptom: Diagnosis['symptom'],
  wire: readonly WireFinding[],
): Confidence {
  const events = symptom?.termDdEvent50 ?? 0;
  const confirming = wire.filter((f) => f.agreement === 'confirms');
  const probed = wire.some((f) => f.agreement !== 'unprobed');
  if (blockedNow && confirming.length > 0)
    return {
      level: 'seen-on-wire',
      words: `Seen on the wire: ${confirming.map((f) => `the listener on port ${f.port}${f.listener ? ` (${f.listener})` : ''}`).join(', ')} answered with the FIPS encryption level.`,
      evidence: confirming.flatMap((f) => f.evidence),
    };
  const wireWords = probed
    ? 'The wire did not show the FIPS level (see "Observed on the wire").'
    : 'nothing was probed on the wire.';
  if (blockedNow && events > 0)
    return {
      level: 'configured-and-event',
      words: `The settings force the FIPS level, and the System log has ${events} TermDD event 50 (DATA ENCRYPTION), the last at ${symptom?.last ?? '?'}: clients were refused as KB 811770 describes. ${probed ? wireWords : 'Not probed on the wire.'}`,
      evidence: symptom?.evidence ?? [],
    };
  return {
    level: 'configured',
    words: blockedNow
      ? `From the settings only: that they refuse Windows 10 clients is KB 811770's claim. No TermDD event 50 (DATA ENCRYPTION) was seen here, and ${probed ? wireWords.charAt(0).toLowerCase() + wireWords.slice(1) : wireWords}`
      : `From the settings only: ${wireWords}`,
    evidence: [],
  };
}
