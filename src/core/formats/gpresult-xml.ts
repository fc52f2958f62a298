// `gpresult /scope computer /x FILE`: the Resultant Set of Policy as XML. Run unelevated it has no
// computer part, which means "unknown", never "no GPO". Security options are SecurityOptions
// elements; Administrative Templates are Policy elements; registry values no template describes
// are RegistrySetting elements. Each carries its GPO identifier and a Precedence (1 wins).
import type { Element } from '@xmldom/xmldom';
import type { EvidenceOrigin, GpoRef, GroupPolicyResult, GroupPolicySetting } from '../evidence';
import { WATCHED_VALUES, keyUnderLocalMachine, sameRegistryName } from '../settings';
import { InvalidEvidence } from './invalid-evidence';
import { childNS, childrenNS, descendantsNS, parseSafeXml, textOf } from './safe-xml';

export const GP_NS = {
  rsop: 'http://www.microsoft.com/GroupPolicy/Rsop',
  settings: 'http://www.microsoft.com/GroupPolicy/Settings',
  base: 'http://www.microsoft.com/GroupPolicy/Settings/Base',
  types: 'http://www.microsoft.com/GroupPolicy/Types',
  security: 'http://www.microsoft.com/GroupPolicy/Settings/Security',
  registry: 'http://www.microsoft.com/GroupPolicy/Settings/Registry',
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

function gpoRefsOf(computer: Element): Map<string, GpoRef> {
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

interface SettingHeader {
  readonly gpo: GpoRef;
  readonly precedence: number;
}

function headerOf(file: string, e: Element, refs: Map<string, GpoRef>, what: string): SettingHeader {
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

function securityOptions(file: string, computer: Element, refs: Map<string, GpoRef>): GroupPolicySetting[] {
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

function rdpPolicies(file: string, computer: Element, refs: Map<string, GpoRef>): GroupPolicySetting[] {
  const out: GroupPolicySetting[] = [];
  const w = WATCHED_VALUES['rdp-encryption-policy'];
  for (const e of descendantsNS(computer, GP_NS.registry, 'Policy')) {
    const name = textOf(childNS(e, GP_NS.registry, 'Name'));
    if (!name || name.toLowerCase() !== RDP_ENCRYPTION_POLICY_NAME.toLowerCase()) continue;
    const h = headerOf(file, e, refs, `the policy "${name}"`);
    const state = textOf(childNS(e, GP_NS.registry, 'State')) ?? '';
    if (/^disabled$/i.test(state)) {
      out.push({
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
      out.push({
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
      throw new InvalidEvidence(
        file,
        `the policy "${name}" is Enabled with encryption level "${choice}"; expected Low Level, Client Compatible or High Level`,
      );
    }
    out.push({
      setting: 'rdp-encryption-policy',
      gpo: h.gpo,
      precedence: h.precedence,
      data,
      kind: 'administrative-template',
      origin: origin(file, h, `Policy "${name}" Enabled, ${choice}`),
    });
  }
  for (const e of descendantsNS(computer, GP_NS.registry, 'RegistrySetting')) {
    const keyPath = textOf(childNS(e, GP_NS.registry, 'KeyPath'));
    if (!keyPath) continue;
    const path = keyUnderLocalMachine(keyPath) ?? keyPath;
    if (!sameRegistryName(path, w.key)) continue;
    for (const v of childrenNS(e, GP_NS.registry, 'Value')) {
      if (!sameRegistryName(textOf(childNS(v, GP_NS.registry, 'Name')) ?? '', w.name)) continue;
      const h = headerOf(file, e, refs, `the registry setting ${keyPath}\\${w.name}`);
      const numberText = textOf(childNS(v, GP_NS.registry, 'Number'));
      const data = Number(numberText);
      if (numberText === undefined || !Number.isInteger(data) || data < w.min || data > w.max) {
        throw new InvalidEvidence(
          file,
          `the registry setting ${keyPath}\\${w.name} is "${numberText ?? ''}"; encryption levels are 1 to 4`,
        );
      }
      out.push({
        setting: 'rdp-encryption-policy',
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

export function parseGpresultXml(
  file: string,
  text: string,
): GroupPolicyResult & { readonly machineName?: string } {
  const doc = parseSafeXml(file, text);
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
  return {
    computerResults: 'present',
    ...(computerName ? { computerName, machineName: computerName } : {}),
    gpos: [...refs.values()],
    settings: [...securityOptions(file, computer, refs), ...rdpPolicies(file, computer, refs)],
    ...(unrecognisedDomainTemplates ? { unrecognisedDomainTemplates } : {}),
    origin: { file, format: 'gpresult-xml', location: `ComputerResults (${refs.size} GPOs applied)` },
  };
}
