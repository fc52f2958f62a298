// diagnose(evidence): which settings force the FIPS encryption level, who set each one, and
// whether it can be fixed on this server. Pure: evidence in, verdict out. The rules are in rules/
// (each named in docs/model.md), the words in words/; this composes them.
import {
  DIAGNOSIS_FORMAT,
  type Cause,
  type Diagnosis,
  type EvidenceGap,
  type EvidenceItem,
  type ListenerDiagnosis,
  type Note,
  type SessionCollection,
} from './diagnosis-schema';
import type { Evidence } from './evidence';
import { fipsDrift, rdpPolicyDrift, type Drift } from './rules/drift';
import { decideFipsSource } from './rules/fips-source';
import {
  inSessionCollection,
  listenerSettingInForce,
  listenersInEvidence,
  type ListenerInEvidence,
} from './rules/listeners';
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
import {
  SECURITY_LAYER_SSL,
  fullValuePathOf,
  managedValue,
  registryPathOf,
  type ManagedValueId,
  type WatchedValueId,
} from './settings';
import {
  COMPLIANCE_NOTE,
  evidenceItem,
  factLine,
  findingNote,
  fipsUnderTlsNote,
  legacyValueNote,
  localGpoOverriddenNote,
  symptomLine,
  symptomNote,
  tcpOverriddenNote,
  tcpUnderUnnamedLevelNote,
  unnamedListenerNote,
  valueLine,
} from './words/evidence';
import { confidenceOf } from './words/confidence';
import { securityLayerWords, userAuthenticationWords } from './words/listeners';
import { comesBackWords, refreshWords } from './words/refresh';
import {
  OTHER_LISTENERS_GAP,
  collectionRemedy,
  driftStep,
  gapFor,
  remedyFor,
  unavailableGap,
  unnamedLevelGap,
  whyDriftBlocks,
  whyItBlocks,
} from './words/remedy';
import { DECIDED_BY_WORDS, levelInForceLabel, summaryOf } from './words/verdict';
import { unexplainedFips, wireFindings } from './rules/wire';
import { unexplainedFipsGap } from './words/wire';

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

/**
 * Readings taken at one place (values absent from a key that does not exist, a key's named values)
 * on one line, so that onceEach keeps every one of them.
 */
function onePerPlace(items: readonly EvidenceItem[]): EvidenceItem[] {
  const out: EvidenceItem[] = [];
  for (const e of items) {
    const i = out.findIndex((o) => o.file === e.file && o.location === e.location);
    const same = i >= 0 ? out[i] : undefined;
    if (same) out[i] = { ...same, read: `${same.read}; ${e.read}` };
    else out.push(e);
  }
  return out;
}

function withEvidenceOnce(n: Note): Note {
  return { ...n, evidence: onceEach(n.evidence) };
}

function evidenceOf(id: ManagedValueId, v: ValueInEvidence): EvidenceItem[] {
  return v.known ? [valueLine(id, v.basis)] : [];
}

/** On a collection host, the collection's configuration owns every listener's level. */
interface ListenerContext {
  readonly listener: string;
  readonly collection?: SessionCollection;
}

function makeCause(
  ev: Evidence,
  id: ManagedValueId,
  state: Known,
  forcesNow: boolean,
  f: SourceDecision,
  drift?: Drift,
  on?: ListenerContext,
): Cause {
  const isFips = isFipsValue(id);
  const describe = (n: number): string => managedValue(id).describe(n);
  const collection = on?.collection;
  // A drifted cause's value is the one its policy puts back; the registry's is in `drift`.
  const data = drift ? drift.policyValue : (state.data ?? 0);
  const rule = refreshRuleOf(ev, id, f);
  const comesBack = comesBackWords(rule);
  const remedy = collection && on ? collectionRemedy(on.listener, collection) : remedyFor(id, f);
  return {
    id,
    ...(on ? { listener: on.listener } : {}),
    setting: isFips ? 'fips-algorithm-policy' : 'rdp-encryption-level',
    source: f.source,
    method: isFips ? 2 : 1,
    fixableLocally: f.source !== 'domain-group-policy' && f.source !== 'unknown' && !collection,
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
    evidence: onceEach([
      valueLine(id, state.basis),
      ...f.basis.map(factLine),
      ...(collection?.evidence ?? []),
    ]),
    remedy: drift ? { ...remedy, steps: [driftStep(), ...remedy.steps] } : remedy,
    refresh: { rule, words: refreshWords(rule, ev) },
    ...(drift
      ? { drift: { registryNow: drift.registryNow, policyValue: drift.policyValue, comesBack } }
      : {}),
    ...(collection ? { sessionCollection: collection } : {}),
  };
}

