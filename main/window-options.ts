// The window's settings and the page's Content-Security-Policy, as plain data so the security test
// reads exactly what main uses (test/main/security.test.ts).
import type { BrowserWindowConstructorOptions } from 'electron';

/** The page is served from this custom protocol, never file:// (Electron's security checklist). */
export const APP_ORIGIN = 'app://fipsfix';
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Strict: our own scripts and styles only, no network at all, no plugins, no framing, no forms. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function windowOptions(preload: string, packaged: boolean): BrowserWindowConstructorOptions {
  return {
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
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !packaged,
    },
  };
}
