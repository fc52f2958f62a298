// `gpresult /scope computer /x FILE`: the Resultant Set of Policy as XML. Run unelevated it has no
// computer part, which means "unknown", never "no GPO". Security options are SecurityOptions
// elements; Administrative Templates are Policy elements (a display name, no key: those FipsFix
// cannot map are listed as such); registry values no template describes are RegistrySetting
// elements, for any key; Group Policy Preferences registry items are Registry elements in their own
// namespace. Each carries its GPO identifier and a Precedence (1 wins).
import type {
  EvidenceOrigin,
  GpoRef,
  GroupPolicyResult,
  GroupPolicySetting,
  GroupPolicySettingId,
  PolicyRegistryValue,
  PreferenceAction,
  UnmappedTemplate,
  UnnamedRdpPolicyLevel,
} from '../evidence';
import {
  WATCHED_VALUES,
  keyUnderLocalMachine,
  managedValue,
  managedValueAt,
  sameRegistryName,
} from '../settings';
import { InvalidEvidence } from './invalid-evidence';
import {
  childNS,
  childrenNS,
  descendantsNS,
  parseSafeXml,
  textOf,
  type XmlDocument,
  type XmlElement,
} from './safe-xml';

export const GP_NS = {
  rsop: 'http://www.microsoft.com/GroupPolicy/Rsop',
  settings: 'http://www.microsoft.com/GroupPolicy/Settings',
  base: 'http://www.microsoft.com/GroupPolicy/Settings/Base',
  types: 'http://www.microsoft.com/GroupPolicy/Types',
  security: 'http://www.microsoft.com/GroupPolicy/Settings/Security',
  registry: 'http://www.microsoft.com/GroupPolicy/Settings/Registry',
  /** Group Policy Preferences' registry items; their local names (RegistrySettings) match the line above's. */
  preferencesRegistry: 'http://www.microsoft.com/GroupPolicy/Settings/Windows/Registry',
} as const;

export const RDP_ENCRYPTION_POLICY_NAME = 'Set client connection encryption level';

/** TerminalServer.admx's enum for MinEncryptionLevel, as gpresult shows the choice. It has no 4. */
const ENCRYPTION_LEVEL_NAMES: Readonly<Record<string, number>> = {
  'low level': 1,
  'client compatible': 2,
  'high level': 3,
};

export function looksLikeGpresultXml(text: string): boolean {
  return /<(\w+:)?Rsop[\s>]/.test(text) && text.includes(GP_NS.rsop);
}

function gpoRefsOf(computer: XmlElement): Map<string, GpoRef> {
  const refs = new Map<string, GpoRef>();
  for (const g of childrenNS(computer, GP_NS.rsop, 'GPO')) {
    const path = childNS(g, GP_NS.rsop, 'Path');
    const id = textOf(path && childNS(path, GP_NS.types, 'Identifier'));
    if (!id) continue;
    const name = textOf(childNS(g, GP_NS.rsop, 'Name')) ?? id;
    const link = childNS(g, GP_NS.rsop, 'Link');
    const linkedAt = textOf(link && childNS(link, GP_NS.rsop, 'SOMPath'));
    const domain = textOf(path && childNS(path, GP_NS.types, 'Domain'));
    refs.set(id.toUpperCase(), {
      id,
      name,
      isLocal: id.toUpperCase() === 'LOCALGPO',
      ...(linkedAt ? { linkedAt } : {}),
      ...(domain ? { domain } : {}),
    });
  }
  return refs;
}

type UnusableSetting = PolicyRegistryValue & { readonly why: string };

interface SettingHeader {
  readonly gpo: GpoRef;
  readonly precedence: number;
}

