// The diagnosis as it crosses a process boundary (CLI --json, IPC, reports). The committed JSON
// Schema (docs/diagnosis.schema.json) is generated from this by `npm run schemas`.
import { z } from 'zod';
import { isListenerLevelId } from './settings';

export const DIAGNOSIS_FORMAT = 'fipsfix-diagnosis/1';

export const FipsPolicySourceSchema = z.enum([
  'rdp-tcp-connection',
  'registry',
  'local-security-policy',
  'local-group-policy',
  'domain-group-policy',
  'unknown',
]);
export type FipsPolicySource = z.infer<typeof FipsPolicySourceSchema>;

export const BlockingSettingSchema = z.enum(['fips-algorithm-policy', 'rdp-encryption-level']);
export type BlockingSetting = z.infer<typeof BlockingSettingSchema>;

export const WatchedValueIdSchema = z.enum([
  'fips-algorithm-policy',
  'fips-algorithm-policy-legacy',
  'rdp-encryption-policy',
  'rdp-tcp-encryption-level',
]);

/** A watched value, or another listener's level (`listener-encryption-level:<name>`, a plain key name). */
export const ManagedValueIdSchema = z.union([
  WatchedValueIdSchema,
  z
    .string()
    // The JSON Schema's pattern: no backslash or control character (isListenerLevelId checks the rest).
    // eslint-disable-next-line no-control-regex
    .regex(/^listener-encryption-level:[^\\\u0000-\u001f\u007f]{1,32}$/)
    .refine(isListenerLevelId, 'a listener name: a plain key name under WinStations, not RDP-Tcp or Console')
    .describe("Another listener's MinEncryptionLevel under …\\Terminal Server\\WinStations\\<name>"),
]);

export const EvidenceItemSchema = z
  .object({
    file: z.string().describe('The evidence file (or "registry of this machine", or the simulated machine)'),
    format: z.enum([
      'reg-export',
      'secedit-export',
      'gpresult-xml',
      'registry-pol',
      'wevtutil-xml',
      'rsop-json',
      'simulated-machine',
      'live-registry',
      'wire-probe',
    ]),
    location: z.string().describe('Where in it: key and value, INF line, GPO element, event record'),
    read: z.string().describe('What was read there, in words'),
  })
  .strict();
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

export const SessionCollectionSchema = z
  .object({
    broker: z.string().optional().describe('SessionDirectoryLocation: the RD Connection Broker(s)'),
    collection: z
      .string()
      .optional()
      .describe('SessionDirectoryClusterName (that it is the collection name is unverified)'),
    evidence: z.array(EvidenceItemSchema).min(1),
  })
  .strict();
export type SessionCollection = z.infer<typeof SessionCollectionSchema>;

export const GpoSchema = z
  .object({
    name: z.string(),
    id: z.string().describe('GUID in braces, or LocalGPO'),
    linkedAt: z.string().optional(),
  })
  .strict();

export const RemedySchema = z
  .object({
    summary: z.string(),
    steps: z.array(z.string()),
    gpmcPath: z.string().optional().describe('Where the setting is in the Group Policy Management Editor'),
    settleWith: z.array(z.string()).optional().describe('Evidence that would settle an unknown source'),
  })
  .strict();

export const RefreshRuleSchema = z
  .enum([
    'security-settings',
    'administrative-template',
    'administrative-template-every-refresh',
    'preferences',
    'none',
    'unknown',
  ])
  .describe(
    'Which Group Policy refresh rule applies: security settings (reapplied every 16 hours even when no GPO changed, per KB 277543), an Administrative Template value (only when a GPO changed, on gpupdate /force, or with "Process even if the Group Policy objects have not changed"; -every-refresh when that option is on), a Preferences item (its own client-side extension), none (no policy defines the value), or unknown (who set the value is not known, so neither is which rule puts it back)',
  );
export type RefreshRule = z.infer<typeof RefreshRuleSchema>;

