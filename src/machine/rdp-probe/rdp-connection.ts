// One probe connection to an RDP listener: TCP, then optionally TLS, exchanging whole TPKT frames.
// Everything is bounded: the connection dies at the target's deadline, a frame can be no longer than
// TPKT allows, and bytes that are no TPKT end it at once. Failures are ProbeFailure, with the kind the
// probe document records.
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { ProbeError } from '../../core/wire/probe-document';
import type { WireResult } from '../../core/wire/bytes';
import { tpktFrame } from '../../core/wire/tpkt';

export class ProbeFailure extends Error {
  constructor(
    readonly kind: ProbeError['kind'],
    message: string,
    readonly at: {
      /** The server ended the connection cleanly before sending anything for this step. */
      readonly hungUpBeforeAnswer?: boolean;
      /** No TCP connection was made. */
      readonly beforeConnect?: boolean;
    } = {},
  ) {
    super(message);
  }
}

/** More than one TPKT frame can hold (65 535) plus a little: a server flooding us is cut off here. */
const MAX_BUFFERED = 70_000;

const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EADDRNOTAVAIL: 'address not available',
};

function socketReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code
    ? `${SOCKET_ERRORS[code] ?? 'socket error'} (${code})`
    : e instanceof Error
      ? e.message
      : String(e);
}

export interface TlsFacts {
  readonly protocol: string;
  readonly cipher: string;
  readonly certificate?: { subject: string; issuer?: string; validTo: string; expired: boolean };
}