function headerOf(file: string, e: XmlElement, refs: Map<string, GpoRef>, what: string): SettingHeader {
  const gpoEl = childNS(e, GP_NS.base, 'GPO');
  const id = textOf(gpoEl && childNS(gpoEl, GP_NS.types, 'Identifier'));
  if (!id) throw new InvalidEvidence(file, `${what} without the GPO that sets it`);
  const precedenceText = textOf(childNS(e, GP_NS.base, 'Precedence'));
  const precedence = precedenceText === undefined ? Number.NaN : Number(precedenceText);
  if (!Number.isInteger(precedence) || precedence < 1)
    throw new InvalidEvidence(file, `${what} has no valid Precedence ("${precedenceText ?? ''}")`);
  const gpo = refs.get(id.toUpperCase()) ?? { id, name: id, isLocal: id.toUpperCase() === 'LOCALGPO' };
  return { gpo, precedence };
}

function origin(file: string, h: SettingHeader, element: string): EvidenceOrigin {
  return {
    file,
    format: 'gpresult-xml',
    location: `${element} in GPO "${h.gpo.name}" ${h.gpo.id}, precedence ${h.precedence}`,
  };
}

function securityOptions(
  file: string,
  computer: XmlElement,
  refs: Map<string, GpoRef>,
): GroupPolicySetting[] {
  const out: GroupPolicySetting[] = [];
  for (const e of descendantsNS(computer, GP_NS.security, 'SecurityOptions')) {
    const keyName = textOf(childNS(e, GP_NS.security, 'KeyName'));
    const path = keyName ? keyUnderLocalMachine(keyName) : undefined;
    if (!path) continue;
    for (const id of ['fips-algorithm-policy', 'fips-algorithm-policy-legacy'] as const) {
      const w = WATCHED_VALUES[id];
      if (!sameRegistryName(path, `${w.key}\\${w.name}`)) continue;
      const h = headerOf(file, e, refs, `the security option ${keyName}`);
      const numberText = textOf(childNS(e, GP_NS.security, 'SettingNumber'));
      const data = Number(numberText);
      if (numberText === undefined || !Number.isInteger(data) || data < 0 || data > 1) {
        throw new InvalidEvidence(
          file,
          `the security option ${keyName} has SettingNumber "${numberText ?? ''}"; only 0 or 1 are valid`,
        );
      }
      out.push({
        setting: id,
        gpo: h.gpo,
        precedence: h.precedence,
        data,
        kind: 'security-option',
        origin: origin(file, h, `SecurityOptions ${keyName}=${data}`),
      });
    }
  }
  return out;
}

/** A GPO gpresult does not name for a setting (no GPO child): never the local GPO for a preference. */
const UNNAMED_GPO: GpoRef = { id: '?', name: 'a GPO the report does not name', isLocal: false };

/** Like headerOf, for elements whose GPO the report may leave out (not a reason to refuse the file). */
function headerOrUnnamed(e: XmlElement, refs: Map<string, GpoRef>): SettingHeader {
  const gpoEl = childNS(e, GP_NS.base, 'GPO');
  const id = textOf(gpoEl && childNS(gpoEl, GP_NS.types, 'Identifier'));
  const precedence = Number(textOf(childNS(e, GP_NS.base, 'Precedence')) ?? '1');
  const gpo = id
    ? (refs.get(id.toUpperCase()) ?? { id, name: id, isLocal: id.toUpperCase() === 'LOCALGPO' })
    : UNNAMED_GPO;
  return { gpo, precedence: Number.isInteger(precedence) && precedence >= 1 ? precedence : 1 };
}

interface TemplateResult {
  readonly settings: GroupPolicySetting[];
  readonly unmapped: UnmappedTemplate[];
  readonly unnamedLevels: UnnamedRdpPolicyLevel[];
}

