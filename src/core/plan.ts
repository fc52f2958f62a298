// planRemediation(diagnosis, choices): the changes that undo FIPS by the method that turned it on,
// each as value, before → after; or a refusal that says why. Pure, and the plan is data: the
// confirmation screen, `fipsfix plan --json` and the elevated writer all see the same object.
import { z } from 'zod';
import type { Cause, Diagnosis } from './diagnosis-schema';
import { ManagedValueIdSchema } from './diagnosis-schema';
import { sourceWords } from './words/source';
import {
  FIPS_TAKES_EFFECT,
  FIPS_TAKES_EFFECT_SOURCE,
  RDP_LEVEL_TAKES_EFFECT,
  RDP_LEVEL_TAKES_EFFECT_SOURCE,
} from './words/taking-effect';
import { mayBeSsl } from './rules/listeners';
import {
  RdpEncryptionLevel,
  fullValuePathOf,
  isListenerLevelId,
  isRdpEncryptionLevel,
  listenerOf,
  managedValue,
  rdpLevelLabel,
} from './settings';
import { STIG_FIPS_RULES } from './windows-texts';

export const PLAN_FORMAT = 'fipsfix-plan/1';

/** How a change is written, matching how the value was set. */
export const ChangeViaSchema = z.enum([
  'rdp-tcp-value', // a listener's own value: RDP-Tcp's, or another listener's under WinStations
  'registry', // a value that was written directly
  'local-security-policy', // a security template applied with secedit, so the database agrees
  'local-gpo', // the local GPO's Registry.pol, then a policy refresh
  // Unelevated, who set it cannot be read; the elevated step reads the sources, then uses the matching
  // method above, or changes nothing if a domain GPO (or still nobody known) sets it.
  'decided-when-elevated',
]);
export type ChangeVia = z.infer<typeof ChangeViaSchema>;

export const PlannedChangeSchema = z
  .object({
    id: ManagedValueIdSchema,
    registryValue: z.string(),
    via: ChangeViaSchema,
    method: z.union([z.literal(1), z.literal(2)]),
    before: z.number().int().nullable().describe('null: the value does not exist'),
    after: z.number().int(),
    reason: z.string(),
  })
  .strict();
export type PlannedChange = z.infer<typeof PlannedChangeSchema>;

export const TakesEffectSchema = z.object({ what: z.string(), source: z.string() }).strict();

export const PlanSchema = z.discriminatedUnion('kind', [
  z
    .object({
      format: z.literal(PLAN_FORMAT),
      kind: z.literal('changes'),
      machine: z.string().optional(),
      changes: z.array(PlannedChangeSchema).min(1),
      warnings: z.array(z.string()),
      refreshPolicyAfter: z
        .boolean()
        .describe('gpupdate /target:computer /force after writing (local GPO changes)'),
      takesEffect: z.array(TakesEffectSchema),
    })
    .strict(),
  z
    .object({
      format: z.literal(PLAN_FORMAT),
      kind: z.literal('refused'),
      machine: z.string().optional(),
      reasons: z.array(z.string()).min(1),
    })
    .strict(),
  z
    .object({
      format: z.literal(PLAN_FORMAT),
      kind: z.literal('nothing-to-do'),
      machine: z.string().optional(),
      message: z.string(),
    })
    .strict(),
]);
export type RemediationPlan = z.infer<typeof PlanSchema>;

export const PlanChoicesSchema = z
  .object({
    /** The level the RDP settings are lowered to. FIPS Compliant (4) is what is being undone. */
    rdpTargetLevel: z
      .union([
        z.literal(RdpEncryptionLevel.Low),
        z.literal(RdpEncryptionLevel.ClientCompatible),
        z.literal(RdpEncryptionLevel.High),
      ])
      .default(RdpEncryptionLevel.High),
    /** Low sends data from the server to the client unencrypted; it needs its own confirmation. */
    confirmLowLevel: z.boolean().default(false),
    /**
     * This process is not elevated and writes through the elevated step, which re-reads the policy
     * sources (secedit, gpresult's computer part) before writing: a cause whose source is unknown
     * here is planned with its method decided there.
     */
    elevatedStepDecidesUnknown: z.boolean().default(false),
  })
  .strict();
