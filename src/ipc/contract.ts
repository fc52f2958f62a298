// The one IPC contract between the window and main (and the browser fallback's HTTP bridge): per
// verb, the schema of what the renderer may send and of what comes back. The renderer sends only
// identifiers and choices (a plan id, a backup id, an RDP level, the Low confirmation) — never a
// registry path, a value or a command line: main builds every change from its own stored plan.
import { z } from 'zod';
import { DiagnosisSchema } from '../core/diagnosis-schema';
import { PlanSchema } from '../core/plan';
import { ApplyOutcomeSchema, RollbackOutcomeSchema } from '../core/outcome';
import { ChangeTicketSchema } from '../core/report';
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

const DiagnoseResultFields = z
  .object({
    diagnosis: DiagnosisSchema,
    words: DiagnosisWordsSchema,
    /** What is being diagnosed: "simulated machine "rdp-tcp-fips"", "this Windows machine (APP-TS02)". */
    origin: z.string(),
    simulated: z.boolean(),
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
  z.object({ saved: z.literal(true), file: z.string() }).strict(),
  z.object({ saved: z.literal(false) }).strict(),
]);

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
