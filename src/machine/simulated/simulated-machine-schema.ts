// The simulated machine: a documented JSON description of one server's registry and policies
// (docs/simulated-machine.md, docs/simulated-machine.schema.json). It is what FipsFix runs against
// where there is no Windows, and the twin the Windows backend is tested against.
import { z } from 'zod';
import { parseTarget } from '../../core/wire/target';
import {
  WATCHED_VALUE_IDS,
  WATCHED_VALUES,
  WINSTATIONS_KEY,
  inRange,
  managedValue,
  managedValueAt,
  sameRegistryName,
} from '../../core/settings';

export const SIMULATED_MACHINE_FORMAT = 'fipsfix-simulated-machine/1';

const Dword = z.number().int().min(0).max(0xffffffff);
const EnabledDisabled = z.union([z.literal(0), z.literal(1)]);
const RdpLevel = z.number().int().min(1).max(4);

export const SimulatedRegistryValueSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('REG_DWORD'), data: Dword }).strict(),
  z.object({ type: z.literal('REG_SZ'), data: z.string() }).strict(),
]);
export type SimulatedRegistryValue = z.infer<typeof SimulatedRegistryValueSchema>;

/** Keys under HKEY_LOCAL_MACHINE (no hive prefix) → value name → value. */
export const SimulatedRegistrySchema = z.record(
  z.string().min(1),
  z.record(z.string(), SimulatedRegistryValueSchema),
);

const GpoId = z
  .string()
  .regex(
    /^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$/,
    'a GPO GUID in braces',
  );

export const RdpPolicySettingSchema = z.union([
  z
    .object({ template: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal('disabled')]) })
    .strict()
    .describe('The Administrative Template "Set client connection encryption level" (it has no 4)'),
  z
    .object({ registryValue: RdpLevel })
    .strict()
    .describe('A bare registry value in the GPO, e.g. written with Set-GPRegistryValue'),
  z
    .object({
      unnamedLevel: z
        .object({
          shown: z
            .string()
            .min(1)
            .describe('The drop-down text gpresult shows (translated, or a custom item)'),
          data: RdpLevel.describe('What the policy writes, which RSoP shows and gpresult does not'),
        })
        .strict(),
    })
    .strict()
    .describe(
      'The template enabled at a level FipsFix cannot name (a localized drop-down, a custom template)',
    ),
]);

const RegistryKey = z.string().min(1).describe('A key under HKEY_LOCAL_MACHINE, no hive prefix');

export const GpoRegistryItemSchema = z
  .object({ key: RegistryKey, name: z.string(), data: Dword })
  .strict()
  .describe('A REG_DWORD the GPO writes with Set-GPRegistryValue ("Extra Registry Settings" in gpresult)');

export const GpoPreferenceItemSchema = z
  .object({
    action: z.enum(['C', 'R', 'U', 'D']).describe('Create, Replace, Update, Delete (MS-GPPREF)'),
    key: RegistryKey,
    name: z.string(),
    data: Dword.optional().describe('The REG_DWORD it writes; absent for Delete'),
  })
  .strict()
  .describe(
    'A Group Policy Preferences registry item (Computer Configuration › Preferences › Windows Settings › Registry)',
  );

export const UnmappedTemplateSchema = z
  .object({
    name: z.string().min(1).describe('The policy name gpresult shows'),
    state: z.enum(['Enabled', 'Disabled']).default('Enabled'),
    writes: GpoRegistryItemSchema.optional().describe(
      'The value it writes, which RSoP shows with its key and gpresult does not',
    ),
  })
  .strict()
  .describe('An Administrative Template policy FipsFix cannot map (a custom ADMX, or any other policy)');

export const DomainGpoSchema = z
  .object({
    id: GpoId,
    name: z.string().min(1),
    linkedAt: z.string().min(1).describe('The OU or domain it is linked to, as gpresult shows it'),
    fipsAlgorithmPolicy: EnabledDisabled.optional().describe('The security option, if this GPO defines it'),
    rdpEncryptionLevel: RdpPolicySettingSchema.optional(),
    registryItems: z.array(GpoRegistryItemSchema).default([]),
    preferences: z.array(GpoPreferenceItemSchema).default([]),
    unmappedTemplates: z.array(UnmappedTemplateSchema).default([]),
  })
  .strict();
export type DomainGpo = z.infer<typeof DomainGpoSchema>;

