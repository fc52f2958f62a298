// diagnose(evidence): which settings force the FIPS encryption level, who set each one, and
// whether it can be fixed on this server. Pure: evidence in, verdict out. The rules are in rules/
// (each named in docs/model.md), the words in words/; this composes them.
import {
  DIAGNOSIS_FORMAT,
  type Cause,
  type Diagnosis,
  type EvidenceGap,
  type EvidenceItem,
  type Note,
} from './diagnosis-schema';
import type { Evidence } from './evidence';
import { fipsDrift, rdpPolicyDrift, type Drift } from './rules/drift';
import { decideFipsSource } from './rules/fips-source';
import { refreshRuleOf } from './rules/refresh';
import { unnamedRdpLevelWinner } from './rules/policy-routes';
import { decideRdpPolicySource, decideRdpTcpSource } from './rules/rdp-policy-source';
import type { SourceDecision } from './rules/source-decision';
import {
  FIPS_LEVEL,
  forcesFips,
  isFipsValue,
  isPreVista,
  rdpLevelInForce,
  valueInEvidence,
  type FipsValueId,
  type ValueInEvidence,
} from './rules/value-in-force';
import { WATCHED_VALUES, fullValuePathOf, type WatchedValueId } from './settings';
import {
  COMPLIANCE_NOTE,
  factLine,
  findingNote,
  legacyValueNote,
  localGpoOverriddenNote,
  symptomLine,
  symptomNote,
  tcpOverriddenNote,
  tcpUnderUnnamedLevelNote,
  valueLine,
} from './words/evidence';
import { confidenceOf } from './words/confidence';
import { comesBackWords, refreshWords } from './words/refresh';
import {
  driftStep,
  gapFor,
  remedyFor,
  unavailableGap,
  unnamedLevelGap,
  whyDriftBlocks,
  whyItBlocks,
} from './words/remedy';
import { levelInForceLabel, summaryOf } from './words/verdict';

type Known = Extract<ValueInEvidence, { known: true }>;

