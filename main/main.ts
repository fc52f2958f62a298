// The Electron main process and the app's composition root: it chooses the machine once (this
// Windows machine, or a simulated one where there is no Windows or when --machine names one), builds
// the service over the core and the fix engine, and opens one locked-down window. Started as the
// elevated step (apply-plan / rollback-backup), it opens no window: it runs that step and exits.
import { app, dialog, protocol, session, shell } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chooseSource, type Chosen, type MachineChoice } from '../src/app/machine-choice';
import { runApplyPlanElevated, runRollbackElevated } from '../src/app/headless-modes';
import { appElevation, promptAcceptedInShell, type ElevationDeps } from '../src/app/elevated-step';
import { PROGRESS_CHANNEL } from '../src/ipc/channels';
import { AppService } from '../src/app/app-service';
import { parseHeadlessArgs } from './headless';
import { registerIpcHandlers } from './ipc-handlers';
import {
  APP_ENTRY,
  CONTENT_SECURITY_POLICY,
  newStyleNonce,
  pagePolicy,
  pageWithNonce,
} from './content-security-policy';
import { createMainWindow, printReportPdf } from './window-options';
import { REPORT_PDF_MARGINS_MM, renderReport } from '../src/app/render-report';
import { TOOL_VERSION } from '../src/app/identity';
import { reportHtml, reportPageTemplates } from '../src/core/report-html';
import { appLog, ipcCallLog } from './log';

const headless = parseHeadlessArgs(process.argv);
appLog.catchUncaught();

if (headless.kind === 'invalid') {
  process.stderr.write(`fipsfix: ${headless.reason}\n`);
  appLog.error(`refused a command line: ${headless.reason}`);
  app.exit(3);
} else if (headless.kind === 'headless' && app.isPackaged && headless.request.machine !== undefined) {
  // A simulated machine is for development and tests; the installed app's elevated step only ever
  // works on this Windows machine (an elevated write under a path of the caller's choosing is not).
  process.stderr.write('fipsfix: --machine is not accepted by the installed app\n');
  app.exit(3);
} else if (headless.kind === 'headless') {
  const r = headless.request;
  appLog.info(`FipsFix ${TOOL_VERSION}: elevated step ${r.mode} started`);
  const run =
    r.mode === 'apply-plan'
      ? runApplyPlanElevated({ plan: r.file, sha256: r.sha256, machine: r.machine })
      : runRollbackElevated({ backup: r.file, sha256: r.sha256, machine: r.machine });
  run.then(
    (code) => {
      appLog.info(`elevated step ${r.mode} ended with exit code ${code}`);
      app.exit(code);
    },
    (e: unknown) => {
      process.stderr.write(`fipsfix: ${e instanceof Error ? e.message : String(e)}\n`);
      appLog.error(`elevated step ${r.mode} failed:`, e);
      app.exit(3);
    },
  );
} else {
  startWindow();
}

/** --machine NAME|FILE (or FIPSFIX_MACHINE): a simulated machine; without it, this Windows machine, or "both-methods" elsewhere. */
function machineArg(): string | undefined {
  const i = process.argv.indexOf('--machine');
  return (i >= 0 ? process.argv[i + 1] : undefined) ?? process.env['FIPSFIX_MACHINE'] ?? undefined;
}

/**
 * The elevated step's prompt. In a packaged app the executable itself is the step; unpackaged, Electron
 * needs the app folder after it. FIPSFIX_E2E_ELEVATION (unpackaged only, for the Electron E2E suite)
 * replaces the UAC prompt alone: the command the real builder made runs in a shell, as the prompt's
 * batch file would once answered yes.
 */
function elevationFor(
  choice: MachineChoice,
  simulated: string | undefined,
): { choice: MachineChoice; elevation: ElevationDeps } {
  const script = app.isPackaged ? undefined : app.getAppPath();
  const e2e = !app.isPackaged ? process.env['FIPSFIX_E2E_ELEVATION'] : undefined;
  if (e2e === 'accept' && simulated) {
    return {
      choice: { ...choice, writes: 'elevated-step' },
      elevation: promptAcceptedInShell({
        executable: process.execPath,
        script,
        pendingDir: path.join(choice.location.root, 'pending'),
        simulatedMachine: simulated,
        env: process.env,
      }),
    };
  }
  return { choice, elevation: appElevation(script) };
}

/** The window's service, once it is open: quitting waits for its apply or rollback to settle. */
let service: AppService | undefined;

