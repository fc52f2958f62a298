// What the collectors would read on a simulated machine: the registry, the secedit export, an
// (elevated or not) gpresult and the local Registry.pol — the same Evidence the folder reader and
// the Windows backend produce, so the core cannot tell them apart.
import type {
  Evidence,
  EvidenceOrigin,
  GpoRef,
  GroupPolicySetting,
  RegistryReading,
  SecurityOptionReading,
  UnavailableEvidence,
} from '../../core/evidence';
import { listenerEvidenceFrom, type KeyLookup, type KeyView } from '../../core/listener-evidence';
import { LOCAL_GPO } from '../../core/rules/domain-gpo';
import {
  WATCHED_VALUE_IDS,
  WATCHED_VALUES,
  fullValuePathOf,
  managedValue,
  sameRegistryName,
  type ManagedValueId,
  type WatchedValueId,
} from '../../core/settings';
import type { DomainGpo, SimulatedMachine, SimulatedRegistryValue } from './simulated-machine-schema';

export function findKey(
  m: SimulatedMachine,
  key: string,
): [string, Record<string, SimulatedRegistryValue>] | undefined {
  for (const [k, values] of Object.entries(m.registry)) if (sameRegistryName(k, key)) return [k, values];
  return undefined;
}

export function readSimulatedValue(
  m: SimulatedMachine,
  id: ManagedValueId,
): SimulatedRegistryValue | undefined {
  const w = managedValue(id);
  const found = findKey(m, w.key);
  if (!found) return undefined;
  for (const [name, v] of Object.entries(found[1])) if (sameRegistryName(name, w.name)) return v;
  return undefined;
}

function origin(m: SimulatedMachine, location: string): EvidenceOrigin {
  return { file: `simulated machine "${m.name}"`, format: 'simulated-machine', location };
}

/** A key of the simulated registry as the registry would show it: its values, and its direct subkeys. */
export function simulatedKeyView(m: SimulatedMachine, key: string): KeyView | undefined {
  const found = findKey(m, key);
  const prefix = `${key.toUpperCase()}\\`;
  const subkeys = Object.keys(m.registry)
    .filter((k) => k.toUpperCase().startsWith(prefix))
    .map((k) => k.slice(prefix.length).split('\\')[0] ?? '')
    .filter((n, i, all) => n !== '' && all.findIndex((x) => sameRegistryName(x, n)) === i);
  // A key that only has subkeys exists too, as on Windows.
  if (!found && subkeys.length === 0) return undefined;
  const path = found?.[0] ?? key;
  const values = found?.[1] ?? {};
  return {
    path,
    subkeys,
    value: (name) => {
      const hit = Object.entries(values).find(([n]) => sameRegistryName(n, name));
      return hit ? hit[1] : undefined;
    },
    origin: (name, present) =>
      origin(m, name === '' ? `HKLM\\${path}` : `HKLM\\${path}\\${name}${present ? '' : ' (absent)'}`),
  };
}

/** The simulated registry is the whole registry: a key it does not have does not exist. */
function simulatedLookup(m: SimulatedMachine): KeyLookup {
  return (key) => simulatedKeyView(m, key) ?? { absent: origin(m, `HKLM\\${key} does not exist`) };
}

/** The security database: what secpol.msc set, then each domain GPO in order (the last wins), else a tattoo. */
export function securityDatabaseFips(
  m: SimulatedMachine,
): { data: 0 | 1; by: GpoRef | 'local' | 'tattoo' } | undefined {
  let result: { data: 0 | 1; by: GpoRef | 'local' | 'tattoo' } | undefined;
  if (m.localSecurityPolicy.fipsAlgorithmPolicy !== undefined)
    result = { data: m.localSecurityPolicy.fipsAlgorithmPolicy, by: 'local' };
  for (const g of m.domainGpos)
    if (g.fipsAlgorithmPolicy !== undefined) result = { data: g.fipsAlgorithmPolicy, by: domainRef(g) };
  if (!result && m.tattooedSecurityOptions.fipsAlgorithmPolicy !== undefined)
    result = { data: m.tattooedSecurityOptions.fipsAlgorithmPolicy, by: 'tattoo' };
  return result;
}

function domainRef(g: DomainGpo): GpoRef {
  return { id: g.id, name: g.name, isLocal: false, linkedAt: g.linkedAt };
}

