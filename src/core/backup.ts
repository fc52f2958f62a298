// A backup: every value a plan is about to change, exactly as it was (type, data, or that it did
// not exist), plus the policy stores the same method touches, so a rollback restores exactly that
// and nothing else. The SHA-256 over the canonical content is checked before any rollback.
import { z } from 'zod';
import { DiagnosisSchema, ManagedValueIdSchema } from './diagnosis-schema';
import { PlanSchema } from './plan';
import { managedValue, type ManagedValueId } from './settings';
import { UTC_OFFSET_PATTERN } from './words/time';

export const BACKUP_FORMAT = 'fipsfix-backup/1';

export const BackedUpValueSchema = z.discriminatedUnion('existed', [
  z
    .object({
      id: ManagedValueIdSchema,
      path: z.string().describe('HKLM\\…'),
      name: z.string(),
      existed: z.literal(true),
      type: z.literal('REG_DWORD'),
      data: z.number().int().min(0).max(0xffffffff),
    })
    .strict(),
  z
    .object({ id: ManagedValueIdSchema, path: z.string(), name: z.string(), existed: z.literal(false) })
    .strict(),
]);
export type BackedUpValue = z.infer<typeof BackedUpValueSchema>;

export const BackedUpPolicySchema = z
  .object({
    fipsSecurityOption: z
      .discriminatedUnion('state', [
        z.object({ state: z.literal('defined'), data: z.union([z.literal(0), z.literal(1)]) }).strict(),
        z.object({ state: z.literal('not-defined') }).strict(),
      ])
      .optional()
      .describe('The local security database, when the plan changes it through local security policy'),
    localGpoRdpLevel: z
      .discriminatedUnion('state', [
        z.object({ state: z.literal('set'), data: z.number().int().min(1).max(4) }).strict(),
        z.object({ state: z.literal('deleted') }).strict(),
        z.object({ state: z.literal('not-defined') }).strict(),
      ])
      .optional()
      .describe("The local GPO's Registry.pol record, when the plan changes it"),
  })
  .strict();
export type BackedUpPolicy = z.infer<typeof BackedUpPolicySchema>;

export const BackupContentSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    id: z.string().regex(/^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$/, 'a backup id: UTC time and 8 hex digits'),
    machine: z.string().min(1),
    createdAt: z.iso.datetime(),
    toolVersion: z.string(),
    ranBy: z.string().optional().describe('The account that made the change (DOMAIN\\user)'),
    utcOffset: z
      .string()
      .regex(UTC_OFFSET_PATTERN)
      .optional()
      .describe(
        "The server's offset from UTC when the backup was taken (+02:00), for the report's local times",
      ),
    plan: PlanSchema,
    diagnosis: DiagnosisSchema.optional().describe(
      'The diagnosis the plan was made from, with its evidence (for the report)',
    ),
    values: z.array(BackedUpValueSchema).min(1),
    policy: BackedUpPolicySchema,
  })
  .strict()
  .superRefine((b, ctx) => {
    // Only the allow-listed values, at their own paths: a backup that names any other key is refused.
    b.values.forEach((v, i) => {
      const w = managedValue(v.id);
      if (v.path !== `HKLM\\${w.key}` || v.name !== w.name) {
        ctx.addIssue({
          code: 'custom',
          path: ['values', i],
          message: `${v.path}\\${v.name} is not a value FipsFix manages`,
        });
      }
      if (v.existed && (v.data < w.min || v.data > w.max)) {
        ctx.addIssue({
          code: 'custom',
          path: ['values', i, 'data'],
          message: `${w.name}=${v.data} is out of range ${w.min} to ${w.max}`,
        });
      }
    });
    const ids = new Set(b.values.map((v) => v.id.toUpperCase()));
    if (ids.size !== b.values.length)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'a value is listed twice' });
  });
export type BackupContent = z.infer<typeof BackupContentSchema>;

export const BackupFileSchema = z
  .object({
    content: BackupContentSchema,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** HMAC-SHA-256 of the canonical content under the machine's backup key (docs/fix-engine.md). */
    hmacSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict();
export type BackupFile = z.infer<typeof BackupFileSchema>;

/** JSON with keys sorted at every level: the same content always gives the same bytes (and hash). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function backedUpValue(
  id: ManagedValueId,
  snapshot: { exists: false } | { exists: true; data: number },
): BackedUpValue {
  const w = managedValue(id);
  const base = { id, path: `HKLM\\${w.key}`, name: w.name };
  return snapshot.exists
    ? { ...base, existed: true, type: 'REG_DWORD', data: snapshot.data }
    : { ...base, existed: false };
}

/**
 * The backup as a .reg file a person can read and `reg import`: only the backed-up values, a value
 * that did not exist as `"Name"=-` (deleted on import). UTF-16LE with BOM and CRLF, as regedit writes.
 */
export function backupAsRegText(b: BackupContent): string {
  const lines = ['Windows Registry Editor Version 5.00', ''];
  lines.push(`; FipsFix backup ${b.id} of ${b.machine}, taken ${b.createdAt} by FipsFix ${b.toolVersion}.`);
  lines.push('; Importing it restores these values exactly; it touches nothing else in these keys.');
  lines.push(
    '; It does not restore the local security database or the local GPO: use "fipsfix rollback" for that.',
  );
  const byKey = new Map<string, BackedUpValue[]>();
  for (const v of b.values) byKey.set(v.path, [...(byKey.get(v.path) ?? []), v]);
  for (const [path, values] of byKey) {
    lines.push('', `[${path.replace(/^HKLM\\/, 'HKEY_LOCAL_MACHINE\\')}]`);
    for (const v of values) {
      lines.push(v.existed ? `"${v.name}"=dword:${v.data.toString(16).padStart(8, '0')}` : `"${v.name}"=-`);
    }
  }
  return lines.join('\r\n') + '\r\n\r\n';
}