export type PlanChoices = z.input<typeof PlanChoicesSchema>;

function changeFor(c: Cause, target: number): PlannedChange {
  // A drifted value is changed from what the registry holds now, by the method of its policy.
  const before = c.drift ? c.drift.registryNow : c.value;
  const base = { id: c.id, registryValue: fullValuePathOf(c.id), method: c.method, before } as const;
  switch (c.source) {
    case 'rdp-tcp-connection':
      return {
        ...base,
        via: 'rdp-tcp-value',
        after: target,
        reason: `The ${c.listener ?? listenerOf(c.id) ?? 'RDP-Tcp'} connection's own level was set to FIPS Compliant; it is changed where it was set.`,
      };
    case 'registry':
      return {
        ...base,
        via: 'registry',
        after: c.setting === 'fips-algorithm-policy' ? 0 : target,
        reason:
          'The value was written directly into the registry and no policy defines it, so the registry is where it is changed.',
      };
    case 'local-security-policy':
      return {
        ...base,
        via: 'local-security-policy',
        after: 0,
        reason: c.drift
          ? 'The registry holds the FIPS option off, but local security policy says Enabled and would turn it back on at the next security refresh; a security template turns it off there, so the security database agrees.'
          : 'Local security policy turned the FIPS option on; a security template turns it off, so the security database agrees and a policy refresh keeps it off.',
      };
    case 'local-group-policy':
      return {
        ...base,
        via: 'local-gpo',
        after: target,
        reason: c.drift
          ? 'The registry holds another level now, but the local GPO says FIPS Compliant and would put it back at a refresh; its Registry.pol is changed and policy refreshed.'
          : 'The local GPO pins the RDP encryption level; its Registry.pol is changed and policy refreshed, so a refresh does not put FIPS back.',
      };
    case 'unknown':
      return {
        ...base,
        via: 'decided-when-elevated',
        after: c.setting === 'fips-algorithm-policy' ? 0 : target,
        reason:
          c.listener !== undefined || listenerOf(c.id) !== undefined
            ? `Whether a domain GPO writes the ${c.listener ?? listenerOf(c.id) ?? 'RDP-Tcp'} connection's level cannot be read without elevation. The elevated step reads the Group Policy result first, then changes the connection's own value — or changes nothing if a GPO writes it.`
            : 'Who set it cannot be read without elevation. The elevated step reads the local security database and the Group Policy result first, then changes it by the method that set it — or changes nothing if a domain GPO sets it.',
      };
    case 'domain-group-policy':
      throw new Error(`internal: no local change for a cause whose source is ${c.source}`);
  }
}