function gpresultSettings(m: SimulatedMachine): GroupPolicySetting[] {
  // Applied in order local, then domain GPOs; gpresult numbers the winner (the last) 1.
  const fips: { gpo: GpoRef; data: number }[] = [];
  const rdp: { gpo: GpoRef; data: number | null; kind: GroupPolicySetting['kind'] }[] = [];
  const local = { ...LOCAL_GPO, linkedAt: 'Local' };
  if (m.localSecurityPolicy.fipsAlgorithmPolicy !== undefined)
    fips.push({ gpo: local, data: m.localSecurityPolicy.fipsAlgorithmPolicy });
  const pol = m.localGpo.rdpEncryptionLevel;
  if (typeof pol === 'number')
    rdp.push({ gpo: local, data: pol, kind: pol === 4 ? 'registry-setting' : 'administrative-template' });
  for (const g of m.domainGpos) {
    if (g.fipsAlgorithmPolicy !== undefined) fips.push({ gpo: domainRef(g), data: g.fipsAlgorithmPolicy });
    const r = g.rdpEncryptionLevel;
    if (r && 'template' in r)
      rdp.push({
        gpo: domainRef(g),
        data: r.template === 'disabled' ? null : r.template,
        kind: 'administrative-template',
      });
    if (r && 'registryValue' in r)
      rdp.push({ gpo: domainRef(g), data: r.registryValue, kind: 'registry-setting' });
  }
  const out: GroupPolicySetting[] = [];
  fips.forEach((s, i) => {
    const precedence = fips.length - i;
    out.push({
      setting: 'fips-algorithm-policy',
      gpo: s.gpo,
      precedence,
      data: s.data,
      kind: 'security-option',
      origin: origin(m, `gpresult: security option in GPO "${s.gpo.name}", precedence ${precedence}`),
    });
  });
  rdp.forEach((s, i) => {
    const precedence = rdp.length - i;
    out.push({
      setting: 'rdp-encryption-policy',
      gpo: s.gpo,
      precedence,
      data: s.data,
      kind: s.kind,
      origin: origin(
        m,
        `gpresult: "Set client connection encryption level" in GPO "${s.gpo.name}", precedence ${precedence}`,
      ),
    });
  });
  return out;
}

/**
 * `elevated`: the reading process is elevated (FipsFix's elevated step), so gpresult has its computer
 * part even where the machine's `tools.gpresult` says a plain run of it does not.
 */
export function evidenceFromSimulatedMachine(
  m: SimulatedMachine,
  options: { readonly elevated?: boolean } = {},
): Evidence {
  const registry: Partial<Record<WatchedValueId, RegistryReading>> = {};
  for (const id of WATCHED_VALUE_IDS) {
    const v = readSimulatedValue(m, id);
    const o = origin(m, fullValuePathOf(id));
    // The schema allows any REG_DWORD; the registry readers refuse what Windows would not accept.
    registry[id] =
      v && v.type === 'REG_DWORD'
        ? { state: 'dword', data: v.data, origin: o }
        : { state: 'absent', origin: o };
  }
  const unavailable: UnavailableEvidence[] = [];
  let securityPolicy: Evidence['securityPolicy'];
  if (m.tools.secedit === 'available') {
    const db = securityDatabaseFips(m);
    const legacy = m.localSecurityPolicy.fipsAlgorithmPolicyLegacy;
    const reading = (data: number | undefined, id: WatchedValueId): SecurityOptionReading =>
      data === undefined
        ? {
            state: 'not-defined',
            origin: origin(
              m,
              `secedit export: no ${WATCHED_VALUES[id].key}\\${WATCHED_VALUES[id].name} line`,
            ),
          }
        : {
            state: 'defined',
            data,
            origin: origin(
              m,
              `secedit export: MACHINE\\${WATCHED_VALUES[id].key}\\${WATCHED_VALUES[id].name}=4,${data}`,
            ),
          };
    securityPolicy = {
      fips: reading(db?.data, 'fips-algorithm-policy'),
      fipsLegacy: reading(legacy, 'fips-algorithm-policy-legacy'),
    };
  } else {
    unavailable.push({ what: 'security-policy', reason: 'secedit is not available on this machine' });
  }
  let groupPolicy: Evidence['groupPolicy'];
  if (m.tools.gpresult === 'elevated' || (m.tools.gpresult === 'unelevated' && options.elevated === true)) {
    groupPolicy = {
      computerResults: 'present',
      computerName: m.name,
      gpos: [{ ...LOCAL_GPO, linkedAt: 'Local' }, ...m.domainGpos.map(domainRef)],
      settings: gpresultSettings(m),
      origin: origin(m, `gpresult /scope computer: ${m.domainGpos.length + 1} GPOs applied`),
    };
  } else if (m.tools.gpresult === 'unelevated') {
    groupPolicy = {
      computerResults: 'missing',
      origin: origin(m, 'gpresult run without elevation: no computer part'),
    };
  } else {
    unavailable.push({ what: 'group-policy-result', reason: 'gpresult is not available on this machine' });
  }
  const pol = m.localGpo.rdpEncryptionLevel;
  const polOrigin = origin(
    m,
    `local GPO Registry.pol: ${WATCHED_VALUES['rdp-encryption-policy'].key}\\MinEncryptionLevel`,
  );
  return {
    machine: { name: m.name, osVersion: m.os.version, osCaption: m.os.caption },
    registry,
    ...listenerEvidenceFrom(simulatedLookup(m), `simulated machine "${m.name}"`),
    ...(securityPolicy ? { securityPolicy } : {}),
    ...(groupPolicy ? { groupPolicy } : {}),
    localGpo: {
      rdpEncryptionPolicy:
        pol === undefined
          ? { state: 'not-defined', origin: polOrigin }
          : pol === 'deleted'
            ? { state: 'deleted', origin: polOrigin }
            : { state: 'set', data: pol, origin: polOrigin },
    },
    ...(m.termDdEvents.length > 0
      ? {
          termDd: {
            events: m.termDdEvents.map((e) => ({ ...e, computer: m.name })),
            origin: origin(m, 'System log, TermDD event 50'),
          },
        }
      : {}),
    unavailable,
  };
}
