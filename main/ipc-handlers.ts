// The IPC side of main: one ipcMain.handle per verb of the contract, each dropping messages whose
// sender is not a window this app created (Electron Fiddle's check), then going through dispatch()
// (schema on the way in and on the way out). Returns a disposer that removes every handler.
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, VERBS } from '../src/ipc/contract';
import type { AppService } from '../src/app/app-service';
import { dispatch, type CallLog } from './dispatch';

/** Only our own window, showing our own page, may talk to main. */
export function isTrustedSender(event: IpcMainInvokeEvent, ours: ReadonlySet<number>): boolean {
  const win = BrowserWindow.fromWebContents(event.sender);
  if (!win || !ours.has(win.id)) return false;
  const url = event.senderFrame?.url ?? '';
  return url.startsWith('app://fipsfix/');
}

export function registerIpcHandlers(
  service: AppService,
  ourWindows: ReadonlySet<number>,
  log: CallLog,
): () => void {
  for (const verb of VERBS) {
    ipcMain.handle(CHANNELS[verb], (event, ...raw: unknown[]) =>
      dispatch(service, verb, isTrustedSender(event, ourWindows), raw, log),
    );
  }
  return () => {
    for (const verb of VERBS) ipcMain.removeHandler(CHANNELS[verb]);
  };
}
