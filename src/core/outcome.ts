// The fix engine's outcomes, as data: what an apply or a rollback did. Declared once, as schemas; the
// types are inferred from them. The schemas check an outcome wherever it crosses a process boundary
// (the elevated step prints one JSON document, checked before anything is believed; the IPC reply).
import { z } from 'zod';
import { DiagnosisSchema } from './diagnosis-schema';

/** One value read back after a write or a restore: what was expected, what is there. */
export const VerificationLineSchema = z
  .object({ value: z.string(), expected: z.string(), found: z.string(), ok: z.boolean() })
  .strict();
/** The backup an apply took (or a rollback restored), and the .reg file beside it for a person. */
export const BackupRefSchema = z
  .object({
    id: z.string(),
    file: z.string(),
    regFile: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
/** gpupdate /target:computer /force: whether it ran, and if not, why. */
export const PolicyRefreshOutcomeSchema = z.union([
  z.object({ ran: z.literal(true) }).strict(),
  z.object({ ran: z.literal(false), reason: z.string() }).strict(),
]);

/** Restoring the backup did not complete, whether after a failed apply or in a rollback: one shape. */
const RollbackIncompleteSchema = z
  .object({
    kind: z.literal('rollback-incomplete'),
    backup: BackupRefSchema,
    failure: z.string(),
    verification: z.array(VerificationLineSchema),
  })
  .strict();

export const ApplyOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('already-fixed'), message: z.string() }).strict(),
  z.object({ kind: z.literal('refused'), reasons: z.array(z.string()) }).strict(),
  z
    .object({
      kind: z.literal('applied'),
      backup: BackupRefSchema,
      verification: z.array(VerificationLineSchema),
      diagnosisAfter: DiagnosisSchema,
      refresh: PolicyRefreshOutcomeSchema.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('rolled-back'),
      backup: BackupRefSchema,
      failure: z.string(),
      verification: z.array(VerificationLineSchema),
    })
    .strict(),
  RollbackIncompleteSchema,
]);

export const RollbackOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('refused'), reasons: z.array(z.string()) }).strict(),
  z.object({ kind: z.literal('already-restored'), backup: BackupRefSchema }).strict(),
  z
    .object({
      kind: z.literal('restored'),
      backup: BackupRefSchema,
      verification: z.array(VerificationLineSchema),
    })
    .strict(),
  RollbackIncompleteSchema,
]);

export type VerificationLine = z.infer<typeof VerificationLineSchema>;
export type BackupRef = z.infer<typeof BackupRefSchema>;
export type PolicyRefreshOutcome = z.infer<typeof PolicyRefreshOutcomeSchema>;
export type ApplyOutcome = z.infer<typeof ApplyOutcomeSchema>;
export type RollbackOutcome = z.infer<typeof RollbackOutcomeSchema>;
