// The browser fallback of `npm start` where no Electron binary exists: the same wizard, served on
// 127.0.0.1, backed by the same service over a simulated machine (never this Windows machine: a
// browser tab does not get to write a real registry), through the same contract (dispatch() parses
// every request and result with src/ipc/contract.ts). The HTTP hop stands in for IPC.
//
// Who may drive it: only the person who started it. Any local user can connect to 127.0.0.1, so
// nothing a request without credentials gets may let them in: `/` then shows only how to open the
// wizard. The URL printed on the starter's terminal carries a one-time token; opening it exchanges
// the token for a session cookie (HttpOnly, so no script reads it; SameSite=Strict, so no other
// site's page sends it) and the token is spent. Every page, script and API call needs the cookie;
// a request from another origin, or for another host name (DNS rebinding), is refused as well.
// It is for a single-user development machine (README): whoever can read that terminal is the user.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DEFAULT_SCENARIO, openSimulated } from '../src/app/machine-choice';
import { CHANNELS, PROGRESS_CHANNEL, VERBS, type Verb } from '../src/ipc/contract';
import { AppService } from '../src/app/app-service';
import { dispatch } from './dispatch';
import { CONTENT_SECURITY_POLICY, newStyleNonce, pagePolicy, pageWithNonce } from './content-security-policy';

export interface BrowserServerOptions {
  /** A built-in simulated machine or a machine file; default both-methods. */
  readonly machine?: string;
  readonly port?: number;
  /** The built renderer (index.html, renderer.js, styles.css, web-bridge.js). */
  readonly rendererDir: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface BrowserServer {
  /** The one-time address to open: printed on the terminal of whoever started the server. */
  readonly url: string;
  readonly origin: string;
  readonly reportsDir: string;
  close(): Promise<void>;
}

/** The page's CSP, with the one difference the HTTP bridge needs: it may talk to its own origin. */
export const BROWSER_CSP = CONTENT_SECURITY_POLICY.replace("connect-src 'none'", "connect-src 'self'");

const STATIC: Readonly<Record<string, string>> = {
  '/renderer.js': 'text/javascript',
  '/web-bridge.js': 'text/javascript',
  '/styles.css': 'text/css',
  '/icon.svg': 'image/svg+xml',
};
const VERB_BY_CHANNEL = new Map<string, Verb>(VERBS.map((v) => [CHANNELS[v], v]));
const MAX_BODY = 64 * 1024;

function sameToken(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

const SESSION_COOKIE = 'fipsfix-session';

function sessionOf(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** All that `/` shows without the session: how to get in. Nothing in it lets anyone in. */
const HOW_TO_OPEN = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>FipsFix</title></head>
<body><h1>FipsFix</h1>
<p>Open the address that <code>npm start</code> printed in the terminal that started it: it holds a
one-time key that this browser exchanges for its session. The address works once; to open the wizard
in another browser, stop the server (Ctrl+C) and start it again.</p></body></html>
`;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const env = opts.env ?? process.env;
  const choice = openSimulated(opts.machine ?? DEFAULT_SCENARIO, opts.machine === undefined, env);
  /** Spent on first use: exchanged for the session cookie. */
  let openToken: string | undefined = randomBytes(24).toString('hex');
  const firstOpenToken = openToken;
  const session = randomBytes(32).toString('hex');
  const reportsDir = path.join(choice.location.root, 'reports');
  const listeners = new Set<ServerResponse>();
  const service = new AppService({
    choice,
    // Simulated machines and evidence folders by typed path; never this machine from a browser tab.
    targets: { thisMachine: false, env },
    offerDownload: true,
    commandTarget: { machine: opts.machine ?? DEFAULT_SCENARIO },
    onProgress: (step) => {
      const data = `data: ${JSON.stringify({ phase: step.phase, message: step.message })}\n\n`;
      for (const res of listeners) res.write(data);
    },
    saveReport: (name, content) => {
      mkdirSync(reportsDir, { recursive: true });
      const file = path.join(reportsDir, name);
      writeFileSync(file, content);
      return Promise.resolve(file);
    },
  });
  const indexHtml = readFileSync(path.join(opts.rendererDir, 'index.html'), 'utf8')
    .replace("connect-src 'none'", "connect-src 'self'")
    .replace(
      '<script src="renderer.js"></script>',
      '<script src="web-bridge.js"></script>\n<script src="renderer.js"></script>',
    );

  let origin = '';
  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    // A name other than our own address (DNS rebinding) gets nothing at all.
    if (`http://${host}` !== origin) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request');
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    const common = {
      'content-security-policy': BROWSER_CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    };
    const signedIn = sameToken(sessionOf(req), session);
    if (req.method === 'GET' && url.pathname === '/open') {
      const given = url.searchParams.get('token') ?? undefined;
      if (openToken === undefined || !sameToken(given, openToken)) {
        res.writeHead(403, { ...common, 'content-type': 'text/html; charset=utf-8' }).end(HOW_TO_OPEN);
        return;
      }
      openToken = undefined;
      res
        .writeHead(303, {
          ...common,
          location: '/',
          'set-cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`,
        })
        .end();
      return;
    }
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
      if (!signedIn) {
        res.writeHead(200, { ...common, 'content-type': 'text/html; charset=utf-8' }).end(HOW_TO_OPEN);
        return;
      }
      // A fresh style nonce at every load, in the CSP header and in the page alike.
      const nonce = newStyleNonce();
      res
        .writeHead(200, {
          ...common,
          'content-security-policy': pagePolicy(BROWSER_CSP, nonce),
          'content-type': 'text/html; charset=utf-8',
        })
        .end(pageWithNonce(indexHtml, nonce));
      return;
    }
    const verb = url.pathname.startsWith('/ipc/') ? VERB_BY_CHANNEL.get(url.pathname.slice(5)) : undefined;
    if (req.method === 'POST' && verb) {
      // The session cookie is the credential; SameSite=Strict keeps other sites' pages from sending
      // it, and the origin check holds even for a browser that ignores SameSite.
      const fromOurPage =
        signedIn &&
        (req.headers.origin === undefined || req.headers.origin === origin) &&
        (req.headers['content-type'] ?? '').startsWith('application/json');
      const body = await readBody(req);
      let raw: unknown;
      try {
        raw = body === undefined ? undefined : JSON.parse(body);
      } catch {
        raw = undefined;
      }
      const result = await dispatch(
        service,
        verb,
        fromOurPage,
        Array.isArray(raw) ? raw : [Symbol('not an array')],
      );
      res
        .writeHead(fromOurPage ? 200 : 403, { ...common, 'content-type': 'application/json' })
        .end(JSON.stringify(result));
      return;
    }
    if (!signedIn) {
      res
        .writeHead(403, { ...common, 'content-type': 'text/plain' })
        .end('open the address printed on the terminal that started FipsFix');
      return;
    }
    const type = STATIC[url.pathname];
    if (req.method === 'GET' && type) {
      res
        .writeHead(200, { ...common, 'content-type': type })
        .end(readFileSync(path.join(opts.rendererDir, url.pathname.slice(1))));
      return;
    }
    if (req.method === 'GET' && url.pathname === `/ipc/${PROGRESS_CHANNEL}`) {
      res.writeHead(200, { ...common, 'content-type': 'text/event-stream' });
      res.write(': progress\n\n');
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }

  // A port already taken fails here (EADDRINUSE), for the caller to say so, instead of an 'error' event nobody hears.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/open?token=${firstOpenToken}`,
    origin,
    reportsDir,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of listeners) r.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