/** Administrative Template `Policy` elements: the RDP policy by its name, every other one as unmapped. */
function templatePolicies(file: string, computer: XmlElement, refs: Map<string, GpoRef>): TemplateResult {
  const out: TemplateResult = { settings: [], unmapped: [], unnamedLevels: [] };
  for (const e of descendantsNS(computer, GP_NS.registry, 'Policy')) {
    const name = textOf(childNS(e, GP_NS.registry, 'Name')) ?? '';
    const state = textOf(childNS(e, GP_NS.registry, 'State')) ?? '';
    if (name.toLowerCase() !== RDP_ENCRYPTION_POLICY_NAME.toLowerCase()) {
      // A Policy carries no key: any template FipsFix does not know may write under SOFTWARE\Policies.
      const h = headerOrUnnamed(e, refs);
      out.unmapped.push({
        name,
        state,
        gpo: h.gpo,
        precedence: h.precedence,
        origin: origin(file, h, `Policy "${name}" ${state}`),
      });
      continue;
    }
    const h = headerOf(file, e, refs, `the policy "${name}"`);
    if (/^disabled$/i.test(state)) {
      out.settings.push({
        setting: 'rdp-encryption-policy',
        gpo: h.gpo,
        precedence: h.precedence,
        data: null,
        kind: 'administrative-template',
        origin: origin(file, h, `Policy "${name}" Disabled`),
      });
      continue;
    }
    if (!/^enabled$/i.test(state))
      throw new InvalidEvidence(
        file,
        `the policy "${name}" has State "${state}"; expected Enabled or Disabled`,
      );
    const list = childrenNS(e, GP_NS.registry, 'DropDownList')[0];
    const valueEl = list && childNS(list, GP_NS.registry, 'Value');
    const choice = textOf(valueEl && childNS(valueEl, GP_NS.registry, 'Name'));
    if (choice === undefined) {
      // GPMC shows an empty drop-down when the GPO's value is none of the template's items (1–3);
      // in range, that leaves 4, put there by Set-GPRegistryValue or an edited Registry.pol.
      out.settings.push({
        setting: 'rdp-encryption-policy',
        gpo: h.gpo,
        precedence: h.precedence,
        data: 4,
        kind: 'registry-setting',
        origin: origin(file, h, `Policy "${name}" Enabled with no level the template can name (so 4)`),
      });
      continue;
    }
    const data = ENCRYPTION_LEVEL_NAMES[choice.toLowerCase()];
    if (data === undefined) {
      // A translated drop-down, or a custom template with other items: the policy is in force and
      // overrides the listener, at a level FipsFix cannot name (docs/model.md, "A level FipsFix
      // cannot name").
      out.unnamedLevels.push({
        shown: choice,
        gpo: h.gpo,
        precedence: h.precedence,
        origin: origin(file, h, `Policy "${name}" Enabled, "${choice}" (a level FipsFix cannot name)`),
      });
      continue;
    }
    out.settings.push({
      setting: 'rdp-encryption-policy',
      gpo: h.gpo,
      precedence: h.precedence,
      data,
      kind: 'administrative-template',
      origin: origin(file, h, `Policy "${name}" Enabled, ${choice}`),
    });
  }
  return out;
}

function rangeProblem(id: GroupPolicySettingId): string {
  const w = managedValue(id);
  return isFipsSetting(id) ? 'the FIPS option is 0 or 1' : `encryption levels are ${w.min} to ${w.max}`;
}

function isFipsSetting(id: GroupPolicySettingId): boolean {
  return id === 'fips-algorithm-policy' || id === 'fips-algorithm-policy-legacy';
}

/**
 * `RegistrySetting` (Set-GPRegistryValue, "Extra Registry Settings"): a registry.pol value no
 * template describes, for any key. KeyPath has no hive and keeps the author's casing.
 */
