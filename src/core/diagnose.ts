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
import { decideFipsSource } from './rules/fips-source';
import {
  inSessionCollection,
  listenerSettingInForce,
  listenersInEvidence,
  type ListenerInEvidence,
} from './rules/listeners';
import { decideRdpPolicySource } from './rules/rdp-policy-source';
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
  unnamedListenerNote,
  valueLine,
} from './words/evidence';
import { securityLayerWords, userAuthenticationWords } from './words/listeners';
import {
  OTHER_LISTENERS_GAP,
  collectionRemedy,
  gapFor,
  remedyFor,
  unavailableGap,
  whyItBlocks,
} from './words/remedy';
import { DECIDED_BY_WORDS, levelInForceLabel, summaryOf } from './words/verdict';

// Kept for main/app-service.ts, which imports it from here (it moves to src/app/ in a parallel change).
export { sourceWords } from './words/source';

type Known = Extract<ValueInEvidence, { known: true }>;

const RDP_TCP_DECISION: SourceDecision = { source: 'rdp-tcp-connection', basis: [], findings: [] };

function evidenceOf(id: ManagedValueId, v: ValueInEvidence): EvidenceItem[] {
  return v.known ? [valueLine(id, v.basis)] : [];
}

/** On a collection host, the collection's configuration owns every listener's level. */
interface ListenerContext {
  readonly listener: string;
  readonly collection?: SessionCollection;
}

function makeCause(
  id: ManagedValueId,
  state: Known,
  forcesNow: boolean,
  f: SourceDecision,
  on?: ListenerContext,
): Cause {
  const isFips = isFipsValue(id);
  const data = state.data ?? 0;
  const collection = on?.collection;
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
    registryValue: fullValuePathOf(id),
    value: data,
    valueLabel: managedValue(id).describe(data),
    forcesFipsNow: forcesNow,
    why: whyItBlocks(id, forcesNow),
    evidence: [valueLine(id, state.basis), ...f.basis.map(factLine), ...(collection?.evidence ?? [])],
    remedy: collection && on ? collectionRemedy(on.listener, collection) : remedyFor(id, f),
    ...(collection ? { sessionCollection: collection } : {}),
  };
}

function sessionCollectionOf(ev: Evidence): SessionCollection | undefined {
  const sd = inSessionCollection(ev);
  if (!sd) return undefined;
  const said = (r: typeof sd.active | undefined, what: string): EvidenceItem[] =>
    r?.state === 'dword' ? [evidenceItem(r.origin, `${what} = ${r.data}`)] : [];
  const evidence = [
    ...said(sd.active, 'SessionDirectoryActive'),
    ...said(sd.policyActive, 'SessionDirectoryActive (policy, "Join RD Connection Broker")'),
    ...(sd.location ? [evidenceItem(sd.origin, `SessionDirectoryLocation = ${sd.location}`)] : []),
    ...(sd.clusterName ? [evidenceItem(sd.origin, `SessionDirectoryClusterName = ${sd.clusterName}`)] : []),
  ];
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
    evidence: [
      ...evidenceOf(l.id, l.level),
      ...readings.flatMap((r, i) =>
        r
          ? [evidenceItem(r.origin, r.state === 'dword' ? `${names[i]} = ${r.data}` : `no ${names[i]} value`)]
          : [],
      ),
    ],
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
    causes.push(makeCause(id, state, forcesNow, f, on));
  };
  const collection = sessionCollectionOf(ev);
  const { listeners, unnamed } = listenersInEvidence(ev);
  const onListener = (listener: string): ListenerContext => ({
    listener,
    ...(collection ? { collection } : {}),
  });

  if (fipsOn && fips.known) addCause(fipsId, fips, true, decideFipsSource(ev, fipsId));
  if (policy.known && policyLevel === FIPS_LEVEL)
    addCause('rdp-encryption-policy', policy, fipsOn === false, decideRdpPolicySource(ev));
  if (tcp.known && tcpLevel === FIPS_LEVEL) {
    // A policy of 4 makes the RDP-Tcp 4 beneath it a cause too: the policy may be removed rather
    // than lowered. Under a policy of another level it blocks nothing.
    if (policyLevel === null || policyLevel === FIPS_LEVEL || policyLevel === undefined)
      addCause(
        'rdp-tcp-encryption-level',
        tcp,
        fipsOn === false && policyLevel === null,
        RDP_TCP_DECISION,
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
  // RDP-Tcp, is read from the template's explain text and is unverified per listener).
  for (const l of listeners) {
    if (l.id === 'rdp-tcp-encryption-level' || !l.level.known || l.level.data !== FIPS_LEVEL) continue;
    if (policyLevel === null || policyLevel === FIPS_LEVEL || policyLevel === undefined)
      addCause(l.id, l.level, fipsOn === false && policyLevel === null, RDP_TCP_DECISION, onListener(l.name));
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
  const pol = ev.localGpo?.rdpEncryptionPolicy;
  if (pol?.state === 'set' && pol.data === FIPS_LEVEL && policy.known && policyLevel !== FIPS_LEVEL)
    notes.push(
      localGpoOverriddenNote(policyLevel ?? null, pol.origin, evidenceOf('rdp-encryption-policy', policy)),
    );

  if (!preVista && legacy.known && legacy.data === 1 && fipsOn !== true)
    notes.push(legacyValueNote(evidenceOf('fips-algorithm-policy-legacy', legacy)));

  if (causes.some((c) => c.setting === 'fips-algorithm-policy')) notes.push(COMPLIANCE_NOTE);

  const gaps: EvidenceGap[] = [];
  if (!fips.known) gaps.push(gapFor(fipsId));
  if (!policy.known) gaps.push(gapFor('rdp-encryption-policy'));
  if (!tcp.known && (policyLevel === null || policyLevel === undefined))
    gaps.push(gapFor('rdp-tcp-encryption-level'));
  // Another listener's level matters only where no FIPS option or policy level decides for all.
  const otherListenersMatter = fipsOn !== true && (policyLevel === null || policyLevel === undefined);
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

  const verdict: Diagnosis['verdict'] =
    causes.length > 0
      ? 'blocked'
      : effective.decidedBy === 'unknown' ||
          listenersUnknown ||
          listenerResults.some((l) => l.effectiveLevel.decidedBy === 'unknown')
        ? 'incomplete'
        : 'not-blocked';
  const symptom = symptomOf(ev);
  if (symptom && symptom.termDdEvent50 > 0 && verdict === 'not-blocked')
    notes.push(symptomNote(symptom.termDdEvent50, symptom.last ?? '', symptom.evidence));

  return {
    format: DIAGNOSIS_FORMAT,
    machine: { ...ev.machine },
    verdict,
    blocksRemoteAssistance: verdict === 'blocked',
    summary: summaryOf(verdict, causes, gaps),
    effectiveLevel: effective,
    causes,
    notes,
    evidenceGaps: gaps,
    symptom,
    ...(listenerResults.length > 0 ? { listeners: listenerResults } : {}),
    ...(collection ? { sessionCollection: collection } : {}),
  };
}