/** One piece of evidence is listed once per cause or note: the first line for a file and place wins. */
function onceEach(items: readonly EvidenceItem[]): EvidenceItem[] {
  const seen = new Set<string>();
  return items.filter((e) => {
    const k = `${e.file}\u0000${e.location}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function withEvidenceOnce(n: Note): Note {
  return { ...n, evidence: onceEach(n.evidence) };
}

function evidenceOf(id: WatchedValueId, v: ValueInEvidence): EvidenceItem[] {
  return v.known ? [valueLine(id, v.basis)] : [];
}

function makeCause(
  ev: Evidence,
  id: WatchedValueId,
  state: Known,
  forcesNow: boolean,
  f: SourceDecision,
  drift?: Drift,
): Cause {
  const isFips = isFipsValue(id);
  const describe = (n: number): string => WATCHED_VALUES[id].describe(n);
  // A drifted cause's value is the one its policy puts back; the registry's is in `drift`.
  const data = drift ? drift.policyValue : (state.data ?? 0);
  const rule = refreshRuleOf(ev, id, f);
  const comesBack = comesBackWords(rule);
  const remedy = remedyFor(id, f);
  return {
    id,
    setting: isFips ? 'fips-algorithm-policy' : 'rdp-encryption-level',
    source: f.source,
    method: isFips ? 2 : 1,
    fixableLocally: f.source !== 'domain-group-policy' && f.source !== 'unknown',
    ...(f.gpo && (f.source === 'domain-group-policy' || f.source === 'local-group-policy')
      ? { gpo: { name: f.gpo.name, id: f.gpo.id, ...(f.gpo.linkedAt ? { linkedAt: f.gpo.linkedAt } : {}) } }
      : {}),
    ...(f.via && (f.source === 'domain-group-policy' || f.source === 'local-group-policy')
      ? { route: f.via }
      : {}),
    ...(f.tattoo ? { tattoo: true as const } : {}),
    registryValue: fullValuePathOf(id),
    value: data,
    valueLabel: drift
      ? `${drift.registryNow === null ? 'absent' : describe(drift.registryNow)} now, but its policy puts back ${describe(data)}`
      : describe(data),
    forcesFipsNow: forcesNow,
    why: drift ? whyDriftBlocks(id, drift.registryNow) : whyItBlocks(id, forcesNow),
    evidence: onceEach([valueLine(id, state.basis), ...f.basis.map(factLine)]),
    remedy: drift ? { ...remedy, steps: [driftStep(), ...remedy.steps] } : remedy,
    refresh: { rule, words: refreshWords(rule, ev) },
    ...(drift
      ? { drift: { registryNow: drift.registryNow, policyValue: drift.policyValue, comesBack } }
      : {}),
  };
}

function symptomOf(ev: Evidence): Diagnosis['symptom'] {
  if (!ev.termDd) return null;
  const times = ev.termDd.events
    .filter((e) => e.component.trim().toUpperCase() === 'DATA ENCRYPTION')
    .map((e) => e.time)
    .sort();
  return {
    termDdEvent50: times.length,
    ...(times.length > 0 ? { first: times[0], last: times[times.length - 1] } : {}),
    evidence: [symptomLine(ev.termDd, times)],
  };
}

/** The same note from two causes (a finding both source rules made) is said once. */
function distinctNotes(notes: readonly Note[]): Note[] {
  const seen = new Set<string>();
  return notes.map(withEvidenceOnce).filter((n) => {
    const k = `${n.kind}\u0000${n.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function diagnose(ev: Evidence): Diagnosis {
  const preVista = isPreVista(ev.machine.osVersion);
  const fipsId: FipsValueId = preVista ? 'fips-algorithm-policy-legacy' : 'fips-algorithm-policy';
  const fips = valueInEvidence(ev, fipsId);
  const legacy = valueInEvidence(ev, 'fips-algorithm-policy-legacy');
  const policy = valueInEvidence(ev, 'rdp-encryption-policy');
  const tcp = valueInEvidence(ev, 'rdp-tcp-encryption-level');

  const fipsOn = fips.known ? forcesFips(fipsId, fips.data) : undefined;
  const policyLevel = policy.known ? policy.data : undefined; // null: not set by policy
  const tcpLevel = tcp.known ? tcp.data : undefined;

  const causes: Cause[] = [];
  const notes: Note[] = [];
  const addCause = (id: WatchedValueId, state: Known, forcesNow: boolean, f: SourceDecision): void => {
    notes.push(...f.findings.map(findingNote));
    causes.push(makeCause(ev, id, state, forcesNow, f));
  };
  // Off in the registry, on in the policy that defines it: a cause at the next refresh, never now.
  const addDrift = (id: WatchedValueId, state: Known, d: Drift | undefined): void => {
    if (!d) return;
    notes.push(...d.decision.findings.map(findingNote));
    causes.push(makeCause(ev, id, state, false, d.decision, d));
  };

  if (fipsOn && fips.known) addCause(fipsId, fips, true, decideFipsSource(ev, fipsId));
  else if (fips.known) addDrift(fipsId, fips, fipsDrift(ev, fipsId));
  if (policy.known && policyLevel === FIPS_LEVEL)
    addCause('rdp-encryption-policy', policy, fipsOn === false, decideRdpPolicySource(ev));
  else if (policy.known) addDrift('rdp-encryption-policy', policy, rdpPolicyDrift(ev));
  // The RDP policy enabled at a level FipsFix cannot name, with the policy value itself unread: the
  // policy overrides the listener, at a level not known (docs/model.md, "A level FipsFix cannot name").
  const gp = ev.groupPolicy;
  const unnamedPolicy =
    !policy.known && gp?.computerResults === 'present' ? unnamedRdpLevelWinner(gp) : undefined;
  if (tcp.known && tcpLevel === FIPS_LEVEL) {
    // A policy of 4 makes the RDP-Tcp 4 beneath it a cause too: the policy may be removed rather
    // than lowered. Under a policy of another level it blocks nothing.
    if (unnamedPolicy)
      notes.push(tcpUnderUnnamedLevelNote(unnamedPolicy, evidenceOf('rdp-tcp-encryption-level', tcp)));
    else if (policyLevel === null || policyLevel === FIPS_LEVEL || policyLevel === undefined)
      addCause(
        'rdp-tcp-encryption-level',
        tcp,
        fipsOn === false && policyLevel === null,
        decideRdpTcpSource(ev),
      );
    else
      notes.push(
        tcpOverriddenNote(policyLevel, [
          ...evidenceOf('rdp-tcp-encryption-level', tcp),
          ...evidenceOf('rdp-encryption-policy', policy),
        ]),
      );
  }

  // A local GPO value that a domain GPO overrides blocks nothing, but an administrator reading
  // gpedit.msc will see it and wonder.
  // A `**soft.` record that found a value there set nothing: it is not overridden, just idle.
  const pol = ev.localGpo?.rdpEncryptionPolicy;
  if (
    pol?.state === 'set' &&
    pol.soft !== true &&
    pol.data === FIPS_LEVEL &&
    policy.known &&
    policyLevel !== FIPS_LEVEL
  )
    notes.push(
      localGpoOverriddenNote(policyLevel ?? null, pol.origin, evidenceOf('rdp-encryption-policy', policy)),
    );

  if (!preVista && legacy.known && legacy.data === 1 && fipsOn !== true)
    notes.push(legacyValueNote(evidenceOf('fips-algorithm-policy-legacy', legacy)));

  if (causes.some((c) => c.setting === 'fips-algorithm-policy')) notes.push(COMPLIANCE_NOTE);

  const gaps: EvidenceGap[] = [];
  if (!fips.known) gaps.push(gapFor(fipsId));
  if (unnamedPolicy) gaps.push(unnamedLevelGap(unnamedPolicy));
  else if (!policy.known) gaps.push(gapFor('rdp-encryption-policy'));
  if (!tcp.known && !unnamedPolicy && (policyLevel === null || policyLevel === undefined))
    gaps.push(gapFor('rdp-tcp-encryption-level'));
  for (const u of ev.unavailable) gaps.push(unavailableGap(u.what, u.reason));

  const inForce = rdpLevelInForce({ fipsOn, policyLevel, tcpLevel });
  const effective: Diagnosis['effectiveLevel'] = {
    level: inForce.level,
    label: levelInForceLabel(inForce.level, inForce.decidedBy),
    decidedBy: inForce.decidedBy,
  };

  const verdict: Diagnosis['verdict'] =
    causes.length > 0 ? 'blocked' : effective.decidedBy === 'unknown' ? 'incomplete' : 'not-blocked';
  const symptom = symptomOf(ev);
  if (symptom && symptom.termDdEvent50 > 0 && verdict === 'not-blocked')
    notes.push(symptomNote(symptom.termDdEvent50, symptom.last ?? '', symptom.evidence));
  const confidence = confidenceOf(
    causes.some((c) => c.drift === undefined),
    symptom,
    ev.wireProbe,
  );

  return {
    format: DIAGNOSIS_FORMAT,
    machine: { ...ev.machine },
    verdict,
    blocksRemoteAssistance: verdict === 'blocked',
    summary: summaryOf(verdict, causes, gaps),
    effectiveLevel: effective,
    causes,
    notes: distinctNotes(notes),
    evidenceGaps: gaps,
    confidence,
    symptom,
  };
}
