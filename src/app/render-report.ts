// A report in the format asked for. JSON and HTML are pure strings from src/core; the PDF is that same
// HTML printed by Chromium (Debian's chromium here, Edge or Chrome on Windows; the app uses its own
// webContents.printToPDF), so there is no second layout. playwright-core is loaded only for a PDF.
import { existsSync } from 'node:fs';
import { jsonDocument } from '../core/json-document';
import type { Report } from '../core/report';
import { reportHtml, reportPageTemplates } from '../core/report-html';

export type ReportFormat = 'json' | 'html' | 'pdf';

export class ReportRenderFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportRenderFailure';
  }
}

/** A Chromium-based browser to print with: FIPSFIX_CHROMIUM, else the usual places. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates =
    process.platform === 'win32'
      ? [
          `${env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)'}\\Microsoft\\Edge\\Application\\msedge.exe`,
          `${env['ProgramFiles'] ?? 'C:\\Program Files'}\\Microsoft\\Edge\\Application\\msedge.exe`,
          `${env['ProgramFiles'] ?? 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
        ]
      : [
          '/usr/bin/chromium',
          '/usr/bin/chromium-browser',
          '/usr/bin/google-chrome',
          '/usr/bin/google-chrome-stable',
        ];
  const chosen = env['FIPSFIX_CHROMIUM'];
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  return candidates.find((c) => existsSync(c));
}

/** What every page carries at its top and bottom (reportPageTemplates). */
export interface PageTemplates {
  readonly headerTemplate: string;
  readonly footerTemplate: string;
}

/** The page box every PDF of a report is printed in, by Chromium here and by Electron in the app. */
export const REPORT_PDF_MARGINS_MM = { top: 20, bottom: 18, left: 12, right: 12 } as const;

export async function htmlToPdf(
  html: string,
  env: NodeJS.ProcessEnv = process.env,
  templates?: PageTemplates,
): Promise<Uint8Array> {
  const executablePath = findChromium(env);
  if (!executablePath) {
    throw new ReportRenderFailure(
      `no Chromium-based browser to print the PDF with (looked for ${process.platform === 'win32' ? 'Edge and Chrome' : 'chromium and google-chrome'}; set FIPSFIX_CHROMIUM to one). The HTML report prints the same page: --format html`,
    );
  }
  // require, not import(): the CLI bundle runs from a V8 code cache, which has no dynamic import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a PDF is asked for
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const browser = await chromium.launch({
    executablePath,
    // Offline by design: nothing to fetch, nothing to update; as root Chromium needs --no-sandbox.
    args: [
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(isRoot ? ['--no-sandbox'] : []),
    ],
  });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    // The report loads nothing; any request would be a bug, and is refused.
    await page.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort(),
    );
    await page.setContent(html, { waitUntil: 'load' });
    const m = REPORT_PDF_MARGINS_MM;
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: `${m.top}mm`, bottom: `${m.bottom}mm`, left: `${m.left}mm`, right: `${m.right}mm` },
      ...(templates ? { displayHeaderFooter: true, ...templates } : {}),
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}

export async function renderReport(report: Report, format: ReportFormat): Promise<Uint8Array> {
  switch (format) {
    case 'json':
      return new TextEncoder().encode(jsonDocument(report));
    case 'html':
      return new TextEncoder().encode(reportHtml(report));
    case 'pdf':
      return htmlToPdf(reportHtml(report), process.env, reportPageTemplates(report));
  }
}
