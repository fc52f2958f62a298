// The one IPC contract between the window and main (and the browser fallback's HTTP bridge): per
// verb, the schema of what the renderer may send and of what comes back. The renderer sends only
// identifiers and choices (a plan id, a backup id, an RDP level, the Low confirmation, the target the
// administrator chose: a built-in name, or the path of an evidence folder or machine file to read) —
// never a registry path, a value or a command line: main builds every change from its own stored plan.
import { z } from 'zod';
import { DiagnosisSchema } from '../core/diagnosis-schema';
import { PlanSchema } from '../core/plan';
import { ApplyOutcomeSchema, RollbackOutcomeSchema } from '../core/outcome';
import { ChangeTicketSchema } from '../core/report';

export { ChangeTicketSchema };
import { CHANNELS, type Verb } from './channels';

export { CHANNELS, PROGRESS_CHANNEL, VERBS, type Verb } from './channels';

/** A plan main made and keeps; the renderer only names it. */
export const PlanIdSchema = z.string().regex(/^plan-[0-9a-f]{32}$/);
/** The backup store's own id format: 20251125T120000Z-0123abcd. Never a path. */
export const BackupIdSchema = z.string().regex(/^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$/);

export const PlanRequestSchema = z
  .object({
    rdpLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    /** Low (1) sends server-to-client data unencrypted: it needs this second, explicit yes. */
    confirmLow: z.boolean(),
  })
  .strict();

export const ErrorCodeSchema = z.enum([
  'UntrustedSender',
  'InvalidRequest',
  'PlanUnknown',
  'InterruptedRun',
  'ElevationLost',
  'BackupRefused',
  'NotAMachine',
  'Failed',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** An expected failure, in the administrator's words, with what to do next. Never a stack. */
export const AppErrorSchema = z
  .object({ code: ErrorCodeSchema, message: z.string(), next: z.string() })
  .strict();
export type AppError = z.infer<typeof AppErrorSchema>;

const outcome = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }).strict(),
    z.object({ ok: z.literal(false), error: AppErrorSchema }).strict(),
  ]);

/**
 * A cause in the administrator's words, from the core's word modules (src/core/words/): the window
 * shows these and formats no value itself.
 */
export const CauseWordsSchema = z
  .object({
    /** The setting's name: "The RDP-Tcp connection's own encryption level". */
    setting: z.string(),
    /** Who set it: "local security policy", "domain GPO \"…\"". */
    setBy: z.string(),
    /** The same, with the domain GPO's id and link when there is one. */
    setByLine: z.string(),
    /** Which way it was set, and why the fix goes the same way. */
    method: z.string(),
    /** KB 811770's method, by what it changes: "the FIPS security option". */
    kbMethod: z.string(),
    /** The value in words: "4 (FIPS Compliant)", with what it does while a setting above it decides. */
    value: z.string(),
    /** For an evidence folder: how to fix it on the server it was collected on. */
    elsewhere: z.string(),
    /** For a cause a domain GPO sets: what to ask the domain administrator for, each thing once. */
    ask: z
      .object({
        gpo: z.object({ name: z.string(), id: z.string(), linkedAt: z.string().nullable() }).strict(),
        where: z.string().nullable(),
        change: z.string(),
        notes: z.array(z.string()),
        then: z.string(),
      })
      .strict()
      .nullable(),
  })
  .strict();

export const DiagnosisWordsSchema = z
  .object({
    verdict: z.string(),
    /** One per diagnosis.causes[], in the same order. */
    causes: z.array(CauseWordsSchema),
    /** The TermDD event 50 line, or null when no events were read. */
    symptom: z.string().nullable(),
    /** One per diagnosis.listeners[]: name, port, level, security layer and NLA in force. */
    listeners: z.array(z.string()),
    /** Whose configuration owns the listeners on an RD Session Host in a collection; null elsewhere. */
    sessionCollection: z.string().nullable(),
  })
  .strict();

/** What the window works on: this Windows machine, a simulated machine, or an evidence folder (read only). */
export const TargetSchema = z
  .object({
    kind: z.enum(['this-machine', 'simulated', 'evidence']),
    /** Short: the built-in machine's name, the file's or the folder's name, the computer's name. */
    name: z.string(),
    /** In full, for the header: "simulated machine "rdp-tcp-fips"", "evidence folder C:\\…". */
    origin: z.string(),
  })
  .strict();

