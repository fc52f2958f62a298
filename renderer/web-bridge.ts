// window.fipsfix for the browser fallback of `npm start` (main/browser-server.ts): the same named
// verbs as the preload, carried over HTTP to the local server instead of IPC. The browser sends the
// session cookie the server set when the one-time address from the terminal was opened (HttpOnly:
// this script never sees it), so no other page or process can drive the server.
import { CHANNELS, PROGRESS_CHANNEL, type Verb } from '../src/ipc/channels';
import type { FipsFixApi } from '../src/ipc/fipsfix-api';

function invoke(verb: Verb, args: unknown[]): Promise<never> {
  return fetch(`/ipc/${CHANNELS[verb]}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args),
  }).then((r) => r.json() as Promise<never>);
}

const api: FipsFixApi = {
  diagnose: (req) => invoke('diagnose', [req]),
  plan: (req) => invoke('plan', [req]),
  apply: (req) => invoke('apply', [req]),
  verify: (req) => invoke('verify', [req]),
  listBackups: () => invoke('listBackups', []),
  rollback: (req) => invoke('rollback', [req]),
  exportReport: (req) => invoke('exportReport', [req]),
  targets: () => invoke('targets', []),
  openTarget: (req) => invoke('openTarget', [req]),
  gpoInstructions: () => invoke('gpoInstructions', []),
  saveGpoInstructions: () => invoke('saveGpoInstructions', []),
  previewRollback: (req) => invoke('previewRollback', [req]),
  openFile: (req) => invoke('openFile', [req]),
  onProgress: (listener) => {
    const source = new EventSource(`/ipc/${PROGRESS_CHANNEL}`);
    source.onmessage = (e: MessageEvent<string>) => {
      const s = JSON.parse(e.data) as { phase: string; message: string };
      listener({ phase: String(s.phase), message: String(s.message) });
    };
    return () => source.close();
  },
};

Object.defineProperty(window, 'fipsfix', { value: Object.freeze(api), writable: false, configurable: false });
