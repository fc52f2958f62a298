// `npm run test:electron`: the Electron E2E suite (test/electron/), kept out of `npm test` so a green
// `npm test` never hides that it did not run. Without an Electron binary it says so in one line.
import { spawnSync } from 'node:child_process';
import { electronBinary } from './electron-binary.mjs';

const electron = electronBinary();
if (!electron.path) {
  console.log(
    `test:electron skipped: ${electron.reason}; the Electron E2E suite runs on windows-latest (.github/workflows/app.yml).`,
  );
  process.exit(0);
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/electron/app.test.ts'],
  {
    stdio: 'inherit',
    env: { ...process.env, FIPSFIX_ELECTRON_BINARY: electron.path },
  },
);
process.exit(r.status ?? 1);