export function planRemediation(diagnosis: Diagnosis, choices: PlanChoices = {}): RemediationPlan {
  const parsed = PlanChoicesSchema.parse(choices);
  const machine = diagnosis.machine.name;
  const common = { format: PLAN_FORMAT, ...(machine ? { machine } : {}) } as const;

  if (diagnosis.causes.length === 0) {
    return {
      ...common,
      kind: 'nothing-to-do',
      message:
        diagnosis.verdict === 'incomplete'
          ? `Nothing to change from this evidence, which is incomplete: ${diagnosis.summary}`
          : 'Already fixed: nothing read forces the FIPS encryption level.',
    };
  }

  // A setting that may force FIPS was not read: fixing the causes found is not known to unblock.
  const settingGaps = diagnosis.evidenceGaps.filter((g) => g.value !== undefined);
  if (settingGaps.length > 0) {
    return {
      ...common,
      kind: 'refused',
      reasons: [
        ...settingGaps.map((g) => `${g.what} is ${g.why}. Collect: ${g.settleWith}`),
        'Fixing only the causes found may not unblock Remote Assistance, so nothing is planned until the evidence covers every setting.',
      ],
    };
  }

  const notHere = diagnosis.causes.filter(
    (c) => !c.fixableLocally && !(parsed.elevatedStepDecidesUnknown && c.source === 'unknown'),
  );
  if (notHere.length > 0) {
    return {
      ...common,
      kind: 'refused',
      reasons: notHere
        .map((c) =>
          c.sessionCollection
            ? `${c.registryValue} is ${c.valueLabel} on the ${c.listener ?? 'RDP-Tcp'} listener, and this server is an RD Session Host in a collection: the collection's configuration owns the listener's level and security layer, so FipsFix makes no local listener write. ${c.remedy.steps.join(' ')}`
            : c.source === 'unknown'
              ? `${c.registryValue} is ${c.valueLabel}, and the evidence cannot tell who set it (a domain GPO is not ruled out). ${c.remedy.steps.join(' ')}`
              : `${c.registryValue} is ${c.valueLabel}, set by ${sourceWords(c)}: a change on this server would be undone at the next policy refresh${c.drift ? `, and the policy puts its value back ${c.drift.comesBack}` : ''}. ${c.remedy.steps.join(' ')}`,
        )
        .concat(
          diagnosis.causes.length > notHere.length
            ? [
                'Fixing only the local causes would not unblock Remote Assistance, so nothing is changed until the causes above are settled.',
              ]
            : [],
        ),
    };
  }

  // secedit /configure writes the Vista-and-later value; on Server 2003 the security database's
  // legacy option is changed with secpol.msc, not by FipsFix.
  const legacyPolicy = diagnosis.causes.find(
    (c) => c.id === 'fips-algorithm-policy-legacy' && c.source === 'local-security-policy',
  );
  // A FIPS value written by the local GPO's Registry.pol (LGPO, Set-GPRegistryValue's local twin):
  // FipsFix's Registry.pol writer edits only MinEncryptionLevel, so it says what to do instead.
  const fipsByLocalGpo = diagnosis.causes.find(
    (c) => c.setting === 'fips-algorithm-policy' && c.source === 'local-group-policy',
  );
  if (fipsByLocalGpo) {
    return { ...common, kind: 'refused', reasons: [fipsByLocalGpo.remedy.steps.join(' ')] };
  }
  if (legacyPolicy) {
    return {
      ...common,
      kind: 'refused',
      reasons: [
        `${legacyPolicy.registryValue} is set by local security policy on a Windows XP / Server 2003 system, where FipsFix cannot apply a security template. Turn "System cryptography: Use FIPS compliant algorithms…" off in secpol.msc (Local Policies › Security Options), then run "fipsfix verify".`,
      ],
    };
  }

  // Low (1) with SSL (TLS): Windows documents the pair as incompatible (Win32_TSGeneralSetting
  // SetSecurityLayer: SSL "is not compatible with a MinEncryptionLevel value of 1"). A listener cause
  // lowers that listener; the policy value lowers every listener.
  if (parsed.rdpTargetLevel === RdpEncryptionLevel.Low) {
    const lowered = new Set(
      diagnosis.causes.filter((c) => c.setting === 'rdp-encryption-level').map((c) => c.listener ?? '*'),
    );
    const ssl = (diagnosis.listeners ?? []).filter(
      (l) => (lowered.has(l.name) || lowered.has('*')) && mayBeSsl(l.securityLayer),
    );
    if (ssl.length > 0)
      return {
        ...common,
        kind: 'refused',
        reasons: ssl.map(
          (l) =>
            `The ${l.name} listener's security layer is ${l.securityLayer.label}: Windows documents SSL (2) as incompatible with the Low (1) encryption level (Win32_TSGeneralSetting.SetSecurityLayer). Choose High (3), the default (fipsfix plan without --rdp-level), or Client Compatible (2).`,
        ),
      };
  }

  if (
    parsed.rdpTargetLevel === RdpEncryptionLevel.Low &&
    !parsed.confirmLowLevel &&
    diagnosis.causes.some((c) => c.setting === 'rdp-encryption-level')
  ) {
    return {
      ...common,
      kind: 'refused',
      reasons: [
        'Low (1) encrypts only data from the client to the server. Choosing it needs an explicit confirmation (--confirm-low); High (3) is the default.',
      ],
    };
  }

  const changes = diagnosis.causes.map((c) => changeFor(c, parsed.rdpTargetLevel));
  const warnings: string[] = [];
  if (changes.some((c) => c.id.startsWith('fips'))) {
    warnings.push(
      `This turns the FIPS security option off for the whole server, not only for RDP. It may be required by your compliance baseline (DISA STIG ${STIG_FIPS_RULES}); document an exception first.`,
    );
  }
  if (parsed.rdpTargetLevel !== RdpEncryptionLevel.High && changes.some((c) => c.id.startsWith('rdp'))) {
    warnings.push(
      `The RDP encryption level will be ${rdpLevelLabel(parsed.rdpTargetLevel)}, weaker than High (3), the default choice.`,
    );
  }

  const takesEffect: { what: string; source: string }[] = [];
  if (changes.some((c) => c.id.startsWith('rdp'))) {
    takesEffect.push({ what: RDP_LEVEL_TAKES_EFFECT, source: RDP_LEVEL_TAKES_EFFECT_SOURCE });
  }
  if (changes.some((c) => c.id.startsWith('fips'))) {
    takesEffect.push({ what: FIPS_TAKES_EFFECT, source: FIPS_TAKES_EFFECT_SOURCE });
  }

  return {
    ...common,
    kind: 'changes',
    changes,
    warnings,
    refreshPolicyAfter: changes.some((c) => c.via === 'local-gpo'),
    takesEffect,
  };
}

