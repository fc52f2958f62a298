// What the collectors would read on a simulated machine: the registry, the secedit export, an
// (elevated or not) gpresult and the local Registry.pol — the same Evidence the folder reader and
// the Windows backend produce, so the core cannot tell them apart.
import type {
  Evidence,
  EvidenceOrigin,
  GpoRef,
  GroupPolicyResult,
  GroupPolicySetting,
  GroupPolicySettingId,
  PolicyRegistryValue,
  PreferenceAction,
  RegistryReading,
  SecurityOptionReading,
  SecurityPolicyExport,
  SeceditExportKind,
  UnavailableEvidence,
  UnmappedTemplate,
  UnnamedRdpPolicyLevel,
} from '../../core/evidence';
import { combineGroupPolicy } from '../../core/formats/combine-group-policy';
import { listenerEvidenceFrom, type KeyLookup, type KeyView } from '../../core/listener-evidence';
import { LOCAL_GPO } from '../../core/rules/domain-gpo';
import {
  REGISTRY_PROCESSING_KEY,
  WATCHED_VALUE_IDS,
  WATCHED_VALUES,
  fullValuePathOf,
  managedValue,
  managedValueAt,
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

/**
 * What a plain `secedit /export` shows: the local database's own policy (secpol.msc), else a tattoo.
 * Domain GPOs are only in the merged export (`securityDatabaseFips`).
 */
export function localDatabaseFips(m: SimulatedMachine): 0 | 1 | undefined {
  return m.localSecurityPolicy.fipsAlgorithmPolicy ?? m.tattooedSecurityOptions.fipsAlgorithmPolicy;
}

function domainRef(g: DomainGpo): GpoRef {
  return { id: g.id, name: g.name, isLocal: false, linkedAt: g.linkedAt };
}

/** One GPO's write to a watched value, by one route, in the order Group Policy applies them. */
export interface PolicyWrite {
  readonly setting: GroupPolicySettingId;
  readonly gpo: GpoRef;
  readonly data: number | null;
  readonly kind: GroupPolicySetting['kind'];
  readonly action?: PreferenceAction;
  /** gpresult cannot tell the level (a drop-down text FipsFix cannot name); RSoP has `data`. */
  readonly shown?: string;
  /** A `**soft.` record of the local GPO: gpresult's rendering of it is unverified, so it is left out. */
  readonly soft?: true;
  /** Written by a template FipsFix cannot map: RSoP shows the write, gpresult only the name. */
  readonly byUnmappedTemplate?: true;
}

/** Every write a policy refresh makes, in the order Group Policy applies the GPOs. */
export function writesOf(m: SimulatedMachine): { writes: PolicyWrite[]; unmapped: UnmappedTemplate[] } {
  const writes: PolicyWrite[] = [];
  const unmapped: UnmappedTemplate[] = [];
  const local = { ...LOCAL_GPO, linkedAt: 'Local' };
  if (m.localSecurityPolicy.fipsAlgorithmPolicy !== undefined)
    writes.push({
      setting: 'fips-algorithm-policy',
      gpo: local,
      data: m.localSecurityPolicy.fipsAlgorithmPolicy,
      kind: 'security-option',
    });
  const pol = m.localGpo.rdpEncryptionLevel;
  if (typeof pol === 'number')
    writes.push({
      setting: 'rdp-encryption-policy',
      gpo: local,
      data: pol,
      kind: pol === 4 ? 'registry-setting' : 'administrative-template',
      ...(m.localGpo.soft ? { soft: true as const } : {}),
    });
  for (const g of m.domainGpos) {
    const gpo = domainRef(g);
    if (g.fipsAlgorithmPolicy !== undefined)
      writes.push({
        setting: 'fips-algorithm-policy',
        gpo,
        data: g.fipsAlgorithmPolicy,
        kind: 'security-option',
      });
    const r = g.rdpEncryptionLevel;
    if (r && 'template' in r)
      writes.push({
        setting: 'rdp-encryption-policy',
        gpo,
        data: r.template === 'disabled' ? null : r.template,
        kind: 'administrative-template',
      });
    if (r && 'registryValue' in r)
      writes.push({ setting: 'rdp-encryption-policy', gpo, data: r.registryValue, kind: 'registry-setting' });
    if (r && 'unnamedLevel' in r)
      writes.push({
        setting: 'rdp-encryption-policy',
        gpo,
        data: r.unnamedLevel.data,
        kind: 'administrative-template',
        shown: r.unnamedLevel.shown,
      });
    for (const item of g.registryItems) {
      const setting = managedValueAt(item.key, item.name);
      if (setting) writes.push({ setting, gpo, data: item.data, kind: 'registry-setting' });
    }
    for (const p of g.preferences) {
      const setting = managedValueAt(p.key, p.name);
      if (setting)
        writes.push({
          setting,
          gpo,
          data: p.action === 'D' ? null : (p.data ?? null),
          kind: 'preference',
          action: p.action,
        });
    }
    for (const t of g.unmappedTemplates) {
      unmapped.push({
        name: t.name,
        state: t.state,
        gpo,
        precedence: 1,
        origin: origin(m, `gpresult: Policy "${t.name}" ${t.state} in GPO "${g.name}"`),
      });
      const setting = t.writes && managedValueAt(t.writes.key, t.writes.name);
      // RSoP shows what the template writes, with its key; gpresult shows only its name.
      if (t.writes && setting)
        writes.push({
          setting,
          gpo,
          data: t.writes.data,
          kind: 'administrative-template',
          byUnmappedTemplate: true,
        });
    }
  }
  return { writes, unmapped };
}

/**
 * gpresult numbers each setting's GPOs by precedence, the last applied 1, within one extension: the
 * security options, the registry extension (templates and registry settings), the Preferences.
 */
function extensionOf(kind: GroupPolicySetting['kind']): string {
  return kind === 'security-option' || kind === 'preference' ? kind : 'registry';
}

function numbered(writes: readonly PolicyWrite[]): (PolicyWrite & { precedence: number })[] {
  const counts = new Map<string, number>();
  const key = (w: PolicyWrite): string => `${w.setting}/${extensionOf(w.kind)}`;
  for (const w of writes) counts.set(key(w), (counts.get(key(w)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return writes.map((w) => {
    const i = seen.get(key(w)) ?? 0;
    seen.set(key(w), i + 1);
    return { ...w, precedence: (counts.get(key(w)) ?? 0) - i };
  });
}

function gpresultSettings(
  m: SimulatedMachine,
  writes: readonly PolicyWrite[],
): {
  settings: GroupPolicySetting[];
  unnamed: UnnamedRdpPolicyLevel[];
} {
  const settings: GroupPolicySetting[] = [];
  const unnamed: UnnamedRdpPolicyLevel[] = [];
  // gpresult shows a custom template by its name only: its write is in `unmappedTemplates`.
  for (const w of numbered(writes.filter((x) => !x.soft && !x.byUnmappedTemplate))) {
    if (w.shown !== undefined) {
      unnamed.push({
        shown: w.shown,
        gpo: w.gpo,
        precedence: w.precedence,
        origin: origin(
          m,
          `gpresult: "Set client connection encryption level" Enabled, "${w.shown}", in GPO "${w.gpo.name}", precedence ${w.precedence}`,
        ),
      });
      continue;
    }
    const what =
      w.kind === 'security-option'
        ? 'security option'
        : w.kind === 'preference'
          ? `Preferences registry item (${w.action ?? 'U'})`
          : w.kind === 'registry-setting' && w.setting !== 'rdp-encryption-policy'
            ? `registry setting ${managedValue(w.setting).name}`
            : '"Set client connection encryption level"';
    settings.push({
      setting: w.setting,
      gpo: w.gpo,
      precedence: w.precedence,
      data: w.data,
      kind: w.kind,
      ...(w.action ? { action: w.action } : {}),
      origin: origin(m, `gpresult: ${what} in GPO "${w.gpo.name}", precedence ${w.precedence}`),
    });
  }
  return { settings, unnamed };
}

/** What rsop.json would hold: every registry-extension and security-option write with its key, no Preferences. */
function rsopResult(m: SimulatedMachine, writes: readonly PolicyWrite[]): GroupPolicyResult {
  const settings: GroupPolicySetting[] = [];
  const unusableSettings: (PolicyRegistryValue & { readonly why: string })[] = [];
  for (const w of numbered(writes.filter((x) => x.kind !== 'preference'))) {
    const v = managedValue(w.setting);
    const className = w.kind === 'security-option' ? 'RSOP_RegistryValue' : 'RSOP_RegistryPolicySetting';
    const at = origin(
      m,
      `rsop.json: ${className} ${v.key}\\${w.soft ? '**soft.' : ''}${v.name}=${w.data ?? '(deleted)'} in GPO "${w.gpo.name}" ${w.gpo.id}, precedence ${w.precedence}`,
    );
    const kind = w.kind === 'security-option' ? 'security-option' : 'registry-setting';
    if (w.soft) {
      unusableSettings.push({
        key: v.key,
        valueName: v.name,
        value: w.data === null ? { type: 'deleted' } : { type: 'dword', data: w.data },
        gpo: w.gpo,
        precedence: w.precedence,
        kind,
        origin: at,
        why: 'a **soft. record, which sets the value only where it is absent',
      });
      continue;
    }
    settings.push({
      setting: w.setting,
      gpo: w.gpo,
      precedence: w.precedence,
      data: w.data,
      kind,
      origin: at,
    });
  }
  return {
    computerResults: 'present',
    computerName: m.name,
    gpos: [{ ...LOCAL_GPO, linkedAt: 'Local' }, ...m.domainGpos.map(domainRef)],
    settings,
    ...(unusableSettings.length > 0 ? { unusableSettings } : {}),
    terminalServicesValues: [],
    origin: origin(m, `rsop.json: root\\rsop\\computer, ${m.domainGpos.length + 1} GPOs`),
  };
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
  let mergedSecurityPolicy: Evidence['mergedSecurityPolicy'];
  if (m.tools.secedit === 'available') {
    const legacy = m.localSecurityPolicy.fipsAlgorithmPolicyLegacy;
    const exported = (kind: SeceditExportKind, fips: number | undefined): SecurityPolicyExport => {
      const command = kind === 'merged-policy' ? 'secedit /export /mergedpolicy' : 'secedit export';
      const reading = (data: number | undefined, id: WatchedValueId): SecurityOptionReading =>
        data === undefined
          ? {
              state: 'not-defined',
              origin: origin(m, `${command}: no ${WATCHED_VALUES[id].key}\\${WATCHED_VALUES[id].name} line`),
            }
          : {
              state: 'defined',
              data,
              origin: origin(
                m,
                `${command}: MACHINE\\${WATCHED_VALUES[id].key}\\${WATCHED_VALUES[id].name}=4,${data}`,
              ),
            };
      return {
        fips: reading(fips, 'fips-algorithm-policy'),
        fipsLegacy: reading(legacy, 'fips-algorithm-policy-legacy'),
        exportedWith: kind,
      };
    };
    const local = localDatabaseFips(m);
    const merged = securityDatabaseFips(m)?.data;
    switch (m.tools.seceditExports) {
      case 'local-and-merged':
        securityPolicy = exported('local-database', local);
        mergedSecurityPolicy = exported('merged-policy', merged);
        break;
      case 'local-database':
      case 'not-recorded':
        securityPolicy = exported(m.tools.seceditExports, local);
        break;
      case 'merged-policy':
        securityPolicy = exported('merged-policy', merged);
        break;
    }
  } else {
    unavailable.push({ what: 'security-policy', reason: 'secedit is not available on this machine' });
  }
  let groupPolicy: Evidence['groupPolicy'];
  const { writes, unmapped } = writesOf(m);
  if (m.tools.gpresult === 'elevated' || (m.tools.gpresult === 'unelevated' && options.elevated === true)) {
    const { settings, unnamed } = gpresultSettings(m, writes);
    groupPolicy = {
      computerResults: 'present',
      computerName: m.name,
      gpos: [{ ...LOCAL_GPO, linkedAt: 'Local' }, ...m.domainGpos.map(domainRef)],
      settings,
      ...(unmapped.length > 0 ? { unmappedTemplates: unmapped } : {}),
      ...(unnamed.length > 0 ? { unnamedRdpLevels: unnamed } : {}),
      origin: origin(m, `gpresult /scope computer: ${m.domainGpos.length + 1} GPOs applied`),
    };
  } else if (m.tools.gpresult === 'unelevated') {
    groupPolicy = {
      computerResults: 'missing',
      origin: origin(m, 'gpresult /scope computer, run without elevation: no computer part'),
    };
  } else {
    unavailable.push({ what: 'group-policy-result', reason: 'gpresult is not available on this machine' });
  }
  // The simulated registry is read whole: a processing key or value it lacks is absent.
  const processingKey = findKey(m, REGISTRY_PROCESSING_KEY);
  const noGpoListChanges = processingKey
    ? Object.entries(processingKey[1]).find(([n]) => sameRegistryName(n, 'NoGPOListChanges'))?.[1]
    : undefined;
  const processingOrigin = origin(m, `${REGISTRY_PROCESSING_KEY}\\NoGPOListChanges`);
  const registryPolicyProcessing = {
    noGpoListChanges:
      noGpoListChanges?.type === 'REG_DWORD'
        ? { state: 'dword' as const, data: noGpoListChanges.data, origin: processingOrigin }
        : { state: 'absent' as const, origin: processingOrigin },
  };
  if (m.tools.rsop === 'available')
    groupPolicy = combineGroupPolicy(rsopResult(m, writes), groupPolicy) ?? groupPolicy;
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
    ...(mergedSecurityPolicy ? { mergedSecurityPolicy } : {}),
    registryPolicyProcessing,
    ...(groupPolicy ? { groupPolicy } : {}),
    localGpo: {
      rdpEncryptionPolicy:
        pol === undefined
          ? { state: 'not-defined', origin: polOrigin }
          : pol === 'deleted'
            ? { state: 'deleted', origin: polOrigin }
            : {
                state: 'set',
                data: pol,
                ...(m.localGpo.soft ? { soft: true as const } : {}),
                origin: polOrigin,
              },
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