export const SimulatedMachineSchema = z
  .object({
    $schema: z.string().optional(),
    format: z.literal(SIMULATED_MACHINE_FORMAT),
    name: z.string().min(1).max(63),
    description: z.string(),
    os: z.object({ caption: z.string(), version: z.string().regex(/^\d+\.\d+\.\d+$/) }).strict(),
    registry: SimulatedRegistrySchema,
    localSecurityPolicy: z
      .object({
        fipsAlgorithmPolicy: EnabledDisabled.optional(),
        fipsAlgorithmPolicyLegacy: EnabledDisabled.optional(),
      })
      .strict()
      .describe('Security options set with secpol.msc (stored in the local security database)'),
    tattooedSecurityOptions: z
      .object({ fipsAlgorithmPolicy: EnabledDisabled.optional() })
      .strict()
      .default({})
      .describe('Security options left in the database by a GPO that no longer applies'),
    localGpo: z
      .object({
        rdpEncryptionLevel: z.union([RdpLevel, z.literal('deleted')]).optional(),
        soft: z
          .literal(true)
          .optional()
          .describe('The record is **soft.: Group Policy writes it only where the server has no value'),
      })
      .strict()
      .describe("The local GPO's Registry.pol record for MinEncryptionLevel, if any"),
    domainGpos: z
      .array(DomainGpoSchema)
      .describe('Applied after the local GPO, in this order: the last one that defines a setting wins'),
    tools: z
      .object({
        gpresult: z.enum(['elevated', 'unelevated', 'missing']).default('elevated'),
        secedit: z.enum(['available', 'missing']).default('available'),
        seceditExports: z
          .enum(['local-and-merged', 'local-database', 'merged-policy', 'not-recorded'])
          .default('local-and-merged')
          .describe(
            'Which secedit exports the evidence holds: both (as fipsfix collect writes them), only a plain one (the local database), only /mergedpolicy, or one plain export whose kind was not recorded (a folder without a manifest)',
          ),
        rsop: z
          .enum(['available', 'missing'])
          .default('missing')
          .describe('rsop.json (root\\rsop\\computer, collected elevated): keys instead of display names'),
      })
      .strict()
      .default({
        gpresult: 'elevated',
        secedit: 'available',
        seceditExports: 'local-and-merged',
        rsop: 'missing',
      }),
    termDdEvents: z.array(z.object({ time: z.iso.datetime(), component: z.string() }).strict()).default([]),
    listenerAddresses: z
      .record(
        z.string().min(1).max(32),
        z.string().refine((t) => parseTarget(t).ok, 'host:port, an IPv6 address in brackets'),
      )
      .optional()
      .describe(
        "Where a listener of this machine really answers (listener name under WinStations → host:port): collecting its evidence probes it on the wire, as FipsFix probes a Windows server's own listeners. Tests point it at a local xrdp.",
      ),
  })
  .strict()
  .superRefine((m, ctx) => {
    // The watched values must be what Windows would accept, as on a real machine's reader.
    for (const [key, values] of Object.entries(m.registry)) {
      for (const [name, v] of Object.entries(values)) {
        const id = WATCHED_VALUE_IDS.find(
          (i) =>
            sameRegistryName(WATCHED_VALUES[i].key, key) && sameRegistryName(WATCHED_VALUES[i].name, name),
        );
        // Any listener's level under WinStations is checked like RDP-Tcp's.
        const isListenerLevel =
          key.toUpperCase().startsWith(`${WINSTATIONS_KEY.toUpperCase()}\\`) &&
          !key.slice(WINSTATIONS_KEY.length + 1).includes('\\') &&
          sameRegistryName(name, 'MinEncryptionLevel');
        if (!id && !isListenerLevel) continue;
        const w = WATCHED_VALUES[id ?? 'rdp-tcp-encryption-level'];
        if (v.type !== 'REG_DWORD')
          ctx.addIssue({
            code: 'custom',
            message: `${w.name} must be a REG_DWORD`,
            path: ['registry', key, name],
          });
        else if (v.data < w.min || v.data > w.max)
          ctx.addIssue({
            code: 'custom',
            message: `${w.name} is ${v.data}, out of range ${w.min} to ${w.max}`,
            path: ['registry', key, name],
          });
      }
    }
    const ids = new Set<string>();
    m.domainGpos.forEach((g, i) => {
      const items = [
        ...g.registryItems.map((r, j) => ({ ...r, path: ['domainGpos', i, 'registryItems', j] })),
        ...g.preferences.flatMap((p, j) =>
          p.action === 'D'
            ? []
            : [{ key: p.key, name: p.name, data: p.data, path: ['domainGpos', i, 'preferences', j] }],
        ),
        ...g.unmappedTemplates.flatMap((t, j) =>
          t.writes ? [{ ...t.writes, path: ['domainGpos', i, 'unmappedTemplates', j, 'writes'] }] : [],
        ),
      ];
      for (const r of items) {
        if (r.data === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: 'a preference item other than Delete needs data',
            path: r.path,
          });
          continue;
        }
        const id = managedValueAt(r.key, r.name);
        const w = id && managedValue(id);
        if (id && w && !inRange(id, r.data))
          ctx.addIssue({
            code: 'custom',
            message: `${w.name} is ${r.data}, out of range ${w.min} to ${w.max}`,
            path: r.path,
          });
      }
    });
    for (const g of m.domainGpos) {
      if (ids.has(g.id.toUpperCase()))
        ctx.addIssue({ code: 'custom', message: `GPO ${g.id} listed twice`, path: ['domainGpos'] });
      ids.add(g.id.toUpperCase());
    }
  });
export type SimulatedMachine = z.infer<typeof SimulatedMachineSchema>;
export type SimulatedMachineInput = z.input<typeof SimulatedMachineSchema>;