function startWindow(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true } }]);

  const rendererDir = path.join(__dirname, '..', 'renderer');
  const FILES: Readonly<Record<string, string>> = {
    '/index.html': 'text/html',
    '/renderer.js': 'text/javascript',
    '/styles.css': 'text/css',
    '/icon.svg': 'image/svg+xml',
  };
  const ourWindows = new Set<number>();

  // Every web contents, present and future: no navigation, no new windows, no <webview>.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (ev) => ev.preventDefault());
    contents.on('will-redirect', (ev) => ev.preventDefault());
    contents.on('will-attach-webview', (ev) => ev.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    protocol.handle('app', (request) => {
      const url = new URL(request.url);
      const type = url.host === 'fipsfix' ? FILES[url.pathname] : undefined;
      if (!type) return new Response('not found', { status: 404 });
      const file = readFileSync(path.join(rendererDir, url.pathname.slice(1)));
      // The page gets a fresh style nonce at every load, in its CSP header and in its HTML alike.
      const nonce = url.pathname === '/index.html' ? newStyleNonce() : undefined;
      const policy = nonce ? pagePolicy(CONTENT_SECURITY_POLICY, nonce) : CONTENT_SECURITY_POLICY;
      return new Response(nonce ? pageWithNonce(file.toString('utf8'), nonce) : file, {
        headers: {
          'content-type': type,
          'content-security-policy': policy,
          'x-content-type-options': 'nosniff',
        },
      });
    });

    const simulated = machineArg();
    const chosen: Chosen = chooseSource({ machine: simulated });
    if (chosen.kind !== 'machine')
      throw new Error('internal: the app works on a machine, not an evidence folder');
    const { choice, elevation } = elevationFor(chosen, simulated);

    const win = createMainWindow(path.join(__dirname, 'preload.js'), app.isPackaged);
    ourWindows.add(win.id);
    win.setTitle(`FipsFix — ${choice.machine.description}`);
    service = new AppService({
      choice,
      elevation,
      targets: {
        // A simulated machine is for development; the installed app on Windows also offers this machine.
        thisMachine: process.platform === 'win32',
        pick: async (what) => {
          const r = await dialog.showOpenDialog(win, {
            title: what === 'evidence-folder' ? 'Open an evidence folder' : 'Open a simulated machine file',
            properties: what === 'evidence-folder' ? ['openDirectory'] : ['openFile'],
            ...(what === 'machine-file'
              ? { filters: [{ name: 'Simulated machine', extensions: ['json'] }] }
              : {}),
          });
          return r.canceled ? undefined : r.filePaths[0];
        },
        prepare: (opened, spec) => elevationFor(opened, spec),
        opened: (t) => {
          if (!win.isDestroyed()) win.setTitle(`FipsFix — ${t.origin}`);
        },
      },
      // Only files this window saved (the service checks), with the program Windows associates with them.
      openFile: async (file) => (await shell.openPath(file)) === '',
      ...(simulated ? { commandTarget: { machine: simulated } } : {}),
      onProgress: (step) => {
        if (!win.isDestroyed())
          win.webContents.send(PROGRESS_CHANNEL, { phase: step.phase, message: step.message });
      },
      renderReport: (report, format) =>
        format === 'pdf'
          ? printReportPdf(reportHtml(report), reportPageTemplates(report), REPORT_PDF_MARGINS_MM)
          : renderReport(report, format),
      saveReport: async (name, content, format) => {
        const r = await dialog.showSaveDialog(win, {
          title:
            format === 'md'
              ? 'Save the instructions for the domain administrator'
              : 'Export the FipsFix report',
          defaultPath: path.join(app.getPath('documents'), name),
          filters: [
            format === 'md'
              ? { name: 'Instructions (Markdown)', extensions: ['md'] }
              : { name: `FipsFix report (${format.toUpperCase()})`, extensions: [format] },
          ],
        });
        if (r.canceled || !r.filePath) return undefined;
        writeFileSync(r.filePath, content);
        return r.filePath;
      },
    });
    appLog.info(
      `FipsFix ${TOOL_VERSION} (${app.isPackaged ? 'installed' : 'development'}): ${choice.origin}; writes ${choice.writes}; log ${appLog.file()}`,
    );
    const dispose = registerIpcHandlers(service, ourWindows, ipcCallLog);
    const closing = service;
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      ourWindows.delete(win.id);
      dispose();
      // Nobody is waiting for the tools any more: secedit, gpresult or gpupdate are stopped.
      appLog.info('window closed: running tools cancelled');
      closing.cancelRunningTools();
    });
    void win.loadURL(APP_ENTRY);
  });
  app.on('window-all-closed', () => app.quit());
  // A fix cut short restores its backup, and that must finish before the process ends.
  let settled = false;
  app.on('before-quit', (e) => {
    if (!service || settled) return;
    e.preventDefault();
    service.cancelRunningTools();
    void service.writesSettled().then(() => {
      settled = true;
      app.quit();
    });
  });
}