function registrySettings(
  file: string,
  computer: XmlElement,
  refs: Map<string, GpoRef>,
  unusable: UnusableSetting[],
): GroupPolicySetting[] {
  const out: GroupPolicySetting[] = [];
  for (const e of descendantsNS(computer, GP_NS.registry, 'RegistrySetting')) {
    const keyPath = textOf(childNS(e, GP_NS.registry, 'KeyPath'));
    if (!keyPath) continue;
    const path = keyUnderLocalMachine(keyPath) ?? keyPath.replace(/^\\+|\\+$/g, '');
    for (const v of childrenNS(e, GP_NS.registry, 'Value')) {
      const valueName = textOf(childNS(v, GP_NS.registry, 'Name')) ?? '';
      const id = managedValueAt(path, valueName);
      if (!id) continue;
      const w = managedValue(id);
      const h = headerOf(file, e, refs, `the registry setting ${keyPath}\\${w.name}`);
      const numberText = textOf(childNS(v, GP_NS.registry, 'Number'));
      if (numberText === undefined) {
        // A String (REG_SZ) or another type: the GPO sets the value, to something FipsFix cannot use.
        const at = origin(file, h, `RegistrySetting ${keyPath}\\${w.name} (not a number)`);
        unusable.push({
          key: path,
          valueName: w.name,
          value: { type: 'not-a-dword', valueType: 1 },
          gpo: h.gpo,
          precedence: h.precedence,
          kind: 'registry-setting',
          origin: at,
          why: 'the GPO sets it to something that is not a number',
        });
        continue;
      }
      const data = Number(numberText);
      if (!Number.isInteger(data) || data < w.min || data > w.max) {
        throw new InvalidEvidence(
          file,
          `the registry setting ${keyPath}\\${w.name} is "${numberText}"; ${rangeProblem(id)}`,
        );
      }
      out.push({
        setting: id,
        gpo: h.gpo,
        precedence: h.precedence,
        data,
        kind: 'registry-setting',
        origin: origin(file, h, `RegistrySetting ${keyPath}\\${w.name}=${data}`),
      });
    }
  }
  return out;
}

/** A preference item's DWORD `value` is 8 hex digits (MS-GPPREF 2.2.1.17.1; `displayDecimal` is display only). */
function preferenceDword(value: string): number | undefined {
  if (/^[0-9a-f]{1,8}$/i.test(value)) return Number.parseInt(value, 16);
  return undefined;
}

/**
 * Group Policy Preferences registry items (`Registry/Properties`, namespace …/Windows/Registry):
 * hive, key, name, type, value and an action, C/R/U/D, U when absent. The local GPO has no
 * Preferences, so an item whose GPO the report does not name is still a domain GPO's.
 */
function preferenceItems(
  file: string,
  computer: XmlElement,
  refs: Map<string, GpoRef>,
  unusable: UnusableSetting[],
): GroupPolicySetting[] {
  const out: GroupPolicySetting[] = [];
  for (const e of descendantsNS(computer, GP_NS.preferencesRegistry, 'Registry')) {
    const props = childNS(e, GP_NS.preferencesRegistry, 'Properties');
    if (!props) continue;
    const hive = props.getAttribute('hive') ?? '';
    if (!/^(HKEY_LOCAL_MACHINE|HKLM)$/i.test(hive)) continue;
    const key = (props.getAttribute('key') ?? '').replace(/^\\+|\\+$/g, '');
    const name = props.getAttribute('name') ?? '';
    const id = managedValueAt(key, name);
    if (!id) continue;
    const w = managedValue(id);
    const actionText = (props.getAttribute('action') || 'U').toUpperCase();
    if (!['C', 'R', 'U', 'D'].includes(actionText))
      throw new InvalidEvidence(
        file,
        `the preference item ${hive}\\${key}\\${name} has action "${actionText}"; expected C, R, U or D`,
      );
    const action = actionText as PreferenceAction;
    const h = headerOrUnnamed(e, refs);
    const item = `Preferences registry item (${action}) ${hive}\\${key}\\${name}`;
    if (action === 'D') {
      out.push({
        setting: id,
        gpo: h.gpo,
        precedence: h.precedence,
        data: null,
        kind: 'preference',
        action,
        origin: origin(file, h, `${item} deleted`),
      });
      continue;
    }
    const type = props.getAttribute('type') ?? '';
    const valueText = props.getAttribute('value') ?? '';
    if (!/^REG_DWORD$/i.test(type)) {
      unusable.push({
        key,
        valueName: w.name,
        value: { type: 'not-a-dword', valueType: type.toUpperCase() === 'REG_SZ' ? 1 : 0 },
        gpo: h.gpo,
        precedence: h.precedence,
        kind: 'preference',
        origin: origin(file, h, `${item} is ${type || 'of no type'}`),
        why: `a preference item of type ${type || '(none)'}, not REG_DWORD`,
      });
      continue;
    }
    const data = preferenceDword(valueText);
    if (data === undefined || data < w.min || data > w.max)
      throw new InvalidEvidence(file, `the ${item} has value "${valueText}"; ${rangeProblem(id)}`);
    out.push({
      setting: id,
      gpo: h.gpo,
      precedence: h.precedence,
      data,
      kind: 'preference',
      action,
      origin: origin(file, h, `${item}=${data}`),
    });
  }
  return out;
}

