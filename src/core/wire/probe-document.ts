// What `fipsfix probe` saw on each target, as one document (`fipsfix probe --json`, the evidence
// folder's wire-probe.json, the fleet summary's input). It says no more than the wire shows: a level
// the server did not reveal is null, a layer the probe could not settle is null.
import { z } from 'zod';
import { ENCRYPTION_LEVEL_NAMES, ENCRYPTION_METHOD_NAMES, type EncryptionLevelName } from './mcs';

export const PROBE_FORMAT = 'fipsfix-probe/1';
/** The probe of the listeners in an evidence folder written by `fipsfix collect`. */
export const WIRE_PROBE_FILE = 'wire-probe.json';

export function looksLikeProbeDocument(text: string): boolean {
  return /^\s*\{[\s\S]{0,200}?"format"\s*:\s*"fipsfix-probe\/1"/.test(text);
}

const LevelSchema = z
  .enum(ENCRYPTION_LEVEL_NAMES)
  .describe(
    "TS_UD_SC_SEC1's encryptionLevel (MS-RDPBCGR 2.2.1.4.3): none 0, low 1, client-compatible 2, high 3, fips 4",
  );

export const ProbeErrorSchema = z.object({
  kind: z
    .enum(['unreachable', 'timeout', 'truncated', 'malformed', 'closed', 'tls'])
    .describe(
      'unreachable: no TCP connection; timeout: no complete answer within the deadline; truncated/malformed: the server sent bytes that are not the PDU the protocol puts there; closed: the server hung up mid-exchange; tls: the TLS handshake failed',
    ),
  message: z.string(),
});

export const ProbeTargetSchema = z.object({
  target: z.string().describe('As given: host or host:port, IPv6 in brackets'),
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  time: z.string().describe('When the probe started (ISO 8601)'),
  durationMs: z.number().int().nonnegative(),
  reachable: z.boolean().describe('A TCP connection was accepted'),
  securityLayers: z
    .object({
      rdp: z.boolean().nullable().describe('Standard RDP Security (PROTOCOL_RDP) accepted'),
      tls: z.boolean().nullable().describe('TLS (PROTOCOL_SSL) accepted'),
      credssp: z
        .boolean()
        .nullable()
        .describe('CredSSP, Network Level Authentication (PROTOCOL_HYBRID) accepted'),
    })
    .describe(
      'From RDP_NEG_RSP / RDP_NEG_FAILURE, one connection a layer offered alone; null when not settled',
    ),
  refusals: z
    .object({ rdp: z.string().optional(), tls: z.string().optional(), credssp: z.string().optional() })
    .optional()
    .describe("RDP_NEG_FAILURE's failureCode, by the layer offered, in MS-RDPBCGR's names"),
  encryptionLevel: LevelSchema.nullable().describe(
    'Under Standard RDP Security; null when that layer is refused (the level is then not visible on the wire)',
  ),
  encryptionMethods: z
    .array(z.enum(ENCRYPTION_METHOD_NAMES))
    .describe('The methods the server chose when offered each alone (one connection a method, as nmap does)'),
  serverVersion: z.number().int().nonnegative().optional().describe("TS_UD_SC_CORE's version"),
  tls: z
    .object({
      protocol: z.string(),
      cipher: z.string(),
      certificate: z
        .object({
          subject: z.string(),
          issuer: z.string().optional(),
          validTo: z.string().describe('notAfter, ISO 8601'),
          expired: z.boolean(),
        })
        .optional(),
      encryptionLevel: LevelSchema.optional().describe(
        'The server security data sent over TLS; Enhanced RDP Security answers none (MS-RDPBCGR 5.4.1)',
      ),
    })
    .optional(),
  demandsFips: z
    .boolean()
    .nullable()
    .describe('true: the server answered with the FIPS level; false: with another level; null: not visible'),
  error: ProbeErrorSchema.optional(),
  listener: z
    .string()
    .optional()
    .describe("The listener's key under WinStations, when FipsFix probed a machine's own listeners"),
  alsoTried: z
    .array(z.object({ address: z.string(), error: ProbeErrorSchema }))
    .optional()
    .describe('Addresses of this machine tried first for that listener, which did not answer'),
});

export const ProbeDocumentSchema = z.object({
  format: z.literal(PROBE_FORMAT),
  generatedAt: z.string(),
  targets: z.array(ProbeTargetSchema),
});

export type ProbeError = z.infer<typeof ProbeErrorSchema>;
export type ProbeTarget = z.infer<typeof ProbeTargetSchema>;
export type ProbeDocument = z.infer<typeof ProbeDocumentSchema>;

/** The level is FIPS on the wire, whichever layer showed it; otherwise false if a level was seen. */
export function demandsFipsOnWire(
  level: EncryptionLevelName | null,
  overTls: EncryptionLevelName | undefined,
): boolean | null {
  if (level === 'fips' || overTls === 'fips') return true;
  return level === null ? null : false;
}

/** Unreachable, or stopped by an error before the probe was done. */
export function unprobed(t: ProbeTarget): boolean {
  return !t.reachable || t.error !== undefined;
}

export function levelNumber(level: EncryptionLevelName): number {
  return ENCRYPTION_LEVEL_NAMES.indexOf(level);
}
