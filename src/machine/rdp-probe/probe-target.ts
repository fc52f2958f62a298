// The probe of one RDP listener, as MS-RDPBCGR's connection sequence allows without credentials:
// which security layers RDP_NEG accepts (each offered alone), and under Standard RDP Security the
// encryption level and the methods accepted (each offered alone, one connection each, as nmap's
// rdp-enum-encryption does); under TLS the protocol, the cipher and the certificate. Every
// connection stops after the server's security data and disconnects. Nothing is retried.
import { isIP } from 'node:net';
import {
  ENCRYPTION_LEVEL_NAMES,
  ENCRYPTION_METHOD,
  ENCRYPTION_METHOD_NAMES,
  encryptionMethodName,
  mcsConnectInitial,
  mcsDisconnect,
  parseMcsConnectResponse,
  type EncryptionLevelName,
  type EncryptionMethodName,
} from '../../core/wire/mcs';
import { demandsFipsOnWire, type ProbeError, type ProbeTarget } from '../../core/wire/probe-document';
import type { ProbeTargetAddress } from '../../core/wire/target';
import {
  connectionRequest,
  parseConnectionConfirm,
  PROTOCOL_HYBRID,
  PROTOCOL_RDP,
  PROTOCOL_SSL,
  type ConnectionConfirm,
} from '../../core/wire/x224';
import type { ConnectionGate } from './connection-gate';
import { ProbeFailure, RdpConnection, type TlsFacts } from './rdp-connection';

export interface ProbeSettings {
  /** The whole target's deadline, every connection included. */
  readonly timeoutMs: number;
  readonly gate: ConnectionGate;
}

const levelName = (n: number): EncryptionLevelName | undefined => ENCRYPTION_LEVEL_NAMES[n];
const PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  0: 'Standard RDP Security',
  1: 'TLS',
  2: 'CredSSP',
  3: 'CredSSP',
};

type LayerAnswer = { accepted: boolean; refusal?: string };

function layerAnswer(cc: ConnectionConfirm, offered: number): LayerAnswer {
  if (cc.kind === 'no-negotiation')
    return offered === PROTOCOL_RDP
      ? { accepted: true }
      : { accepted: false, refusal: 'no negotiation (a server before RDP 5.1: Standard RDP Security only)' };
  if (cc.kind === 'refused') return { accepted: false, refusal: cc.failure };
  const accepted =
    offered === PROTOCOL_RDP
      ? cc.protocol === PROTOCOL_RDP
      : (cc.protocol & (offered & PROTOCOL_HYBRID ? PROTOCOL_HYBRID : offered)) !== 0;
  return accepted
    ? { accepted }
    : { accepted, refusal: `selected ${PROTOCOL_NAMES[cc.protocol] ?? `protocol ${cc.protocol}`} instead` };
}

interface MethodAnswer {
  readonly layer: LayerAnswer;
  /** The server's level and chosen method, when it answered the Connect Initial. */
  readonly answer?: { level: number; method: number; version?: number };
  /** What stopped this connection after the layer was settled. */
  readonly error?: ProbeError;
}

class TargetProbe {
  private started = false;
  /** When the first connection was let through the gate: the deadline and the duration count from here. */
  startedAt: number | undefined;

  constructor(
    private readonly addr: ProbeTargetAddress,
    private readonly s: ProbeSettings,
  ) {}

  private deadlineAt = 0;

  /** One connection through the gate: opened, used, closed, released — whatever happens. */
  private async connection<T>(use: (c: RdpConnection) => Promise<T>): Promise<T> {
    const release = await this.s.gate.acquire(this.addr.host, this.started);
    if (!this.started) {
      this.started = true;
      this.startedAt = Date.now();
      this.deadlineAt = this.startedAt + this.s.timeoutMs;
    }
    let c: RdpConnection | undefined;
    try {
      c = await RdpConnection.open(this.addr.host, this.addr.port, this.deadlineAt, this.s.timeoutMs);
      return await use(c);
    } finally {
      if (c) {
        c.end();
        await c.closed();
      }
      release();
    }
  }

  /** Standard RDP Security with one encryption method offered. */
  method(m: EncryptionMethodName): Promise<MethodAnswer> {
    return this.connection(async (c) => {
      const cc = await c.exchange(
        connectionRequest(PROTOCOL_RDP),
        'X.224 Connection Confirm',
        parseConnectionConfirm,
      );
      const layer = layerAnswer(cc, PROTOCOL_RDP);
      if (!layer.accepted) return { layer };
      try {
        const r = await c.exchange(
          mcsConnectInitial({
            encryptionMethods: ENCRYPTION_METHOD[m],
            serverSelectedProtocol: PROTOCOL_RDP,
          }),
          'MCS Connect Response',
          parseMcsConnectResponse,
        );
        c.end(mcsDisconnect());
        if (r.kind !== 'connected') return { layer };
        return {
          layer,
          answer: {
            level: r.encryptionLevel,
            method: r.encryptionMethod,
            ...(r.serverVersion !== undefined ? { version: r.serverVersion } : {}),
          },
        };
      } catch (e) {
        // A server that hangs up on a method it will not use has refused that method (Windows does).
        if (e instanceof ProbeFailure && e.at.hungUpBeforeAnswer) return { layer };
        return { layer, error: asError(e) };
      }
    });
  }