function distinguishedName(n: Record<string, string | string[] | undefined> | undefined): string {
  if (!n) return '';
  return Object.entries(n)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : (v ?? '')}`)
    .join(', ');
}

export class RdpConnection {
  private stream: Socket | TLSSocket;
  private buffered = new Uint8Array(0);
  private waiter:
    { resolve: (frame: Uint8Array) => void; reject: (e: ProbeFailure) => void; what: string } | undefined;
  private failure: ProbeFailure | undefined;
  private readonly timer: NodeJS.Timeout;
  private ended = false;

  private constructor(
    private readonly socket: Socket,
    deadlineMs: number,
    private readonly timeoutMs: number,
  ) {
    this.stream = socket;
    this.listen(socket);
    this.timer = setTimeout(
      () => this.fail(new ProbeFailure('timeout', this.timeoutWords())),
      Math.max(deadlineMs - Date.now(), 0),
    );
  }

  /** Opens TCP to host:port before the deadline, or fails with `unreachable` / `timeout`. */
  static open(host: string, port: number, deadlineMs: number, timeoutMs: number): Promise<RdpConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true });
      const timer = setTimeout(
        () => {
          socket.destroy();
          reject(
            new ProbeFailure('timeout', `no TCP connection within ${timeoutMs} ms`, {
              beforeConnect: true,
            }),
          );
        },
        Math.max(deadlineMs - Date.now(), 0),
      );
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RdpConnection(socket, deadlineMs, timeoutMs));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new ProbeFailure('unreachable', socketReason(e), { beforeConnect: true }));
      });
    });
  }

  private timeoutWords(): string {
    const what = this.waiter?.what ?? 'an answer';
    const got = this.buffered.length;
    return `no complete ${what} within ${this.timeoutMs} ms${got > 0 ? ` (${got} byte(s) arrived)` : ' (nothing arrived)'}`;
  }

  private listen(s: Socket | TLSSocket): void {
    s.on('data', (chunk: Buffer) => {
      if (this.buffered.length + chunk.length > MAX_BUFFERED) {
        this.fail(new ProbeFailure('malformed', `the server sent more than ${MAX_BUFFERED} bytes unasked`));
        return;
      }
      const joined = new Uint8Array(this.buffered.length + chunk.length);
      joined.set(this.buffered);
      joined.set(chunk, this.buffered.length);
      this.buffered = joined;
      this.deliver();
    });
    s.on('error', (e) => this.fail(new ProbeFailure('closed', `the connection failed: ${socketReason(e)}`)));
    s.on('close', () => {
      const what = this.waiter?.what ?? 'an answer';
      const got = this.buffered.length;
      this.fail(
        got === 0
          ? new ProbeFailure('closed', `the server closed the connection instead of sending ${what}`, {
              hungUpBeforeAnswer: true,
            })
          : new ProbeFailure('truncated', `the server closed the connection after ${got} byte(s) of ${what}`),
      );
    });
  }

  private fail(f: ProbeFailure): void {
    if (this.failure) return;
    this.failure = f;
    clearTimeout(this.timer);
    this.socket.destroy();
    if (this.stream !== this.socket) this.stream.destroy();
    this.deliver();
  }

  private deliver(): void {
    const w = this.waiter;
    if (!w) return;
    const f = tpktFrame(this.buffered);
    if (f.kind === 'frame') {
      const frame = this.buffered.slice(0, f.length);
      this.buffered = this.buffered.slice(f.length);
      this.waiter = undefined;
      w.resolve(frame);
    } else if (f.kind === 'error') {
      this.waiter = undefined;
      const failure = new ProbeFailure(f.error.kind, `${w.what}: ${f.error.message}`);
      this.fail(failure);
      w.reject(failure);
    } else if (this.failure) {
      this.waiter = undefined;
      w.reject(this.failure);
    }
  }

  /** Sends a PDU and reads the one frame that answers it, parsed; a parse error ends the connection. */
  async exchange<T>(pdu: Uint8Array, what: string, parse: (frame: Uint8Array) => WireResult<T>): Promise<T> {
    if (this.failure) throw this.failure;
    this.stream.write(pdu);
    const frame = await new Promise<Uint8Array>((resolve, reject) => {
      this.waiter = { resolve, reject, what };
      this.deliver();
    });
    const r = parse(frame);
    if (r.ok) return r.value;
    const failure = new ProbeFailure(r.error.kind, r.error.message);
    this.fail(failure);
    throw failure;
  }

  /** TLS over this connection (after RDP_NEG_RSP selected it); no certificate is trusted or refused. */
  startTls(servername: string | undefined): Promise<TlsFacts> {
    if (this.failure) return Promise.reject(this.failure);
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('close');
    this.socket.removeAllListeners('error');
    return new Promise((resolve, reject) => {
      const t = tlsConnect({
        socket: this.socket,
        rejectUnauthorized: false,
        // The probe records what the server negotiates, old versions and suites included.
        minVersion: 'TLSv1',
        ciphers: 'DEFAULT:@SECLEVEL=0',
        ...(servername ? { servername } : {}),
      });
      this.stream = t;
      const onError = (e: Error): void => {
        const f = new ProbeFailure('tls', `the TLS handshake failed: ${socketReason(e)}`);
        this.fail(f);
        reject(f);
      };
      const onClose = (): void => onError(new Error('the server closed the connection'));
      t.once('error', onError);
      t.once('close', onClose);
      t.once('secureConnect', () => {
        t.off('error', onError);
        t.off('close', onClose);
        this.listen(t);
        const cert = t.getPeerCertificate();
        const validTo = cert.valid_to ? new Date(cert.valid_to) : undefined;
        resolve({
          protocol: t.getProtocol() ?? 'unknown',
          cipher: t.getCipher().standardName || t.getCipher().name,
          ...(cert.subject && validTo && !Number.isNaN(validTo.getTime())
            ? {
                certificate: {
                  subject: distinguishedName(cert.subject),
                  ...(cert.issuer ? { issuer: distinguishedName(cert.issuer) } : {}),
                  validTo: validTo.toISOString(),
                  expired: validTo.getTime() < Date.now(),
                },
              }
            : {}),
        });
      });
    });
  }

  /**
   * Says goodbye (the PDU, if any) and closes our side, then the socket once that is sent: the
   * server's own close is never waited for.
   */
  end(goodbye?: Uint8Array): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    if (this.failure) return;
    this.failure = new ProbeFailure('closed', 'closed by the probe');
    const destroy = (): void => {
      this.stream.destroy();
      this.socket.destroy();
    };
    if (goodbye) this.stream.end(goodbye, destroy);
    else this.stream.end(destroy);
    // A socket the kernel cannot flush (the peer stopped reading) is not waited for either.
    setTimeout(destroy, 200).unref();
  }

  /** Resolves once the socket is fully closed (for the connection gate). */
  closed(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) resolve();
      else this.socket.once('close', () => resolve());
    });
  }
}