/**
 * What the elevated step accepts, whatever produced the plan: only the watched values, REG_DWORD
 * data in their known ranges, never FIPS as a target, and each value only by a method that can set
 * it. Returns the problems in words; an empty list means the plan may be written.
 */
export function allowListProblems(plan: RemediationPlan): string[] {
  if (plan.kind !== 'changes') return [`the plan is "${plan.kind}", not a list of changes`];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of plan.changes) {
    const w = managedValue(c.id);
    if (c.registryValue !== fullValuePathOf(c.id))
      problems.push(`${c.registryValue} is not where ${w.name} lives`);
    // Key names compare as the registry does: RDP-TCP-3390 and RDP-Tcp-3390 are one value.
    if (seen.has(c.id.toUpperCase())) problems.push(`${c.registryValue} is changed twice`);
    seen.add(c.id.toUpperCase());
    const isFips = c.id === 'fips-algorithm-policy' || c.id === 'fips-algorithm-policy-legacy';
    if (isFips ? c.after !== 0 : !(isRdpEncryptionLevel(c.after) && c.after <= RdpEncryptionLevel.High)) {
      problems.push(
        `${c.registryValue} → ${c.after} is not a value FipsFix writes (FIPS option: 0; RDP levels: 1 to 3)`,
      );
    }
    if (c.before !== null && (c.before < w.min || c.before > w.max))
      problems.push(`${c.registryValue} before=${c.before} is out of range`);
    // A listener's level is only ever its own value: no policy store holds it.
    const isListener = c.id === 'rdp-tcp-encryption-level' || isListenerLevelId(c.id);
    const viaOk: Record<ChangeVia, boolean> = {
      'rdp-tcp-value': isListener,
      registry: !isListener,
      'local-security-policy': c.id === 'fips-algorithm-policy',
      'local-gpo': c.id === 'rdp-encryption-policy',
      // A listener's value is written where it lives whoever the elevated step finds set it.
      'decided-when-elevated': true,
    };
    if (!viaOk[c.via]) problems.push(`${c.registryValue} cannot be changed via ${c.via}`);
    if (c.method !== (isFips ? 2 : 1))
      problems.push(`${c.registryValue} is method ${isFips ? 2 : 1}, not ${c.method}`);
  }
  return problems;
}
