// "What the listener does now", beside the verdict: a simulated machine whose RDP-Tcp answers on a
// real xrdp listener at FIPS (listenerAddresses), served by the browser fallback to Debian's Chromium.
// The window shows the core's wire finding and the confidence it earns; without a probe, only the
// confidence, which says nothing was probed. Skipped, saying why, without xrdp or Chromium.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from '../../main/browser-server';
import { startXrdp, xrdpMissing } from '../../scripts/xrdp-listeners.mjs';

const ROOT = join(__dirname, '../..');
const RENDERER = join(ROOT, 'dist', 'renderer');
const CHROMIUM = '/usr/bin/chromium';
const missing =
  xrdpMissing() ??
  (existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed`) ??
  (existsSync(join(RENDERER, 'index.html')) ? undefined : 'the renderer is not built (npm run build)');
if (missing) process.stdout.write(`# skipped: the window's wire test needs ${missing}\n`);

const ADDRESS = '127.0.0.81';
const PORT = 35781;

function machineWithListenerAt(dir: string, address: string | undefined): string {
  const m = JSON.parse(
    readFileSync(join(ROOT, 'src/machine/simulated/scenarios/rdp-tcp-fips.json'), 'utf8'),
  ) as { $schema?: string; listenerAddresses?: Record<string, string> };
  delete m.$schema;
  if (address) m.listenerAddresses = { 'RDP-Tcp': address };
  const file = join(dir, `${address ? 'probed' : 'unprobed'}.json`);
  writeFileSync(file, JSON.stringify(m, null, 2));
  return file;
}

describe('the window: what the listener does now', { skip: missing }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fipsfix-window-wire-'));
  let xrdp: Awaited<ReturnType<typeof startXrdp>> | undefined;
  let browser: Browser | undefined;
  const servers: BrowserServer[] = [];

  before(async () => {
    xrdp = await startXrdp({
      dir,
      name: 'fips',
      address: ADDRESS,
      port: PORT,
      securityLayer: 'rdp',
      cryptLevel: 'fips',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
    await xrdp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function diagnosisText(machine: string): Promise<{ wire: string | null; confidence: string }> {
    const server = await startBrowserServer({
      machine,
      rendererDir: RENDERER,
      env: { ...process.env, FIPSFIX_DATA_DIR: join(dir, `data-${servers.length}`) },
    });
    servers.push(server);
    const page = await browser!.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(server.url);
    // The final diagnosis (the policy sources read), not the registry-only first answer.
    await page.locator('[data-testid="confidence"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="sources-pending"]').waitFor({ state: 'detached', timeout: 30_000 });
    const wire = page.locator('[data-testid="wire"]');
    const out = {
      wire: (await wire.count()) > 0 ? await wire.innerText() : null,
      confidence: await page.locator('[data-testid="confidence"]').innerText(),
    };
    await page.close();
    return out;
  }

  it('a listener that answers FIPS: shown beside the verdict, and the verdict is seen on the wire', async () => {
    const shown = await diagnosisText(machineWithListenerAt(dir, `${ADDRESS}:${PORT}`));
    assert.match(shown.wire ?? '', /What the listener does now/);
    assert.match(
      shown.wire ?? '',
      new RegExp(`RDP-Tcp listener on port ${PORT} .*answered with the FIPS encryption level`),
    );
    assert.match(shown.confidence, /Seen on the wire/);
  });

  it('no listener address: no wire line, and the confidence says nothing was probed', async () => {
    const shown = await diagnosisText(machineWithListenerAt(dir, undefined));
    assert.equal(shown.wire, null);
    assert.match(shown.confidence, /not probed on the wire|nothing was probed on the wire/i);
  });
});