/** From the report's text, or from its document when the folder reader has parsed it already. */
export function parseGpresultXml(
  file: string,
  source: string | XmlDocument,
): GroupPolicyResult & { readonly machineName?: string } {
  const doc = typeof source === 'string' ? parseSafeXml(file, source) : source;
  const root = doc.documentElement;
  if (!root || root.localName !== 'Rsop' || root.namespaceURI !== GP_NS.rsop) {
    throw new InvalidEvidence(
      file,
      `XML that is not gpresult's: the root element is <${root?.nodeName ?? '?'}>, not Rsop in ${GP_NS.rsop}`,
    );
  }
  const computer = childNS(root, GP_NS.rsop, 'ComputerResults');
  const refs = computer ? gpoRefsOf(computer) : new Map<string, GpoRef>();
  // An unelevated run writes no computer part; an empty one (no GPO at all, not even the local
  // one) says as little.
  if (!computer || refs.size === 0) {
    return {
      computerResults: 'missing',
      origin: {
        file,
        format: 'gpresult-xml',
        location: 'no ComputerResults: gpresult was run without elevation',
      },
    };
  }
  // The local GPO is "Local Group Policy" in an English report; its name is translated otherwise.
  const localName = [...refs.values()].find((g) => g.isLocal)?.name;
  const localized = localName !== undefined && localName !== 'Local Group Policy';
  const unrecognisedDomainTemplates =
    localized &&
    descendantsNS(computer, GP_NS.registry, 'Policy').some((e) => {
      const id = textOf(childNS(childNS(e, GP_NS.base, 'GPO') ?? e, GP_NS.types, 'Identifier'));
      const name = textOf(childNS(e, GP_NS.registry, 'Name')) ?? '';
      return (
        id !== undefined &&
        id.toUpperCase() !== 'LOCALGPO' &&
        name.toLowerCase() !== RDP_ENCRYPTION_POLICY_NAME.toLowerCase()
      );
    });
  const fullName = textOf(childNS(computer, GP_NS.rsop, 'Name'));
  const computerName = fullName?.replace(/^.*\\/, '').replace(/\$$/, '');
  const templates = templatePolicies(file, computer, refs);
  const unusableSettings: UnusableSetting[] = [];
  const settings = [
    ...securityOptions(file, computer, refs),
    ...templates.settings,
    ...registrySettings(file, computer, refs, unusableSettings),
    ...preferenceItems(file, computer, refs, unusableSettings),
  ];
  return {
    computerResults: 'present',
    ...(computerName ? { computerName, machineName: computerName } : {}),
    gpos: [...refs.values()],
    settings,
    ...(unrecognisedDomainTemplates ? { unrecognisedDomainTemplates } : {}),
    ...(templates.unmapped.length > 0 ? { unmappedTemplates: templates.unmapped } : {}),
    ...(templates.unnamedLevels.length > 0 ? { unnamedRdpLevels: templates.unnamedLevels } : {}),
    ...(unusableSettings.length > 0 ? { unusableSettings } : {}),
    origin: { file, format: 'gpresult-xml', location: `ComputerResults (${refs.size} GPOs applied)` },
  };
}