function sessionCollectionOf(ev: Evidence): SessionCollection | undefined {
  const sd = inSessionCollection(ev);
  if (!sd) return undefined;
  const said = (r: typeof sd.active | undefined, what: string): EvidenceItem[] =>
    r?.state === 'dword' ? [evidenceItem(r.origin, `${what} = ${r.data}`)] : [];
  const evidence = onePerPlace([
    ...said(sd.active, 'SessionDirectoryActive'),
    ...said(sd.policyActive, 'SessionDirectoryActive (policy, "Join RD Connection Broker")'),
    ...(sd.location ? [evidenceItem(sd.origin, `SessionDirectoryLocation = ${sd.location}`)] : []),
    ...(sd.clusterName ? [evidenceItem(sd.origin, `SessionDirectoryClusterName = ${sd.clusterName}`)] : []),
  ]);
  return {
    ...(sd.location ? { broker: sd.location } : {}),
    ...(sd.clusterName ? { collection: sd.clusterName } : {}),
    evidence,
  };
}

type LevelInForce = ReturnType<typeof rdpLevelInForce>;

function listenerDiagnosis(ev: Evidence, l: ListenerInEvidence, inForce: LevelInForce): ListenerDiagnosis {
  const layer = listenerSettingInForce(ev.listenerPolicy?.securityLayer, l.securityLayer);
  const nla = listenerSettingInForce(ev.listenerPolicy?.userAuthentication, l.userAuthentication);
  const readings = [
    l.securityLayer,
    l.userAuthentication,
    ev.listenerPolicy?.securityLayer,
    ev.listenerPolicy?.userAuthentication,
  ];
  const names = [
    'SecurityLayer',
    'UserAuthentication',
    'SecurityLayer (policy)',
    'UserAuthentication (policy)',
  ];
  return {
    name: l.name,
    registryKey: registryPathOf(l.id),
    portNumber: l.portNumber,
    effectiveLevel: {
      level: inForce.level,
      label: `${levelInForceLabel(inForce.level, inForce.decidedBy)}${inForce.decidedBy === 'rdp-tcp-encryption-level' ? ", the listener's own setting" : inForce.decidedBy === 'fips-algorithm-policy' || inForce.decidedBy === 'rdp-encryption-policy' ? DECIDED_BY_WORDS[inForce.decidedBy] : ''}`,
      decidedBy: inForce.decidedBy === 'rdp-tcp-encryption-level' ? 'listener' : inForce.decidedBy,
    },
    securityLayer: {
      value: layer.value,
      label: securityLayerWords(layer),
      setBy: layer.setBy,
      listenerValue: layer.listenerValue,
    },
    userAuthentication: {
      value: nla.value,
      label: userAuthenticationWords(nla),
      setBy: nla.setBy,
      listenerValue: nla.listenerValue,
    },
    evidence: onePerPlace([
      ...evidenceOf(l.id, l.level),
      ...readings.flatMap((r, i) =>
        r
          ? [evidenceItem(r.origin, r.state === 'dword' ? `${names[i]} = ${r.data}` : `no ${names[i]} value`)]
          : [],
      ),
    ]),
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
  const addCause = (
    id: ManagedValueId,
    state: Known,
    forcesNow: boolean,
    f: SourceDecision,
    on?: ListenerContext,
  ): void => {
    notes.push(...f.findings.map(findingNote));
    causes.push(makeCause(ev, id, state, forcesNow, f, undefined, on));
  };
  // Off in the registry, on in the policy that defines it: a cause at the next refresh, never now.
  const addDrift = (id: WatchedValueId, state: Known, d: Drift | undefined): void => {
    if (!d) return;
    notes.push(...d.decision.findings.map(findingNote));
    causes.push(makeCause(ev, id, state, false, d.decision, d));
  };
  const collection = sessionCollectionOf(ev);
  const { listeners, unnamed } = listenersInEvidence(ev);
  const onListener = (listener: string): ListenerContext => ({
    listener,
    ...(collection ? { collection } : {}),
  });

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
        decideRdpTcpSource(ev, 'rdp-tcp-encryption-level'),
        onListener('RDP-Tcp'),
      );
    else
      notes.push(
        tcpOverriddenNote(policyLevel, [
          ...evidenceOf('rdp-tcp-encryption-level', tcp),
          ...evidenceOf('rdp-encryption-policy', policy),
        ]),
      );
  }
  // Every other listener by the same rule: its own 4 blocks unless a policy of another level
  // overrides it (the policy key is machine-wide; that it overrides every listener, not only
  // RDP-Tcp, is read from the template's explain text and is unverified per listener). Under a
  // policy level FipsFix cannot name, its 4 is not what decides: a note, as for RDP-Tcp.
  for (const l of listeners) {
    if (l.id === 'rdp-tcp-encryption-level' || !l.level.known || l.level.data !== FIPS_LEVEL) continue;
    if (unnamedPolicy) notes.push(tcpUnderUnnamedLevelNote(unnamedPolicy, evidenceOf(l.id, l.level), l.name));
    else if (policyLevel === null || policyLevel === FIPS_LEVEL || policyLevel === undefined)
      addCause(
        l.id,
        l.level,
        fipsOn === false && policyLevel === null,
        decideRdpTcpSource(ev, l.id),
        onListener(l.name),
      );
    else
      notes.push(
        tcpOverriddenNote(
          policyLevel,
          [...evidenceOf(l.id, l.level), ...evidenceOf('rdp-encryption-policy', policy)],
          l.name,
        ),
      );
  }
  for (const u of unnamed) notes.push(unnamedListenerNote(u.name, u.minEncryptionLevel.origin));

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
  // Another listener's level matters only where no FIPS option or policy level decides for all.
  const otherListenersMatter =
    fipsOn !== true && !unnamedPolicy && (policyLevel === null || policyLevel === undefined);
  const listenersUnknown = (!ev.listeners || ev.listeners.onlyRdpTcp === true) && otherListenersMatter;
  if (listenersUnknown) gaps.push(OTHER_LISTENERS_GAP);
  for (const u of ev.unavailable) gaps.push(unavailableGap(u.what, u.reason));

  const inForce = rdpLevelInForce({ fipsOn, policyLevel, tcpLevel });
  const effective: Diagnosis['effectiveLevel'] = {
    level: inForce.level,
    label: levelInForceLabel(inForce.level, inForce.decidedBy),
    decidedBy: inForce.decidedBy,
  };

  const listenerResults = listeners.map((l) =>
    listenerDiagnosis(
      ev,
      l,
      l.id === 'rdp-tcp-encryption-level'
        ? inForce
        : rdpLevelInForce({ fipsOn, policyLevel, tcpLevel: l.level.known ? l.level.data : undefined }),
    ),
  );
  for (const c of causes) {
    const l = listenerResults.find((r) => r.name === c.listener);
    if (l && l.securityLayer.value === SECURITY_LAYER_SSL) notes.push(fipsUnderTlsNote(l.name, l.evidence));
  }

  // Observed on the wire: a listener at FIPS that no setting read here explains leaves the verdict
  // open (exit 2), with the gap naming it; it never becomes "not blocked".
  const wire = wireFindings(ev.wire, listenerResults, effective.level);
  const unexplained = unexplainedFips(wire);
  if (causes.length === 0) for (const f of unexplained) gaps.push(unexplainedFipsGap(f));
  const verdict: Diagnosis['verdict'] =
    causes.length > 0
      ? 'blocked'
      : unexplained.length > 0 ||
          effective.decidedBy === 'unknown' ||
          listenersUnknown ||
          listenerResults.some((l) => l.effectiveLevel.decidedBy === 'unknown')
        ? 'incomplete'
        : 'not-blocked';
  const symptom = symptomOf(ev);
  if (symptom && symptom.termDdEvent50 > 0 && verdict === 'not-blocked')
    notes.push(symptomNote(symptom.termDdEvent50, symptom.last ?? '', symptom.evidence));
  const confidence = confidenceOf(
    causes.some((c) => c.drift === undefined),
    symptom,
    wire,
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
    ...(wire.length > 0 ? { wire } : {}),
    ...(listenerResults.length > 0 ? { listeners: listenerResults } : {}),
    ...(collection ? { sessionCollection: collection } : {}),
  };
}
