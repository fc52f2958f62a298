// The app's security, checked over the source (the Electron runtime itself is test/electron/): the
// BrowserWindow's options as written, the page's CSP, the preload's surface, the IPC schemas against
// hostile input, the sender check, the headless mode's arguments, the browser fallback's guards — and
// electronegativity over main/ and renderer/, failing on any high-severity finding.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import ts from 'typescript';
import { contract, VERBS, type Verb } from '../../src/ipc/contract';
import { CHANNELS, PROGRESS_CHANNEL } from '../../src/ipc/channels';
import { dispatch } from '../../main/dispatch';
import type { AppService } from '../../src/app/app-service';
import { parseHeadlessArgs } from '../../main/headless';
import {
  CONTENT_SECURITY_POLICY,
  pagePolicy,
  STYLE_NONCE_PLACEHOLDER,
} from '../../main/content-security-policy';
import { BROWSER_CSP, startBrowserServer, type BrowserServer } from '../../main/browser-server';
import { electronegativity } from './electronegativity';

const ROOT = join(__dirname, '..', '..');
const src = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(
    file,
    src(file),
    ts.ScriptTarget.ES2022,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
}

function find<T extends ts.Node>(node: ts.Node, pred: (n: ts.Node) => n is T): T[] {
  const out: T[] = [];
  const visit = (n: ts.Node): void => {
    if (pred(n)) out.push(n);
    n.forEachChild(visit);
  };
  visit(node);
  return out;
}

function literalProps(o: ts.ObjectLiteralExpression): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p)) m.set(p.name.getText(), p.initializer.getText());
    else if (ts.isShorthandPropertyAssignment(p)) m.set(p.name.getText(), p.name.getText());
  }
  return m;
}

function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]),
  );
}

