// `npm start`: the app on the simulated machine (or --machine NAME|FILE). With an Electron binary it
// opens the window; without one it says so in one line and serves the same wizard on 127.0.0.1,
// backed by the same core over the simulated machine, through the same contract.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { electronBinary } from './electron-binary.mjs';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const i = args.indexOf('--machine');
const machine = i >= 0 ? args[i + 1] : undefined;
const electron = electronBinary();

if (electron.path && !args.includes('--browser')) {
  const child = spawn(electron.path, [root, ...(machine ? ['--machine', machine] : [])], {
    stdio: 'inherit',
    env: {
      ...process.env,
      ...(process.platform === 'win32' ? {} : { FIPSFIX_MACHINE: machine ?? 'both-methods' }),
    },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const require = createRequire(import.meta.url);
  const { startBrowserServer } = require(join(root, 'dist', 'main', 'browser-server.cjs'));
  const port = Number(process.env.PORT ?? 5178);
  const server = await startBrowserServer({
    rendererDir: join(root, 'dist', 'renderer'),
    port,
    ...(machine ? { machine } : {}),
  }).catch((e) => {
    // A taken port is the one failure a developer meets here: one line, and how to choose another.
    if (e?.code === 'EADDRINUSE' || e?.code === 'EACCES') {
      console.error(
        `fipsfix: port ${port} on 127.0.0.1 is ${e.code === 'EADDRINUSE' ? 'already in use (another npm start?)' : 'not allowed'}; choose another with PORT, e.g. PORT=${port + 1} npm start`,
      );
      process.exit(1);
    }
    throw e;
  });
  // The address carries a one-time key: only whoever reads this terminal can open the wizard.
  console.log(
    `fipsfix: ${electron.reason ?? 'browser mode asked for'}, so the wizard is served on ${server.origin} instead (simulated machine "${machine ?? 'both-methods'}"; Ctrl+C stops it). Open, once, in your browser:\n  ${server.url}`,
  );
  process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
}
