// The wizard in Debian's Chromium, driven by keyboard only, at 1024×768 and at 1920×1080, against the
// browser-served app (main/browser-server.ts): the real renderer bundle (Fluent UI, its styles allowed
// by the page's per-load nonce), the real service, core and fix engine over simulated machines. The
// HTTP bridge (renderer/web-bridge.ts) stands in for the IPC hop only — the same verbs, the same
// contract schemas checked on the way in and out; the Electron hop itself is test/electron/. Every
// screen is checked with axe-core in light, dark and forced colours, and its primary action must be on
// screen without scrolling. Screenshots of the 1024×768 walk are written to docs/screenshots/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from '../../main/browser-server';
import { press, tabTo } from './keyboard';

const ROOT = join(__dirname, '..', '..');
const RENDERER = join(ROOT, 'dist', 'renderer');
const SHOTS = join(ROOT, 'docs', 'screenshots');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const EVIDENCE = join(ROOT, 'test', 'fixtures', 'shared-evidence', 'listener-fips');
const DIAGNOSIS_BUDGET_MS = 1000;
/**
 * As scripts/bench.mjs does: the budget is a wall time on an idle machine, where `node -e 0` takes
 * ~72 ms; on a host busy with other work it is scaled by how much slower `node -e 0` is now.
 */
const IDLE_NODE_MS = 72;
function nodeStartMs(): number {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '' } });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b)[3] ?? IDLE_NODE_MS;
}

const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
] as const;
type Viewport = (typeof VIEWPORTS)[number];

let browser: Browser;
let data: string;
const servers: BrowserServer[] = [];
let axeRuns = 0;
/** Every page load's time to the diagnosis on screen, for the budget (its median: a busy host's spikes aside). */
const loads: number[] = [];

before(async () => {
  data = mkdtempSync(join(tmpdir(), 'fipsfix-wizard-'));
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  // The browser's own start (its first page, fonts) is not the page's load time, which is measured.
  const warm = await browser.newPage();
  await warm.setContent('<p>FipsFix</p>');
  await warm.close();
});
after(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
  rmSync(data, { recursive: true, force: true });
  console.log(`axe-core: ${axeRuns} screen checks, 0 violations in each`);
});

interface Opened {
  page: Page;
  server: BrowserServer;
  env: NodeJS.ProcessEnv;
  errors: string[];
}