/** The targets the window can open; a path is the administrator's own choice (null: the shell's Open dialog). */
export const TargetRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('this-machine') }).strict(),
  z
    .object({
      kind: z.literal('built-in'),
      name: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
        .describe('a built-in simulated machine'),
    })
    .strict(),
  z.object({ kind: z.literal('machine-file'), path: z.string().min(1).max(4096).nullable() }).strict(),
  z.object({ kind: z.literal('evidence-folder'), path: z.string().min(1).max(4096).nullable() }).strict(),
]);

export const TargetsResultSchema = z
  .object({
    current: TargetSchema,
    builtIn: z.array(z.object({ name: z.string(), description: z.string() }).strict()),
    /** This Windows machine can be chosen (the Electron app on Windows; never the browser fallback). */
    thisMachine: z.boolean(),
    /** The shell has an Open dialog for a file or a folder (Electron); else the path is typed. */
    browse: z.boolean(),
    /** The shell can open a file it saved (Electron); the browser fallback hands it to the browser's downloads. */
    openFiles: z.boolean(),
  })
  .strict();

const DiagnoseResultFields = z
  .object({
    diagnosis: DiagnosisSchema,
    words: DiagnosisWordsSchema,
    /** What is being diagnosed: "simulated machine "rdp-tcp-fips"", "this Windows machine (APP-TS02)". */
    origin: z.string(),
    simulated: z.boolean(),
    target: TargetSchema,
    /** An apply or rollback that did not finish, in words; nothing else writes until it is settled. */
    interrupted: z.string().nullable(),
    /** What was read: the registry alone (at once), or the policy sources too (secedit, gpresult… take seconds). */
    sources: z.enum(['registry', 'all']),
  })
  .strict();

/** The words go with the diagnosis they were made from: one per cause. */
const wordsAligned = (v: {
  diagnosis: { causes: unknown[]; listeners?: unknown[] | undefined };
  words: { causes: unknown[]; listeners: unknown[] };
}): boolean =>
  v.words.causes.length === v.diagnosis.causes.length &&
  v.words.listeners.length === (v.diagnosis.listeners?.length ?? 0);
const WORDS_ALIGNED = {
  message: 'words.causes and words.listeners must match diagnosis.causes and diagnosis.listeners one for one',
};

export const DiagnoseResultSchema = DiagnoseResultFields.refine(wordsAligned, WORDS_ALIGNED);

/** The registry answers at once; gpresult can take seconds: the window asks for both, in that order. */
export const DiagnoseRequestSchema = z.object({ sources: z.enum(['registry', 'all']) }).strict();

/** Verify: the diagnosis again; with a policy refresh first, whether the refresh ran. */
export const VerifyRequestSchema = z.object({ afterRefresh: z.boolean() }).strict();
export const VerifyResultSchema = DiagnoseResultFields.extend({
  refresh: z
    .union([
      z.object({ ran: z.literal(true) }).strict(),
      z.object({ ran: z.literal(false), reason: z.string() }).strict(),
    ])
    .nullable(),
})
  .strict()
  .refine(wordsAligned, WORDS_ALIGNED);

/** One step of the fix engine, named before it runs (src/core/words/engine-steps.ts). */
export const EngineStepSchema = z
  .object({
    phase: z.enum(['recheck', 'backup', 'write', 'refresh', 'verify', 'rollback']),
    what: z.string(),
  })
  .strict();

export const PlanResultSchema = z
  .object({
    planId: PlanIdSchema.nullable().describe('Set only when the plan has changes to apply'),
    plan: PlanSchema,
    /** One per plan.changes[] (none when the plan has no changes), in the administrator's words. */
    changeWords: z.array(
      z.object({ setting: z.string(), via: z.string(), before: z.string(), after: z.string() }).strict(),
    ),
    /** Where the backup will be written, and how the writes are done (one UAC prompt or in-process). */
    backupDir: z.string(),
    /** The values the backup takes, counted in words: "this value", "these 2 values" (empty: no changes). */
    backupValues: z.string(),
    writes: z.enum(['in-process', 'elevated-step']),
    /** The fix engine's steps for this plan, in order, for the window's progress list. */
    steps: z.array(EngineStepSchema),
    /** Low (1) without its second yes: the changes are shown, with no planId until it is given. */
    awaitsLowConfirmation: z.boolean(),
    /** After the fix: what to do now, and what a connection that works or is still refused means. */
    afterFix: z
      .object({ now: z.string(), connects: z.string(), refused: z.string(), check: z.string() })
      .strict(),
  })
  .strict()
  .refine((v) => v.changeWords.length === (v.plan.kind === 'changes' ? v.plan.changes.length : 0), {
    message: 'changeWords must match plan.changes one for one',
  });