export const CauseSchema = z
  .object({
    id: ManagedValueIdSchema.describe('Which registry value this cause is'),
    listener: z
      .string()
      .optional()
      .describe("The RDP listener whose own level this is (RDP-Tcp, RDP-Tcp-3390…), for a listener's cause"),
    setting: BlockingSettingSchema,
    source: FipsPolicySourceSchema,
    method: z
      .union([z.literal(1), z.literal(2)])
      .describe('KB method: 1 RDP encryption level, 2 FIPS security option'),
    fixableLocally: z.boolean(),
    gpo: GpoSchema.optional(),
    route: z
      .enum(['security-option', 'administrative-template', 'registry-setting', 'preference'])
      .optional()
      .describe(
        'How the GPO sets the value: a security option, an Administrative Template, a registry setting (Set-GPRegistryValue), or a Group Policy Preferences registry item',
      ),
    tattoo: z
      .literal(true)
      .optional()
      .describe(
        'Left behind by a GPO that no longer applies: the local security database holds it and no GPO defines it',
      ),
    registryValue: z.string().describe('HKLM\\…\\Value'),
    value: z.number().int(),
    valueLabel: z.string(),
    forcesFipsNow: z
      .boolean()
      .describe(
        'True for the setting that decides the level today; false for one that would once those above stop',
      ),
    why: z.string(),
    evidence: z.array(EvidenceItemSchema).min(1),
    remedy: RemedySchema,
    refresh: z
      .object({ rule: RefreshRuleSchema, words: z.string() })
      .strict()
      .optional()
      .describe('When a policy refresh puts this value back, or takes it away'),
    drift: z
      .object({
        registryNow: z.number().int().nullable().describe('The registry value now; null: absent'),
        policyValue: z.number().int().describe('What the defining policy puts back: `value`'),
        comesBack: z.string().describe('When, by the refresh rule of that policy'),
      })
      .strict()
      .optional()
      .describe(
        'Set when the registry does not hold what the defining policy says (hand-written since the last refresh): the policy forces FIPS again at the next refresh',
      ),
    sessionCollection: SessionCollectionSchema.optional().describe(
      "Set on a listener's cause when the host is in an RD Session Host collection, whose configuration owns the level",
    ),
  })
  .strict();
export type Cause = z.infer<typeof CauseSchema>;

export const NoteSchema = z
  .object({
    kind: z.enum([
      'overridden',
      'legacy-value',
      'gpo-disagrees',
      'domain-gpo-not-ruled-out',
      'symptom',
      'compliance',
      'evidence',
    ]),
    message: z.string(),
    evidence: z.array(EvidenceItemSchema),
  })
  .strict();
export type Note = z.infer<typeof NoteSchema>;

export const EvidenceGapSchema = z
  .object({
    what: z.string(),
    why: z.string(),
    settleWith: z.string(),
    value: WatchedValueIdSchema.optional().describe(
      'Set when the gap is a setting that could force FIPS: the diagnosis then exits 2 even when blocked',
    ),
  })
  .strict();
export type EvidenceGap = z.infer<typeof EvidenceGapSchema>;

const ListenerSettingSchema = z
  .object({
    value: z
      .number()
      .int()
      .nullable()
      .describe('The value in force; null when nothing sets it or it is not known'),
    label: z.string(),
    setBy: z.enum(['group-policy', 'listener', 'not-set', 'unknown']),
    listenerValue: z.number().int().nullable().describe("The listener's own value; null when absent"),
  })
  .strict();

export const ListenerDiagnosisSchema = z
  .object({
    name: z.string(),
    registryKey: z.string().describe('HKLM\\…\\WinStations\\<name>'),
    portNumber: z.number().int().nullable(),
    effectiveLevel: z
      .object({
        level: z.number().int().min(1).max(4).nullable(),
        label: z.string(),
        decidedBy: z.enum([
          'fips-algorithm-policy',
          'rdp-encryption-policy',
          'listener',
          'default',
          'unknown',
        ]),
      })
      .strict(),
    securityLayer: ListenerSettingSchema.describe('SecurityLayer: 0 RDP, 1 Negotiate, 2 SSL (TLS)'),
    userAuthentication: ListenerSettingSchema.describe('UserAuthentication: 1 Network Level Authentication'),
    evidence: z.array(EvidenceItemSchema),
  })
  .strict();
export type ListenerDiagnosis = z.infer<typeof ListenerDiagnosisSchema>;

const WireLevelSchema = z.enum(['none', 'low', 'client-compatible', 'high', 'fips']);

