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