let opened = 0;
async function open(machine: string, viewport: Viewport): Promise<Opened> {
  // Each walk on its own data folder: a machine one walk fixed is pristine for the next.
  opened += 1;
  const env = { ...process.env, FIPSFIX_DATA_DIR: join(data, `${opened}-${machine}-${viewport.width}`) };
  const server = await startBrowserServer({ machine, rendererDir: RENDERER, env });
  servers.push(server);
  // Reduced motion: Fluent's colour transitions finish at once, so axe reads each theme's final colours.
  const page = await browser.newPage({ viewport, acceptDownloads: true, reducedMotion: 'reduce' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  await page.goto(server.url, { waitUntil: 'commit' });
  // From the navigation's start (performance.now()'s origin) to the verdict on screen.
  // A string, not a function: tsx's helpers (__name) do not exist in the page.
  const msToDiagnosis = await page.evaluate<number>(`new Promise((resolve) => {
    const check = () => (document.querySelector('[data-testid="verdict"]') ? resolve(performance.now()) : requestAnimationFrame(check));
    check();
  })`);
  loads.push(msToDiagnosis);
  await settled(page);
  assert.deepEqual(errors, [], 'no script or CSP errors on the page');
  // Fluent's run-time styles are in force: the command bar's primary button is Fluent's, styled.
  const styled = await page.evaluate<{ styles: number; nonced: number }>(`(() => {
    const styles = [...document.querySelectorAll('style')];
    return { styles: styles.length, nonced: styles.filter((s) => s.nonce && s.nonce.length > 0).length };
  })()`);
  assert.ok(styled.styles > 0 && styled.nonced === styled.styles, JSON.stringify(styled));
  return { page, server, env, errors };
}

/** The full verdict, with the policy sources, on screen. */
async function settled(page: Page): Promise<void> {
  await page.getByTestId('verdict').waitFor();
  await page.getByTestId('sources-pending').waitFor({ state: 'detached' });
  // The causes follow the verdict in a deferred render: read the page once they are there too.
  await page.getByTestId('cause-cards').waitFor({ state: 'attached' });
}

/**
 * axe-core over the whole page in light, dark and forced colours (Windows' contrast themes), each
 * with 0 violations; and the step's primary action on screen without scrolling.
 */
async function check(page: Page, where: string): Promise<void> {
  const vp = page.viewportSize();
  const primary = page.getByTestId('primary');
  if ((await primary.count()) > 0) {
    const box = await primary.boundingBox();
    assert.ok(
      box && vp && box.y >= 0 && box.y + box.height <= vp.height,
      `primary action on screen: ${where}`,
    );
  }
  await page.evaluate(AXE);
  for (const media of [
    { colorScheme: 'light', forcedColors: 'none' },
    { colorScheme: 'dark', forcedColors: 'none' },
    { colorScheme: 'light', forcedColors: 'active' },
  ] as const) {
    await page.emulateMedia({ ...media, reducedMotion: 'reduce' });
    // The theme follows the media query through React: two frames for it to render.
    await page.evaluate(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`);
    await page.waitForTimeout(100);
    const result = await page.evaluate<{
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[]; failureSummary?: string }[];
      }[];
    }>(
      // Tabster's (Fluent UI's focus manager) dummy <i tabindex="0" aria-hidden> sentinels, which hand the
      // focus on at the edges of a dialog or group the moment they get it, are the one thing left out.
      `axe.run({ include: [document], exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] })`,
    );
    assert.deepEqual(
      result.violations.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help}: ${v.nodes
            .slice(0, 3)
            .map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`)
            .join('; ')}`,
      ),
      [],
      `axe-core on ${where}, ${media.forcedColors === 'active' ? 'forced colours' : media.colorScheme}`,
    );
    axeRuns += 1;
  }
  await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none', reducedMotion: 'reduce' });
  await page.evaluate(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`);
  await page.waitForTimeout(100);
}

const text = (page: Page): Promise<string> => page.locator('main').innerText();

/**
 * A screenshot for docs/ (the 1024×768 walk only). Backup ids, times and the temporary data folder
 * differ at every run; they are shown as fixed examples in the picture (after every assertion on the
 * real ones) so that the committed screenshots change only when the wizard does.
 */
async function shot(page: Page, vp: Viewport, name: string, dark = false): Promise<void> {
  if (vp.width !== 1024 && !name.startsWith('wide')) return;
  await page.evaluate(`(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      n.nodeValue = n.nodeValue
        .replace(/\\d{8}T\\d{6}Z-[0-9a-f]{8}/g, '20261125T120000Z-1a2b3c4d')
        .replace(/\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z/g, '2026-11-25T12:00:00.000Z')
        .replace(/\\/tmp\\/fipsfix-wizard-[^/]+\\/[^/]+/g, '/home/admin/.local/share/fipsfix');
    }
  })()`);
  if (dark) await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SHOTS, name) });
  if (dark) await page.emulateMedia({ colorScheme: 'light' });
}

/** The heading the wizard focused on entering a step shows no box like a text field. */
async function headingFocusedPlainly(page: Page): Promise<void> {
  const r = await page.evaluate<{ tag: string; outline: string }>(`(() => {
    const el = document.activeElement;
    return { tag: el ? el.tagName : '', outline: el ? getComputedStyle(el).outlineStyle : '' };
  })()`);
  assert.deepEqual(r, { tag: 'H2', outline: 'none' });
}

