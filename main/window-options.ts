// The window. The BrowserWindow's options are one literal in
// createMainWindow(), so that electronegativity and the security test (test/main/security.test.ts,
// which reads this file's syntax tree) check exactly what main uses.
import { BrowserWindow } from 'electron';

export function createMainWindow(preload: string, packaged: boolean): BrowserWindow {
  return new BrowserWindow({
    width: 1100,
    height: 820,
    minWidth: 720,
    minHeight: 560,
    title: 'FipsFix',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !packaged,
    },
  });
}

/**
 * A hidden window that prints the report's HTML to PDF with Electron's own Chromium (so the app needs
 * no browser on the server). The report is self-contained: no script runs, nothing is loaded.
 */
export async function printReportPdf(
  html: string,
  templates: { headerTemplate: string; footerTemplate: string },
  marginsMm: { top: number; bottom: number; left: number; right: number },
): Promise<Uint8Array> {
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    win.webContents.session.webRequest.onBeforeRequest(
      { urls: ['http://*/*', 'https://*/*', 'file://*/*'] },
      (_d, callback) => callback({ cancel: true }),
    );
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    // The same page box, header and footer as the CLI's PDF (Chromium's templates; Electron's margins are in inches).
    const inches = (mm: number): number => mm / 25.4;
    return new Uint8Array(
      await win.webContents.printToPDF({
        pageSize: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: templates.headerTemplate,
        footerTemplate: templates.footerTemplate,
        margins: {
          top: inches(marginsMm.top),
          bottom: inches(marginsMm.bottom),
          left: inches(marginsMm.left),
          right: inches(marginsMm.right),
        },
      }),
    );
  } finally {
    win.destroy();
  }
}