  tls(): Promise<{ layer: LayerAnswer; facts?: TlsFacts; level?: EncryptionLevelName }> {
    return this.connection(async (c) => {
      const cc = await c.exchange(
        connectionRequest(PROTOCOL_SSL),
        'X.224 Connection Confirm',
        parseConnectionConfirm,
      );
      const layer = layerAnswer(cc, PROTOCOL_SSL);
      if (!layer.accepted) return { layer };
      const facts = await c.startTls(isIP(this.addr.host) === 0 ? this.addr.host : undefined);
      try {
        const all = ENCRYPTION_METHOD_NAMES.reduce((f, n) => f | ENCRYPTION_METHOD[n], 0);
        const r = await c.exchange(
          mcsConnectInitial({ encryptionMethods: all, serverSelectedProtocol: PROTOCOL_SSL }),
          'MCS Connect Response',
          parseMcsConnectResponse,
        );
        c.end(mcsDisconnect());
        const level = r.kind === 'connected' ? levelName(r.encryptionLevel) : undefined;
        return { layer, facts, ...(level ? { level } : {}) };
      } catch {
        // The layer and TLS are settled; the server data over TLS is extra and its absence says nothing.
        return { layer, facts };
      }
    });
  }

  credssp(): Promise<LayerAnswer> {
    return this.connection(async (c) => {
      const cc = await c.exchange(
        connectionRequest(PROTOCOL_SSL | PROTOCOL_HYBRID),
        'X.224 Connection Confirm',
        parseConnectionConfirm,
      );
      return layerAnswer(cc, PROTOCOL_HYBRID);
    });
  }
}

function asError(e: unknown): ProbeError {
  if (e instanceof ProbeFailure) return { kind: e.kind, message: e.message };
  return { kind: 'closed', message: e instanceof Error ? e.message : String(e) };
}

/** Probes one target; never throws: what could not be learned is null, and the error says why. */
export async function probeTarget(addr: ProbeTargetAddress, s: ProbeSettings): Promise<ProbeTarget> {
  const p = new TargetProbe(addr, s);
  const done = (rest: Omit<ProbeTarget, 'target' | 'host' | 'port' | 'time' | 'durationMs'>): ProbeTarget => {
    const start = p.startedAt ?? Date.now();
    return {
      target: addr.target,
      host: addr.host,
      port: addr.port,
      time: new Date(start).toISOString(),
      durationMs: Date.now() - start,
      ...rest,
    };
  };

  let first: MethodAnswer;
  try {
    first = await p.method(ENCRYPTION_METHOD_NAMES[0]!);
  } catch (e) {
    const error = asError(e);
    const reachable = !(e instanceof ProbeFailure && e.at.beforeConnect === true);
    return done({
      reachable,
      securityLayers: { rdp: null, tls: null, credssp: null },
      encryptionLevel: null,
      encryptionMethods: [],
      demandsFips: null,
      error,
    });
  }

  const errors: ProbeError[] = [];
  const settle = async <T>(work: Promise<T>): Promise<T | undefined> => {
    try {
      return await work;
    } catch (e) {
      errors.push(asError(e));
      return undefined;
    }
  };
  const others = first.layer.accepted ? ENCRYPTION_METHOD_NAMES.slice(1) : [];
  const [methodAnswers, tls, credssp] = await Promise.all([
    Promise.all(others.map((m) => settle(p.method(m)))),
    settle(p.tls()),
    settle(p.credssp()),
  ]);

  const answers = [first, ...methodAnswers];
  errors.unshift(...answers.flatMap((a) => (a?.error ? [a.error] : [])));
  const accepted: EncryptionMethodName[] = [];
  let level: EncryptionLevelName | null = null;
  let version: number | undefined;
  ENCRYPTION_METHOD_NAMES.forEach((m, i) => {
    const a = answers[i]?.answer;
    if (!a) return;
    level = levelName(a.level) ?? level;
    version ??= a.version;
    if (encryptionMethodName(a.method) === m) accepted.push(m);
  });
  if (first.layer.accepted && level === null && errors.length === 0 && answers.every((a) => a !== undefined))
    errors.push({
      kind: 'closed',
      message:
        'Standard RDP Security was accepted, but the server sent no security data for any encryption method',
    });

  const refusals = {
    ...(first.layer.refusal ? { rdp: first.layer.refusal } : {}),
    ...(tls?.layer.refusal ? { tls: tls.layer.refusal } : {}),
    ...(credssp?.refusal ? { credssp: credssp.refusal } : {}),
  };
  const levelSeen: EncryptionLevelName | null = level;
  return done({
    reachable: true,
    securityLayers: {
      rdp: first.layer.accepted,
      tls: tls ? tls.layer.accepted : null,
      credssp: credssp ? credssp.accepted : null,
    },
    ...(Object.keys(refusals).length > 0 ? { refusals } : {}),
    encryptionLevel: levelSeen,
    encryptionMethods: accepted,
    ...(version !== undefined ? { serverVersion: version } : {}),
    ...(tls?.facts ? { tls: { ...tls.facts, ...(tls.level ? { encryptionLevel: tls.level } : {}) } } : {}),
    demandsFips: demandsFipsOnWire(levelSeen, tls?.level),
    ...(errors[0] ? { error: errors[0] } : {}),
  });
}