export const WireFindingSchema = z
  .object({
    listener: z.string().optional().describe('The listener the probed port belongs to, when known'),
    port: z.number().int().min(1).max(65535),
    address: z.string().describe('Where it was probed: the address that answered, or the last one tried'),
    alsoTried: z
      .array(z.object({ address: z.string(), error: z.string() }).strict())
      .optional()
      .describe('Addresses tried first that did not answer'),
    observedLevel: WireLevelSchema.nullable().describe(
      'The encryption level the listener answered under Standard RDP Security; null when not visible or not probed',
    ),
    demandsFips: z.boolean().nullable(),
    configuredLevel: z
      .number()
      .int()
      .min(1)
      .max(4)
      .nullable()
      .describe('The level the settings read here put in force on that listener; null when not known'),
    agreement: z
      .enum(['confirms', 'contradicts', 'agrees', 'not-visible', 'unprobed', 'observed-only'])
      .describe(
        'confirms: the wire shows the FIPS level the settings force; contradicts: the wire shows another level than the settings; agrees: the same non-FIPS level; not-visible: only TLS/CredSSP accepted; unprobed: no answer; observed-only: no listener read has this port',
      ),
    words: z.string(),
    evidence: z.array(EvidenceItemSchema).min(1),
  })
  .strict();
export type WireFinding = z.infer<typeof WireFindingSchema>;
/** Which FipsFix wrote a document: the fleet and an auditor tell old tools' output apart. */
export const ToolSchema = z.object({ name: z.literal('fipsfix'), version: z.string().min(1) }).strict();

export const DiagnosisSchema = z
  .object({
    format: z.literal(DIAGNOSIS_FORMAT),
    diagnosedAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(
        'When the evidence was read and diagnosed (set by diagnose --json and verify --json; absent in a diagnosis a report or backup holds, whose own times say when)',
      ),
    tool: ToolSchema.optional().describe('The FipsFix that wrote the document'),
    machine: z
      .object({
        name: z.string().optional(),
        osVersion: z.string().optional(),
        osCaption: z.string().optional(),
      })
      .strict(),
    verdict: z.enum(['blocked', 'not-blocked', 'incomplete']),
    blocksRemoteAssistance: z.boolean(),
    summary: z.string(),
    effectiveLevel: z
      .object({
        level: z.number().int().min(1).max(4).nullable(),
        label: z.string(),
        decidedBy: z.enum([
          'fips-algorithm-policy',
          'rdp-encryption-policy',
          'rdp-tcp-encryption-level',
          'default',
          'unknown',
        ]),
      })
      .strict(),
    causes: z
      .array(CauseSchema)
      .describe('Only what actually blocks, now or once the settings above it stop forcing FIPS'),
    notes: z.array(NoteSchema),
    evidenceGaps: z.array(EvidenceGapSchema),
    confidence: z
      .object({
        level: z
          .enum(['configured', 'configured-and-event', 'seen-on-wire'])
          .describe(
            'configured: from the settings only; configured-and-event: with TermDD event 50 (DATA ENCRYPTION) seen; seen-on-wire: a probe saw the listener answer with the FIPS level',
          ),
        words: z.string(),
        evidence: z.array(EvidenceItemSchema).describe('The events or the wire probe it rests on'),
      })
      .strict()
      .optional(),
    symptom: z
      .object({
        termDdEvent50: z.number().int().min(0).describe('TermDD event 50 with component DATA ENCRYPTION'),
        first: z.string().optional(),
        last: z.string().optional(),
        evidence: z.array(EvidenceItemSchema),
      })
      .strict()
      .nullable(),
    wire: z
      .array(WireFindingSchema)
      .optional()
      .describe(
        'Observed on the wire: each listener probed, and whether it confirms a cause or contradicts the registry',
      ),
    listeners: z
      .array(ListenerDiagnosisSchema)
      .optional()
      .describe('Every RDP listener read, RDP-Tcp first, with its level, security layer and NLA in force'),
    sessionCollection: SessionCollectionSchema.optional().describe(
      'Set when the host is an RD Session Host in a collection (ClusterSettings SessionDirectoryActive = 1)',
    ),
  })
  .strict();
export type Diagnosis = z.infer<typeof DiagnosisSchema>;