/** Every registry path may break after a backslash, and only there. */
async function pathsBreakAtBackslashes(page: Page): Promise<void> {
  const bad = await page.evaluate<string[]>(`(() =>
    [...document.querySelectorAll('.path')].filter((el) => {
      const backslashes = (el.textContent.match(/\\\\/g) || []).length;
      return el.querySelectorAll('wbr').length !== backslashes || getComputedStyle(el).wordBreak !== 'normal';
    }).map((el) => el.textContent))()`);
  assert.deepEqual(bad, []);
  assert.ok((await page.locator('.path wbr').count()) > 0, 'registry paths are on screen');
}

/** Waits for the verdict on screen to say this (the page's CSP allows no eval, so no waitForFunction). */
async function verdictIs(page: Page, v: RegExp): Promise<void> {
  await page.getByTestId('verdict').filter({ hasText: v }).waitFor({ timeout: 15_000 });
}

async function fixWithPrimary(page: Page, label: RegExp): Promise<void> {
  await press(page, label);
  await page.getByTestId('applied').waitFor({ timeout: 20_000 });
  const states = await page
    .locator('.progress-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
  assert.ok(states.length >= 4, `the engine's steps are listed: ${states.join(', ')}`);
  assert.ok(
    states.every((s) => s === 'done'),
    `every engine step done: ${states.join(', ')}`,
  );
}

for (const vp of VIEWPORTS) {
  describe(`the wizard, by keyboard only, in Chromium at ${vp.width}×${vp.height}`, () => {
    it('Method 1, RDP-Tcp at FIPS, with Low: the second yes beside the changes, the fix, verify, report with the change ticket', async () => {
      const { page, server } = await open('rdp-tcp-fips', vp);

      const verdict = await page.getByTestId('verdict').innerText();
      assert.match(verdict, /^Blocked: Remote Assistance and RDP clients from Windows 10 are refused/);
      assert.match(verdict, /RDP encryption level in force: 4 \(FIPS Compliant\)/);
      const diag = await text(page);
      assert.match(diag, /Cause 1 of 1: The RDP-Tcp connection's own encryption level/);
      assert.match(diag, /Set by\s+the RDP-Tcp connection/i);
      assert.match(diag, /KB method\s+1: the RDP encryption level/);
      assert.match(diag, /WinStations\\RDP-Tcp\\MinEncryptionLevel = 4 \(FIPS Compliant\)/);
      assert.match(diag, /Evidence: what was read, and where/);
      assert.match(
        await page.getByTestId('listeners').innerText(),
        /^RDP-Tcp \(port 3389\): level 4 \(FIPS Compliant\).*; security layer .*; NLA /,
      );
      // No command-line wording anywhere in the window.
      assert.doesNotMatch(await page.locator('body').innerText(), /--machine|--confirm-low|--[a-z]+-[a-z]+/);
      await pathsBreakAtBackslashes(page);
      if (vp.width === 1920) {
        // The content uses the width: the verdict spans the content column, not its left part.
        const w = await page.getByTestId('verdict').boundingBox();
        assert.ok(w && w.width >= 0.8 * (vp.width - 224), `verdict ${w?.width} px wide`);
        await shot(page, vp, 'wide-1920-diagnosis.png');
      }
      await check(page, 'the diagnosis');
      await shot(page, vp, '1-diagnosis.png');
      await shot(page, vp, '1-diagnosis-dark.png', true);

      await press(page, /^Next: how to fix it$/);
      await headingFocusedPlainly(page);
      assert.match(await text(page), /set on the RDP-Tcp connection itself/);
      await check(page, 'how to fix it');
      await press(page, /^Next: review the changes$/);
      await page.getByTestId('changes').waitFor();
      assert.match(
        await page.getByTestId('changes').innerText(),
        /4 \(FIPS Compliant\)\s+3 \(High\)\s+the RDP-Tcp connection's own value/,
      );
      assert.equal(
        await page.getByRole('radio', { name: /High \(3\)/ }).isChecked(),
        true,
        'High is the default',
      );
      assert.match(
        await page.getByTestId('backup-note').innerText(),
        /backs up this value, and the policy store/,
      );
      assert.equal(await page.getByTestId('primary').innerText(), 'Apply 1 change to APP-TS02');

      // Low: the changes, warnings, backup and primary action stay in view, with the second yes beside them.
      await tabTo(page, /High \(3\)/);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.getByRole('radio', { name: /Low \(1\)/ }).isChecked(), true);
      await page.getByRole('cell', { name: '1 (Low)', exact: true }).waitFor();
      assert.equal(await page.getByTestId('primary').isDisabled(), true, 'no fix until Low is confirmed');
      for (const what of ['changes', 'backup-note', 'low-warning', 'primary']) {
        const box = await page.getByTestId(what).boundingBox();
        assert.ok(box && box.y >= 0 && box.y + box.height <= vp.height, `${what} in view with Low chosen`);
      }
      assert.match(await text(page), /weaker than High/);
      assert.doesNotMatch(await text(page), /--confirm-low/);
      await tabTo(page, /I understand that Low/);
      await page.keyboard.press('Space');
      await page.locator('[data-testid="primary"]:enabled').waitFor();
      await check(page, 'the confirmation (Low confirmed)');
      await shot(page, vp, '2-confirm-low.png');

      await fixWithPrimary(page, /^Apply 1 change to APP-TS02$/);
      const fixed = await text(page);
      assert.match(fixed, /Applied and verified/);
      assert.match(fixed, /Back up the 1 value\(s\)/);
      assert.match(fixed, /Read every changed value back/);
      assert.match(fixed, /MinEncryptionLevel\s+REG_DWORD 1\s+REG_DWORD 1\s+OK/);
      await check(page, 'the fix result');
      await shot(page, vp, '3-fixed.png');

      await press(page, /^Next: verify$/);
      await press(page, /^Check the server again$/);
      await page.getByTestId('verified').waitFor();
      assert.match(
        await page.getByTestId('verified').innerText(),
        /^Not blocked by the FIPS encryption level/,
      );
      await press(page, /^Refresh policy, then check/);
      await page.getByTestId('after-refresh').waitFor();
      assert.match(await page.getByTestId('after-refresh').innerText(), /the fix held\./);
      // The restart guidance ends in a decision: what to do now, what each answer means, how to check.
      const decision = await page.getByTestId('decision').innerText();
      assert.match(decision, /Now: start a new Remote Assistance or RDP connection/);
      assert.match(decision, /It connects: nothing more to do/);
      assert.match(decision, /still refused .*restart Remote Desktop Services/);
      await check(page, 'the verification');

      await press(page, /^Next: the report$/);
      await tabTo(page, /Change id/);
      await page.keyboard.type('CHG0012345');
      await tabTo(page, /Approved by/);
      await page.keyboard.type('Change Advisory Board');
      await check(page, 'the report');
      const exportAs = async (format: string): Promise<string> => {
        const download = page.waitForEvent('download');
        await press(page, new RegExp(`^Export the report \\(${format}\\)…$`));
        await page
          .getByTestId('exported')
          .filter({ hasText: `.${format.toLowerCase()}` })
          .waitFor({ timeout: 20_000 });
        const file = (await page.getByTestId('exported').innerText())
          .replace(/^Saved: /, '')
          .replace(/ \(and handed to the browser as a download\)\.$/, '')
          .trim();
        assert.ok(file.startsWith(server.reportsDir), file);
        // The browser fallback hands the file to the browser as a download too.
        assert.match((await download).suggestedFilename(), new RegExp(`\\.${format.toLowerCase()}$`));
        return file;
      };
      const report = JSON.parse(readFileSync(await exportAs('JSON'), 'utf8')) as {
        format: string;
        kind: string;
        changes: [{ after: string }];
      };
      assert.equal(report.format, 'fipsfix-report/1');
      assert.equal(report.kind, 'fix');
      assert.equal(report.changes[0].after, '1 (Low)');
      assert.match(readFileSync(await exportAs('HTML'), 'utf8'), /^<!doctype html>/i);
      await shot(page, vp, '6-report.png');
      await page.close();
    });

    it('Method 2 by local security policy: the fix, then a rollback said in words, and that rollback’s report', async () => {
      const { page } = await open('fips-local-security-policy', vp);
      const diag = await text(page);
      assert.match(diag, /Set by\s+local security policy/i);
      assert.match(diag, /KB method\s+2: the FIPS security option/);
      await press(page, /^Next: how to fix it$/);
      assert.match(await text(page), /through local security policy \(a security template\)/);
      await press(page, /^Next: review the changes$/);
      await page.getByTestId('changes').waitFor();
      const confirm = await text(page);
      assert.match(
        confirm,
        /1 \(Enabled\)\s+0 \(Disabled\)\s+local security policy \(a security template applied with secedit\)/,
      );
      assert.match(confirm, /DISA STIG/);
      assert.equal(await page.getByRole('radio').count(), 0, 'no RDP level to choose');
      await check(page, 'the confirmation (local security policy)');

      await fixWithPrimary(page, /^Apply 1 change to APP-TS03$/);
      assert.match(
        await text(page),
        /local security database: FIPS security option\s+defined 0\s+defined 0\s+OK/,
      );

      // Backups, through the step list: a keyboard path too.
      await tabTo(page, /^Backups$/, true);
      await page.keyboard.press('Enter');
      await page.getByTestId('backups').waitFor();
      assert.match(await page.getByTestId('backups').innerText(), /apply: applied/);
      // Ids do not wrap: each is one line box.
      const lines = await page
        .locator('[data-testid="backups"] .backup-id')
        .evaluateAll((ids) => ids.map((el) => el.getClientRects().length));
      assert.ok(
        lines.length > 0 && lines.every((n) => n === 1),
        `line boxes per backup id: ${lines.join(', ')}`,
      );
      await check(page, 'the backups list');
      await press(page, /^Roll back \d{8}T\d{6}Z-[0-9a-f]{8}/);
      await page.getByRole('alertdialog').waitFor();
      const consequence = page.getByTestId('rollback-consequence');
      await consequence.waitFor();
      assert.match(
        await consequence.innerText(),
        /The FIPS security option .*goes back to 1 \(Enabled\): Remote Assistance and RDP clients from Windows 10 will be refused again/,
      );
      const dialog = await page.getByRole('alertdialog').innerText();
      assert.match(dialog, /0 \(Disabled\)\s+1 \(Enabled\)/, 'the value, now → after');
      assert.match(dialog, /restart Remote Desktop Services/, 'the restart consequence');
      await check(page, 'the rollback question');
      await shot(page, vp, '5-rollback.png');
      await tabTo(page, /^Restore now$/);
      await page.keyboard.press('Enter');
      // "Now:" once the server has been read again after the rollback.
      await page.getByTestId('rolled-back').filter({ hasText: /Now: / }).waitFor({ timeout: 20_000 });
      const rolled = await page.getByTestId('rolled-back').innerText();
      assert.match(rolled, /Restored backup \d{8}T\d{6}Z-[0-9a-f]{8} and verified/);
      assert.match(rolled, /Now: Remote Assistance from Windows 10 is blocked by the FIPS security option/);
      await page.getByText(/rollback: restored/).waitFor();
      assert.equal(
        await page.getByRole('button', { name: /^Roll back / }).count(),
        0,
        'no "Roll back" for a backup already restored',
      );
      // That rollback's report, from the Backups step.
      const download = page.waitForEvent('download');
      await press(page, /^Report of \d{8}T\d{6}Z-[0-9a-f]{8}/);
      await page.getByTestId('exported').filter({ hasText: '.html' }).waitFor({ timeout: 20_000 });
      const html = readFileSync(await (await download).path(), 'utf8');
      assert.match(html, /^<!doctype html>/i);
      assert.match(html, /[Rr]olled back|[Rr]ollback/);
      await check(page, 'the backups after the rollback');
      await page.close();
    });

    it('a domain GPO: each thing said once, no fix, the instructions copied and saved for the domain administrator', async () => {
      const { page } = await open('fips-domain-gpo', vp);
      assert.match(await text(page), /Can FipsFix fix it on this server\?\s+No/);
      await press(page, /^Next: how to fix it$/);
      const ask = await page.getByTestId('ask-domain-admin').innerText();
      assert.match(ask, /GPO\s+Fabrikam Member Server Security/);
      assert.match(ask, /GUID\s+\{0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0\}/);
      assert.match(ask, /Linked at\s+fabrikam\.local\/Servers/);
      assert.match(ask, /Change it to\s+Disabled/);
      const step = await text(page);
      for (const once of [
        'Fabrikam Member Server Security',
        '{0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0}',
        'fabrikam.local/Servers',
        'Security Options › System cryptography',
        'not Not Defined',
      ])
        assert.equal(step.split(once).length - 1, 1, `"${once}" said once`);
      assert.match(await page.getByTestId('no-fix').innerText(), /FipsFix will not change anything/);
      assert.equal(await page.getByRole('button', { name: 'Confirm', exact: true }).isDisabled(), true);
      await page
        .getByRole('button', { name: /^Copy the instructions$/ })
        .and(page.locator(':enabled'))
        .waitFor();
      await press(page, /^Copy the instructions$/);
      await page.getByText(/^Copied\.$|^Could not copy/).waitFor();
      const download = page.waitForEvent('download');
      await press(page, /^Save instructions for the domain administrator…$/);
      const saved = await download;
      assert.equal(saved.suggestedFilename(), 'fipsfix-gpo-instructions-APP-TS04.md');
      const md = readFileSync(await saved.path(), 'utf8');
      assert.match(md, /^# What to ask the domain administrator for/);
      assert.match(md, /Domain GPO "Fabrikam Member Server Security"/);
      assert.match(md, /set it to \*\*Disabled\*\*/);
      await page.getByTestId('exported').waitFor();
      await check(page, 'the domain GPO explanation');
      await shot(page, vp, '4-domain-gpo.png');
      await page.close();
    });

    it('who set it is not known: what to collect, copied as text; no fix', async () => {
      const { page, server } = await open('fips-unelevated-gpresult', vp);
      await page
        .context()
        .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
      await press(page, /^Next: how to fix it$/);
      const collect = await page.getByTestId('collect-first').innerText();
      assert.match(collect, /gpresult \/scope computer \/x gpresult\.xml, run in an elevated prompt/);
      assert.match(await page.getByTestId('no-fix').innerText(), /FipsFix will not change anything/);
      await press(page, /^Copy what to collect$/);
      await page
        .getByTestId('collect-first')
        .getByText(/^Copied\.$/)
        .waitFor();
      const copied = await page.evaluate<string>('navigator.clipboard.readText()');
      assert.match(copied, /^The FIPS security option[^\n]*: Who set this is not known/);
      assert.match(copied, /\n1\. gpresult \/scope computer \/x gpresult\.xml, run in an elevated prompt/);
      assert.match(copied, /\n2\. rsop\.json: the RSoP rows of root\\rsop\\computer/);
      await check(page, 'what to collect for an unknown source');
      await shot(page, vp, '4-unknown-source.png');
      await page.close();
    });

    it('an evidence folder opened from the window: the verdict and how to fix it there, no fix offered', async () => {
      const { page } = await open('both-methods', vp);
      await tabTo(page, /^Server$/, true);
      await page.keyboard.press('Enter');
      // The radio group takes one Tab; the arrow keys choose within it.
      await tabTo(page, /A built-in simulated machine/);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.getByRole('radio', { name: /An evidence folder/ }).isChecked(), true);
      await tabTo(page, /^Evidence folder/);
      await page.keyboard.type(EVIDENCE);
      await check(page, 'the server choice');
      await shot(page, vp, '0-choose-server.png');
      await press(page, /^Open and diagnose$/);
      await page
        .getByTestId('origin')
        .filter({ hasText: /evidence folder/ })
        .waitFor();
      await settled(page);
      assert.match(await page.getByTestId('verdict').innerText(), /^Blocked/);
      assert.match(await page.getByTestId('origin').innerText(), /listener-fips/);
      await press(page, /^Next: how to fix it$/);
      assert.match(await page.getByTestId('evidence-only').innerText(), /changes nothing/);
      assert.match(await text(page), /On that server: Lower the RDP-Tcp connection's own encryption level/);
      assert.equal(
        await page.getByRole('button', { name: 'Confirm', exact: true }).isDisabled(),
        true,
        'no fix',
      );
      assert.equal(await page.getByRole('button', { name: /^Backups$/ }).isDisabled(), true);
      assert.equal(await page.getByTestId('primary').innerText(), 'Next: the report');
      await check(page, 'how to fix it, from an evidence folder');
      await page.close();
    });

    it('a change made behind the window’s back is shown when the window regains the focus, on Refresh and on F5', async () => {
      const { page, env } = await open('rdp-tcp-fips', vp);
      await press(page, /^Next: how to fix it$/);
      await press(page, /^Next: review the changes$/);
      await page.getByTestId('changes').waitFor();
      await fixWithPrimary(page, /^Apply 1 change to APP-TS02$/);
      await tabTo(page, /^Diagnosis$/, true);
      await page.keyboard.press('Enter');
      await verdictIs(page, /^Not blocked/);

      // Another tool puts the machine back as it was: the window shows it once it has the focus again.
      const reset = spawnSync(
        process.execPath,
        [join(ROOT, 'bin', 'fipsfix.cjs'), 'machines', '--reset', 'rdp-tcp-fips'],
        {
          env,
          encoding: 'utf8',
        },
      );
      assert.equal(reset.status, 0, reset.stderr);
      await page.evaluate(`window.dispatchEvent(new Event('focus'))`);
      await verdictIs(page, /^Blocked/);

      // And again with F5 (read in place, the wizard's state kept) and with Refresh.
      const fixedAgain = spawnSync(
        process.execPath,
        [join(ROOT, 'bin', 'fipsfix.cjs'), 'apply', '--machine', 'rdp-tcp-fips', '--yes'],
        { env, encoding: 'utf8' },
      );
      assert.equal(fixedAgain.status, 0, fixedAgain.stderr);
      await page.keyboard.press('F5');
      await verdictIs(page, /^Not blocked/);
      assert.equal(
        await page.getByRole('button', { name: 'Fix', exact: true }).isEnabled(),
        true,
        'F5 kept the wizard',
      );
      spawnSync(process.execPath, [join(ROOT, 'bin', 'fipsfix.cjs'), 'machines', '--reset', 'rdp-tcp-fips'], {
        env,
      });
      await press(page, /^Refresh$/);
      await verdictIs(page, /^Blocked/);
      await page.close();
    });
  });
}

describe('the time to a diagnosis', () => {
  it('puts the diagnosis on screen within 1 s of the page load (the median of every load above)', () => {
    const sorted = [...loads].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? Infinity;
    const node = nodeStartMs();
    const budget = DIAGNOSIS_BUDGET_MS * Math.max(1, node / IDLE_NODE_MS);
    console.log(
      `time from page load to the diagnosis on screen: median ${median.toFixed(0)} ms of ${loads.length} loads (${sorted.map((t) => t.toFixed(0)).join(', ')}); budget ${DIAGNOSIS_BUDGET_MS} ms on an idle machine, ${budget.toFixed(0)} ms now (node -e 0: ${node.toFixed(0)} ms, ~${IDLE_NODE_MS} ms idle)`,
    );
    assert.ok(loads.length >= 10, `${loads.length} loads measured`);
    assert.ok(median <= budget, `median ${median} ms, budget now ${budget} ms`);
  });
});