describe('the window', () => {
  it('is created in one place, with contextIsolation and sandbox on, Node off, and no weakening option', () => {
    const news = find(
      parse('main/window-options.ts'),
      (n): n is ts.NewExpression => ts.isNewExpression(n) && n.expression.getText() === 'BrowserWindow',
    );
    assert.equal(news.length, 2, "the app's window and the hidden window that prints a report to PDF");
    const prefsOf = (n: ts.NewExpression): Map<string, string> => {
      const arg = n.arguments?.[0];
      assert.ok(arg && ts.isObjectLiteralExpression(arg), 'the options are one literal');
      const wp = arg.properties.find(
        (p): p is ts.PropertyAssignment =>
          ts.isPropertyAssignment(p) && p.name.getText() === 'webPreferences',
      );
      assert.ok(wp && ts.isObjectLiteralExpression(wp.initializer));
      return literalProps(wp.initializer);
    };
    for (const n of news) {
      const props = prefsOf(n);
      assert.equal(props.get('contextIsolation'), 'true');
      assert.equal(props.get('sandbox'), 'true');
      assert.equal(props.get('nodeIntegration'), 'false');
      assert.equal(props.get('webSecurity'), 'true');
      assert.equal(props.get('allowRunningInsecureContent'), 'false');
      assert.equal(props.get('webviewTag'), 'false');
      assert.ok(!props.has('enableBlinkFeatures') && !props.has('enableRemoteModule'));
    }
    const [main, print] = news.map(prefsOf) as [Map<string, string>, Map<string, string>];
    assert.equal(main.get('preload'), 'preload');
    assert.equal(main.get('nodeIntegrationInWorker'), 'false');
    assert.equal(main.get('nodeIntegrationInSubFrames'), 'false');
    assert.equal(main.get('experimentalFeatures'), 'false');
    assert.equal(main.get('devTools'), '!packaged', 'no developer tools in the packaged app');
    assert.equal(print.get('javascript'), 'false', 'the PDF window runs no script');
    assert.ok(!print.has('preload'), 'the PDF window gets no bridge');
    // No other BrowserWindow anywhere in main/.
    for (const f of [
      'main/main.ts',
      'main/ipc-handlers.ts',
      'src/app/app-service.ts',
      'main/browser-server.ts',
    ])
      assert.doesNotMatch(src(f), /new BrowserWindow\(/, f);
  });

  it('main denies navigation, new windows, <webview> and every permission, and serves the page from app://, not file://', () => {
    const main = src('main/main.ts');
    assert.match(main, /contents\.on\('will-navigate', \(ev\) => ev\.preventDefault\(\)\)/);
    assert.match(main, /contents\.on\('will-redirect', \(ev\) => ev\.preventDefault\(\)\)/);
    assert.match(main, /contents\.on\('will-attach-webview', \(ev\) => ev\.preventDefault\(\)\)/);
    assert.match(main, /contents\.setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    assert.match(main, /setPermissionRequestHandler\(\(_wc, _permission, callback\) => callback\(false\)\)/);
    assert.match(main, /setPermissionCheckHandler\(\(\) => false\)/);
    assert.match(main, /protocol\.handle\('app'/);
    assert.match(main, /win\.loadURL\(APP_ENTRY\)/);
    assert.doesNotMatch(main, /loadFile\(|file:\/\/|shell\.openExternal|@electron\/remote/);
    // The protocol serves a fixed list of files, each with the CSP as a header too.
    assert.match(main, /FILES\[url\.pathname\]/);
    assert.match(main, /'content-security-policy': policy/);
    // The page's policy adds this load's style nonce, and nothing else.
    assert.match(main, /url\.pathname === '\/index\.html' \? newStyleNonce\(\) : undefined/);
    assert.match(main, /nonce \? pagePolicy\(CONTENT_SECURITY_POLICY, nonce\) : CONTENT_SECURITY_POLICY/);
  });
});

describe('the Content-Security-Policy', () => {
  it("is strict: nothing but the app's own scripts and styles, no network, no inline code", () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    assert.equal(d.get('default-src'), "'none'");
    assert.equal(d.get('script-src'), "'self'");
    assert.equal(d.get('style-src'), "'self'");
    assert.equal(d.get('connect-src'), "'none'");
    assert.equal(d.get('object-src'), "'none'");
    assert.equal(d.get('base-uri'), "'none'");
    assert.equal(d.get('form-action'), "'none'");
    assert.equal(d.get('frame-ancestors'), "'none'");
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-|\*|data:|blob:|https?:/);
    // The page's own policy: Fluent UI's run-time <style> elements by this load's nonce, never 'unsafe-inline'.
    const page = pagePolicy(CONTENT_SECURITY_POLICY, 'bm9uY2Vub25jZW5vbmNlMQ==');
    assert.equal(directives(page).get('style-src'), "'self' 'nonce-bm9uY2Vub25jZW5vbmNlMQ=='");
    assert.equal(page.replace(" 'nonce-bm9uY2Vub25jZW5vbmNlMQ=='", ''), CONTENT_SECURITY_POLICY);
    assert.doesNotMatch(page, /unsafe-/);
  });

  it('the page carries the same policy (less frame-ancestors, which a <meta> cannot set) and no inline script or style', () => {
    const html = src('renderer/index.html');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"\s*\/?>/.exec(html)?.[1];
    assert.equal(
      meta,
      pagePolicy(CONTENT_SECURITY_POLICY, STYLE_NONCE_PLACEHOLDER).replace("; frame-ancestors 'none'", ''),
    );
    assert.match(
      html,
      new RegExp(`<meta name="fipsfix-style-nonce" content="${STYLE_NONCE_PLACEHOLDER}" />`),
    );
    assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]|<style|\sstyle=|\son[a-z]+=/i);
    // Every component of the window, not only the shell: the steps and shared pieces live in sub-folders.
    const components = readdirSync(join(ROOT, 'renderer'), { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.tsx'),
    );
    assert.ok(components.length >= 10, `found only ${components.length} .tsx files`);
    for (const f of components)
      assert.doesNotMatch(src(join('renderer', f)), /dangerouslySetInnerHTML|style=\{/, f);
  });

  it("the browser fallback's policy differs only in talking to its own origin", () => {
    assert.equal(BROWSER_CSP, CONTENT_SECURITY_POLICY.replace("connect-src 'none'", "connect-src 'self'"));
  });
});

describe('the preload', () => {
  it('exposes named verbs only, one per contract channel, and never ipcRenderer or a generic invoke', () => {
    const preload = src('main/preload.ts');
    const sf = parse('main/preload.ts');
    const exposes = find(
      sf,
      (n): n is ts.CallExpression =>
        ts.isCallExpression(n) && n.expression.getText() === 'contextBridge.exposeInMainWorld',
    );
    assert.equal(exposes.length, 1);
    assert.equal(exposes[0]!.arguments[0]!.getText(), "'fipsfix'");
    assert.equal(exposes[0]!.arguments[1]!.getText(), 'api');
    const api = find(
      sf,
      (n): n is ts.VariableDeclaration => ts.isVariableDeclaration(n) && n.name.getText() === 'api',
    )[0];
    assert.ok(api?.initializer && ts.isObjectLiteralExpression(api.initializer));
    assert.deepEqual([...literalProps(api.initializer).keys()].sort(), [...VERBS, 'onProgress'].sort());
    const invokes = find(
      sf,
      (n): n is ts.CallExpression =>
        ts.isCallExpression(n) && n.expression.getText() === 'ipcRenderer.invoke',
    );
    assert.equal(invokes.length, VERBS.length);
    for (const call of invokes)
      assert.match(
        call.arguments[0]!.getText(),
        /^CHANNELS\.[a-zA-Z]+$/,
        'a fixed channel, never one the page chooses',
      );
    assert.doesNotMatch(preload, /exposeInMainWorld\([^)]*ipcRenderer|ipcRenderer\.send\(|require\(/);
  });

  it('is bundled into one small file that requires only electron', () => {
    const bundle = src('dist/main/preload.js');
    const requires = [...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(requires)], ['electron']);
    assert.ok(bundle.length < 4096, `${bundle.length} bytes`);
  });
});

describe('the IPC contract', () => {
  const hostile: Readonly<Record<Verb, unknown[][]>> = {
    diagnose: [[{ path: 'HKLM\\SYSTEM' }], ['x'], [], [{ sources: 'gpresult /x' }]],
    verify: [[true], [], [{ afterRefresh: 'yes' }], [{ afterRefresh: true, command: 'gpupdate /force' }]],
    listBackups: [['C:\\ProgramData\\FipsFix\\backups']],
    plan: [
      [],
      [{ rdpLevel: 4, confirmLow: false }],
      [{ rdpLevel: '3', confirmLow: false }],
      [{ rdpLevel: 3 }],
      [
        {
          rdpLevel: 3,
          confirmLow: false,
          registryValue: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled',
        },
      ],
      [{ rdpLevel: 3, confirmLow: false }, 'extra'],
    ],
    apply: [
      [],
      [{ planId: 'plan-1' }],
      [{ planId: 'plan-0123456789abcdef0123456789abcdef', changes: [] }],
      [{ format: 'fipsfix-plan/1', kind: 'changes', changes: [{ id: 'fips-algorithm-policy', after: 1 }] }],
      [{ planId: 'plan-0123456789abcdef0123456789abcdef" & calc.exe' }],
    ],
    rollback: [
      [{ backupId: 'C:\\ProgramData\\FipsFix\\backups\\20251125T120000Z-0123abcd.json' }],
      [{ backupId: '../20251125T120000Z-0123abcd' }],
      [{ backupId: '20251125T120000Z-0123abcd', file: 'x' }],
      [{ backup: '20251125T120000Z-0123abcd' }],
    ],
    exportReport: [
      [{ backupId: null, format: 'exe' }],
      [{ backupId: '20251125T120000Z-0123abcd', format: 'html', file: 'C:\\x.html' }],
      [{ backupId: null, format: 'json', path: 'C:\\Windows\\System32\\x.json' }],
      [{ format: 'json' }],
      [{ backupId: null, format: 'json', changeTicket: { changeId: 'x', command: 'calc.exe' } }],
      [{ backupId: null, format: 'json', changeTicket: { changeId: 'x'.repeat(201) } }],
    ],
    targets: [['C:\\']],
    openTarget: [
      [],
      [{ kind: 'registry', path: 'HKLM\\SYSTEM' }],
      [{ kind: 'built-in', name: '..\\..\\machine.json' }],
      [{ kind: 'built-in', name: 'C:\\x.json' }],
      [{ kind: 'evidence-folder', path: '' }],
      [{ kind: 'evidence-folder' }],
      [{ kind: 'this-machine', command: 'reg add' }],
    ],
    gpoInstructions: [[{ out: 'C:\\x.md' }]],
    saveGpoInstructions: [[{ file: 'C:\\x.md' }]],
    previewRollback: [[{ backupId: '../20251125T120000Z-0123abcd' }], []],
    openFile: [[], [{ file: '' }], [{ file: 'C:\\x.html', args: ['/c', 'calc'] }]],
  };

  it('refuses registry paths, values, command lines, file paths (but an evidence folder or a machine file the administrator chose) and extra fields for every verb', () => {
    for (const verb of VERBS) {
      for (const raw of hostile[verb])
        assert.equal(contract[verb].args.safeParse(raw).success, false, `${verb} ${JSON.stringify(raw)}`);
    }
  });

  it('accepts only identifiers and choices', () => {
    const good: Readonly<Record<Verb, unknown[]>> = {
      diagnose: [{ sources: 'registry' }],
      verify: [{ afterRefresh: true }],
      listBackups: [],
      plan: [{ rdpLevel: 1, confirmLow: true }],
      apply: [{ planId: 'plan-0123456789abcdef0123456789abcdef' }],
      rollback: [{ backupId: '20251125T120000Z-0123abcd' }],
      exportReport: [{ backupId: null, format: 'json', changeTicket: { changeId: 'CHG0012345' } }],
      targets: [],
      openTarget: [{ kind: 'built-in', name: 'fips-domain-gpo' }],
      gpoInstructions: [],
      saveGpoInstructions: [],
      previewRollback: [{ backupId: '20251125T120000Z-0123abcd' }],
      // A path the service compares with the files it saved itself, and opens only those.
      openFile: [{ file: '/home/admin/fipsfix-report.html' }],
    };
    for (const verb of VERBS) assert.equal(contract[verb].args.safeParse(good[verb]).success, true, verb);
    assert.deepEqual(Object.keys(CHANNELS).sort(), [...VERBS].sort());
    assert.equal(new Set(Object.values(CHANNELS)).size, VERBS.length);
  });

  it('dispatch drops an untrusted sender and bad arguments before the service is touched, and never returns a stack', async () => {
    const touched: string[] = [];
    const service = new Proxy({} as AppService, {
      get: (_t, name) => () => {
        touched.push(String(name));
        throw new Error('boom\n    at secret (C:\\src\\x.ts:1:1)');
      },
    });
    const untrusted = await dispatch(service, 'apply', false, [
      { planId: 'plan-0123456789abcdef0123456789abcdef' },
    ]);
    assert.deepEqual(untrusted.ok ? undefined : untrusted.error.code, 'UntrustedSender');
    const invalid = await dispatch(service, 'rollback', true, [{ backupId: 'C:\\x.json' }]);
    assert.deepEqual(invalid.ok ? undefined : invalid.error.code, 'InvalidRequest');
    assert.deepEqual(touched, []);
    // The service's failure is logged on stderr; this test only reads what the window gets.
    const quiet = mock.method(process.stderr, 'write', () => true);
    try {
      const failed = await dispatch(service, 'diagnose', true, [{ sources: 'all' }]);
      assert.equal(failed.ok, false);
      assert.ok(
        !failed.ok &&
          failed.error.code === 'Failed' &&
          !failed.error.message.includes(' at ') &&
          failed.error.next.length > 0,
      );
    } finally {
      quiet.mock.restore();
    }
  });

  it("main's handlers check the sender's window with BrowserWindow.fromWebContents and the page's origin, for every verb", () => {
    const h = src('main/ipc-handlers.ts');
    assert.match(h, /BrowserWindow\.fromWebContents\(event\.sender\)/);
    assert.match(h, /ours\.has\(win\.id\)/);
    assert.match(h, /url\.startsWith\('app:\/\/fipsfix\/'\)/);
    assert.match(
      h,
      /for \(const verb of VERBS\) \{\s+ipcMain\.handle\(CHANNELS\[verb\], \(event, \.\.\.raw: unknown\[\]\) =>\s*dispatch\(service, verb, isTrustedSender\(event, ourWindows\), raw, log\),?\s*\);/,
    );
    // Nothing else in main registers a handler or listens on a channel.
    for (const f of ['main/main.ts', 'src/app/app-service.ts', 'main/browser-server.ts'])
      assert.doesNotMatch(src(f), /ipcMain\./, f);
  });
});

describe('the headless elevated mode', () => {
  const sha = 'a'.repeat(64);
  it('the installed app refuses --machine in its elevated step (simulated machines are for development)', () => {
    assert.match(
      src('main/main.ts'),
      /headless\.kind === 'headless' && app\.isPackaged && headless\.request\.machine !== undefined\) \{[\s\S]{0,400}app\.exit\(3\)/,
    );
  });
  it('accepts exactly apply-plan --plan F --sha256 H and rollback-backup --backup F --sha256 H', () => {
    assert.deepEqual(parseHeadlessArgs(['FipsFix.exe']), { kind: 'window' });
    assert.deepEqual(
      parseHeadlessArgs([
        'C:\\FipsFix\\FipsFix.exe',
        'apply-plan',
        '--plan',
        'C:\\Temp\\plan.json',
        '--sha256',
        sha,
      ]),
      { kind: 'headless', request: { mode: 'apply-plan', file: 'C:\\Temp\\plan.json', sha256: sha } },
    );
    assert.deepEqual(
      parseHeadlessArgs([
        'electron',
        '/app',
        'rollback-backup',
        '--backup',
        '/d/b.json',
        '--sha256',
        sha,
        '--machine',
        'rdp-tcp-fips',
      ]),
      {
        kind: 'headless',
        request: { mode: 'rollback-backup', file: '/d/b.json', sha256: sha, machine: 'rdp-tcp-fips' },
      },
    );
  });
  it('refuses anything else after the mode word', () => {
    for (const argv of [
      ['x', 'apply-plan'],
      ['x', 'apply-plan', '--plan', 'p.json'],
      ['x', 'apply-plan', '--plan', 'p.json', '--sha256', 'nothex'],
      ['x', 'apply-plan', '--backup', 'p.json', '--sha256', sha],
      ['x', 'apply-plan', '--plan', 'p.json', '--sha256', sha, '--inspect', '9229'],
      ['x', 'apply-plan', '--plan', 'p.json', '--plan', 'q.json', '--sha256', sha],
      ['x', 'rollback-backup', '--backup', 'b.json', '--sha256', sha, '--machine', 'a&calc'],
    ]) {
      assert.equal(parseHeadlessArgs(argv).kind, 'invalid', argv.join(' '));
    }
  });
});

describe('the browser fallback (npm start without Electron)', () => {
  let server: BrowserServer;
  let data: string;
  before(async () => {
    data = mkdtempSync(join(tmpdir(), 'fipsfix-bridge-'));
    server = await startBrowserServer({
      machine: 'rdp-tcp-fips',
      rendererDir: join(ROOT, 'dist', 'renderer'),
      env: { ...process.env, FIPSFIX_DATA_DIR: data },
    });
  });
  after(async () => {
    await server.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only; `/` without the session shows only how to open the printed address, and holds no key', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/open\?token=[0-9a-f]{48}$/);
    const token = new URL(server.url).searchParams.get('token') ?? '';
    const page = await (await fetch(`${server.origin}/`)).text();
    assert.match(page, /Open the address that <code>npm start<\/code> printed in the terminal/);
    assert.ok(!page.includes(token), 'the one-time key is not in the page');
    assert.doesNotMatch(page, /<script|fipsfix-token/);
    for (const p of ['/renderer.js', '/web-bridge.js', `/ipc/${PROGRESS_CHANNEL}`])
      assert.equal((await fetch(`${server.origin}${p}`)).status, 403, p);
  });

  it('the one-time address is exchanged once for an HttpOnly, SameSite=Strict cookie; every API call needs it', async () => {
    const post = (headers: Record<string, string>, body = '[{"sources":"all"}]') =>
      fetch(`${server.origin}/ipc/${CHANNELS.diagnose}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const noCookie = await post({});
    assert.equal(noCookie.status, 403);
    assert.equal(((await noCookie.json()) as { error: { code: string } }).error.code, 'UntrustedSender');

    const token = new URL(server.url).searchParams.get('token') ?? '';
    const wrong = token.replace(/.$/, token.endsWith('0') ? '1' : '0');
    assert.equal((await fetch(`${server.origin}/open?token=${wrong}`, { redirect: 'manual' })).status, 403);
    const opened = await fetch(server.url, { redirect: 'manual' });
    assert.equal(opened.status, 303);
    assert.equal(opened.headers.get('location'), '/');
    const setCookie = opened.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^fipsfix-session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\/$/);
    const cookie = setCookie.split(';')[0] ?? '';
    assert.equal(
      (await fetch(server.url, { redirect: 'manual' })).status,
      403,
      'the address works once: a second opening (another user who saw it later) gets nothing',
    );

    const page = await (await fetch(`${server.origin}/`, { headers: { cookie } })).text();
    assert.match(page, /<script src="web-bridge\.js"><\/script>/);
    assert.ok(!page.includes(cookie.split('=')[1] ?? 'x'), 'the page does not carry the session either');

    assert.equal((await post({ cookie, origin: 'http://evil.example' })).status, 403);
    assert.equal((await post({ cookie: `fipsfix-session=${'0'.repeat(64)}` })).status, 403);
    const ok = await post({ cookie, origin: server.origin });
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { ok: boolean }).ok, true);
    const bad = await post({ cookie }, JSON.stringify([{ registryValue: 'HKLM\\x' }]));
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'InvalidRequest');
    const progress = await fetch(`${server.origin}/ipc/${PROGRESS_CHANNEL}`, { headers: { cookie } });
    assert.equal(progress.status, 200);
    await progress.body?.cancel();

    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const r = request(`${server.origin}/`, { headers: { host: 'rebound.example:80', cookie } }, (res) =>
        resolve(res.statusCode ?? 0),
      );
      r.on('error', reject);
      r.end();
    });
    assert.equal(status, 421, 'DNS rebinding: another host name gets nothing');
    // Each load of the page gets its own style nonce, the same in its CSP header and in its HTML.
    const loads = await Promise.all([
      fetch(`${server.origin}/`, { headers: { cookie } }),
      fetch(`${server.origin}/`, { headers: { cookie } }),
    ]);
    const nonces = await Promise.all(
      loads.map(async (r) => {
        const header = r.headers.get('content-security-policy') ?? '';
        const html = await r.text();
        const inHeader = /style-src 'self' 'nonce-([A-Za-z0-9+/=]{24})'/.exec(header)?.[1];
        assert.ok(inHeader, header);
        assert.doesNotMatch(header, /unsafe-/);
        assert.ok(html.includes(`<meta name="fipsfix-style-nonce" content="${inHeader}" />`));
        assert.ok(html.includes(`'nonce-${inHeader}'`));
        assert.ok(!html.includes(STYLE_NONCE_PLACEHOLDER));
        return inHeader;
      }),
    );
    assert.notEqual(nonces[0], nonces[1], 'a fresh nonce at every load');
    const unsigned = await fetch(`${server.origin}/ipc/fipsfix:progress`);
    assert.equal(unsigned.status, 403, 'progress without the session cookie gets nothing');
  });
});

describe('electronegativity', () => {
  it('finds nothing of high severity in main/ and renderer/', async () => {
    const { findings, parseErrors } = await electronegativity(ROOT);
    const counts = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']
      .map((s) => `${findings.filter((f) => f.severity === s).length} ${s.toLowerCase()}`)
      .join(', ');
    console.log(`electronegativity: ${counts}; ${parseErrors} file(s) it could not parse`);
    for (const f of findings)
      console.log(`  ${f.severity} ${f.confidence} ${f.id} ${f.file}:${f.line ?? '-'} ${f.description}`);
    assert.equal(parseErrors, 0);
    assert.deepEqual(
      findings.filter((f) => f.severity === 'HIGH').map((f) => `${f.id} ${f.file}:${f.line}`),
      [],
    );
  });
});
