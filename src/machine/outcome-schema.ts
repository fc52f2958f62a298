// The fix engine's outcomes as they cross from the elevated step back to the unelevated app or CLI
// (the elevated process prints one JSON document; it is checked here before anything is believed).
import { z } from 'zod';
import { DiagnosisSchema } from '../core/diagnosis-schema';

const VerificationLineSchema = z
  .object({ value: z.string(), expected: z.string(), found: z.string(), ok: z.boolean() })
  .strict();
const BackupRefSchema = z
  .object({
    id: z.string(),
    file: z.string(),
    regFile: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
const RefreshSchema = z.union([
  z.object({ ran: z.literal(true) }).strict(),
  z.object({ ran: z.literal(false), reason: z.string() }).strict(),
]);

export const ApplyOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('already-fixed'), message: z.string() }).strict(),
  z.object({ kind: z.literal('refused'), reasons: z.array(z.string()) }).strict(),
  z
    .object({
      kind: z.literal('applied'),
      backup: BackupRefSchema,
      verification: z.array(VerificationLineSchema),
      diagnosisAfter: DiagnosisSchema,
      refresh: RefreshSchema.optional(),
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
  z
    .object({
      kind: z.literal('rollback-incomplete'),
      backup: BackupRefSchema,
      failure: z.string(),
      verification: z.array(VerificationLineSchema),
    })
    .strict(),
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
  z
    .object({
      kind: z.literal('rollback-incomplete'),
      backup: BackupRefSchema,
      failure: z.string(),
      verification: z.array(VerificationLineSchema),
    })
    .strict(),
]);
