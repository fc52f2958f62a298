// The preload: named verbs only, one per channel of src/ipc/contract.ts, exposed as window.fipsfix
// (the type is src/ipc/fipsfix-api.d.ts). No ipcRenderer, no generic invoke, no Node reaches the page.
// Bundled into one file (a sandboxed preload can only require 'electron' and a few others).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, PROGRESS_CHANNEL } from '../src/ipc/channels';
import type { FipsFixApi } from '../src/ipc/fipsfix-api';

const api: FipsFixApi = {
  diagnose: (req) => ipcRenderer.invoke(CHANNELS.diagnose, req),
  plan: (req) => ipcRenderer.invoke(CHANNELS.plan, req),
  apply: (req) => ipcRenderer.invoke(CHANNELS.apply, req),
  verify: (req) => ipcRenderer.invoke(CHANNELS.verify, req),
  listBackups: () => ipcRenderer.invoke(CHANNELS.listBackups),
  rollback: (req) => ipcRenderer.invoke(CHANNELS.rollback, req),
  exportReport: (req) => ipcRenderer.invoke(CHANNELS.exportReport, req),
  targets: () => ipcRenderer.invoke(CHANNELS.targets),
  openTarget: (req) => ipcRenderer.invoke(CHANNELS.openTarget, req),
  gpoInstructions: () => ipcRenderer.invoke(CHANNELS.gpoInstructions),
  saveGpoInstructions: () => ipcRenderer.invoke(CHANNELS.saveGpoInstructions),
  previewRollback: (req) => ipcRenderer.invoke(CHANNELS.previewRollback, req),
  openFile: (req) => ipcRenderer.invoke(CHANNELS.openFile, req),
  onProgress: (listener) => {
    const wrapped = (_e: IpcRendererEvent, step: { phase: string; message: string }): void =>
      listener({ phase: String(step.phase), message: String(step.message) });
    ipcRenderer.on(PROGRESS_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('fipsfix', api);