export const BackupRowSchema = z
  .object({
    id: BackupIdSchema,
    createdAt: z.string(),
    machine: z.string(),
    changes: z.array(z.string()),
    applied: z.string().nullable(),
    rolledBack: z.string().nullable(),
  })
  .strict();

export const BackupListSchema = z
  .object({
    dir: z.string(),
    backups: z.array(BackupRowSchema),
    unreadable: z.array(z.object({ file: z.string(), problem: z.string() }).strict()),
  })
  .strict();

/** The report's formats (src/report/render.ts): one document, rendered as JSON, HTML, or PDF from that HTML. */
export const ReportFormatSchema = z.enum(['json', 'html', 'pdf']);
export const ExportRequestSchema = z
  .object({
    backupId: BackupIdSchema.nullable(),
    format: ReportFormatSchema,
    /** The change-ticket fields the administrator typed in the report step; words, shown escaped. */
    changeTicket: ChangeTicketSchema.optional(),
  })
  .strict();
export const ExportResultSchema = z.discriminatedUnion('saved', [
  z
    .object({
      saved: z.literal(true),
      file: z.string(),
      /** The browser fallback only: the file again, for the browser to download (no Save As dialog there). */
      download: z.object({ name: z.string(), mime: z.string(), base64: z.string() }).strict().optional(),
    })
    .strict(),
  z.object({ saved: z.literal(false) }).strict(),
]);

/** What to ask the domain administrator for, as `fipsfix export --as gpo-instructions` writes it. */
export const GpoInstructionsResultSchema = z
  .object({ text: z.string().nullable(), reason: z.string().nullable() })
  .strict();

/** Before a rollback: what it will write back, in words, and what that means for the server. */
export const RollbackPreviewSchema = z
  .object({
    backupId: BackupIdSchema,
    server: z.string(),
    values: z.array(
      z
        .object({ setting: z.string(), registryValue: z.string(), now: z.string(), after: z.string() })
        .strict(),
    ),
    /** The server as it was before the fix, in words: "FIPS goes back to Enabled: … refused again". */
    consequence: z.string(),
    takesEffect: z.array(z.string()),
    writes: z.enum(['in-process', 'elevated-step']),
  })
  .strict();

export const ProgressStepSchema = z.object({ phase: z.string(), message: z.string() }).strict();

export const contract = {
  diagnose: { args: z.tuple([DiagnoseRequestSchema]), result: outcome(DiagnoseResultSchema) },
  plan: { args: z.tuple([PlanRequestSchema]), result: outcome(PlanResultSchema) },
  apply: {
    args: z.tuple([z.object({ planId: PlanIdSchema }).strict()]),
    result: outcome(ApplyOutcomeSchema),
  },
  verify: { args: z.tuple([VerifyRequestSchema]), result: outcome(VerifyResultSchema) },
  listBackups: { args: z.tuple([]), result: outcome(BackupListSchema) },
  rollback: {
    args: z.tuple([z.object({ backupId: BackupIdSchema }).strict()]),
    result: outcome(RollbackOutcomeSchema),
  },
  exportReport: { args: z.tuple([ExportRequestSchema]), result: outcome(ExportResultSchema) },
  targets: { args: z.tuple([]), result: outcome(TargetsResultSchema) },
  openTarget: { args: z.tuple([TargetRequestSchema]), result: outcome(TargetSchema) },
  gpoInstructions: { args: z.tuple([]), result: outcome(GpoInstructionsResultSchema) },
  saveGpoInstructions: { args: z.tuple([]), result: outcome(ExportResultSchema) },
  previewRollback: {
    args: z.tuple([z.object({ backupId: BackupIdSchema }).strict()]),
    result: outcome(RollbackPreviewSchema),
  },
  openFile: {
    args: z.tuple([z.object({ file: z.string().min(1).max(4096) }).strict()]),
    result: outcome(z.object({ opened: z.boolean() }).strict()),
  },
} as const satisfies Record<Verb, { args: z.ZodType; result: z.ZodType }>;

export type Contract = typeof contract;
export type ArgsOf<V extends Verb> = z.infer<Contract[V]['args']>;
export type ResultOf<V extends Verb> = z.infer<Contract[V]['result']>;
export type ProgressStep = z.infer<typeof ProgressStepSchema>;

/** Checks a message's arguments against its verb's schema. */
export function parseArgs<V extends Verb>(
  verb: V,
  raw: unknown[],
): { ok: true; args: ArgsOf<V> } | { ok: false } {
  const r = contract[verb].args.safeParse(raw);
  return r.success ? { ok: true, args: r.data as ArgsOf<V> } : { ok: false };
}

export const channelOf = (verb: Verb): string => CHANNELS[verb];
