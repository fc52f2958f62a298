// The app's log file, for an administrator to send with a problem report: each IPC call (verb,
// duration, outcome kind), the start and end of the elevated step, and every error with its stack.
// electron-log writes it to Electron's logs folder for this app, app.getPath('logs')/main.log (on
// Windows under %APPDATA%, see main/README.md). It never holds registry data beyond what a diagnosis
// shows, nor the browser fallback's token (that shell does not use this file). Only main.ts loads
// this module: the CLI's bundle never includes electron-log.
import log from 'electron-log/main';
import type { CallLog } from './dispatch';

log.transports.file.level = 'info';
// The window shows errors in words; the console is for a developer's terminal only.
log.transports.console.level = 'warn';

export const appLog = {
  info: (message: string): void => log.info(message),
  error: (message: string, error?: unknown): void =>
    error === undefined ? log.error(message) : log.error(message, error),
  /** The file written, to say where it is. */
  file: (): string => log.transports.file.getFile().path,
  /** Errors nobody caught (main process): into the file, with their stack, and no dialog. */
  catchUncaught: (): void => void log.errorHandler.startCatching({ showDialog: false }),
};

export const ipcCallLog: CallLog = {
  call: (verb, ms, outcome) => log.info(`ipc ${verb} ${ms} ms: ${outcome}`),
  failure: (verb, error) => log.error(`ipc ${verb} threw:`, error),
};
