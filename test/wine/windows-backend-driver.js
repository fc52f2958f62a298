'use strict';
// Runs under the real Windows node.exe in Wine (started by windows-backend.test.ts) against Wine's
// registry, reg.exe and cmd.exe. Prints one JSON report on stdout; the test on Linux judges it.
//
//   node.exe windows-backend-driver.js BUNDLE.cjs WORK_DIR
//
// BUNDLE is src/machine/windows bundled by esbuild (native-reg left out: it is required here, by
// the path the brief names, and handed to the backend). WORK_DIR is a Linux folder for the
// evidence folder and the plan files.

// Count every child process started, from here on: reads must start none.
const childProcess = require('child_process');
const started = { count: 0 };
for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync', 'fork']) {
  const original = childProcess[name];
  childProcess[name] = function counted(...args) {
    started.count++;
    return original.apply(this, args);
  };
}

const fs = require('fs');
const path = require('path');
const reg = require('../../node_modules/native-reg');
const backend = require(process.argv[2]);
const work = 'Z:' + process.argv[3].replace(/\//g, '\\');

const KEYS = {
  fips: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy',
  lsa: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa',
  policy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services',
  rdpTcp: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
};
const REG_EXE = path.join(process.env.SystemRoot || 'C:\\windows', 'System32', 'reg.exe');

/** reg.exe in the 64-bit view; Wine prints its messages on stdout, so both streams are kept. */
function regExe(...args) {
  const r = childProcess.spawnSync(REG_EXE, [...args, '/reg:64'], { encoding: 'utf8', windowsHide: true });
  return { status: r.status, output: `${r.stdout || ''}${r.stderr || ''}` };
}

/** `reg query KEY /v NAME`: {type, data} or null (exit 1: no key or no value). */
function regQuery(key, name) {
  const r = regExe('query', key, '/v', name);
  if (r.status !== 0) return null;
  const m = new RegExp(`^\\s+${name}\\s+(REG_\\w+)\\s+(.*?)\\s*$`, 'm').exec(r.output);
  return m ? { type: m[1], data: m[2] } : { type: 'unreadable', data: r.output };
}

function reset() {
  regExe('delete', KEYS.fips, '/f');
  regExe('delete', KEYS.policy, '/f');
  regExe('delete', KEYS.rdpTcp, '/f');
  regExe('delete', KEYS.lsa, '/v', 'FIPSAlgorithmPolicy', '/f');
}

function attempt(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, code: e && e.code, message: String(e && e.message) };
  }
}

/** The same for the operations that run a tool, which return a promise. */
async function attemptAsync(fn) {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return { ok: false, code: e && e.code, message: String(e && e.message) };
  }
}

// The tools run asynchronously (process-runner.ts): the steps are awaited in order.
async function main() {
  const report = {};
  const ms = (from) => Number(process.hrtime.bigint() - from) / 1e6;
  reset();

  // 1. Set up the three keys with reg.exe, plus the legacy value as a string (a type FipsFix refuses).
  report.setup = [
    regExe('add', KEYS.fips, '/v', 'Enabled', '/t', 'REG_DWORD', '/d', '1', '/f').status,
    regExe('add', KEYS.policy, '/v', 'MinEncryptionLevel', '/t', 'REG_DWORD', '/d', '3', '/f').status,
    regExe('add', KEYS.rdpTcp, '/v', 'MinEncryptionLevel', '/t', 'REG_DWORD', '/d', '4', '/f').status,
    regExe('add', KEYS.lsa, '/v', 'FIPSAlgorithmPolicy', '/t', 'REG_SZ', '/d', '1', '/f').status,
  ];

  // 2. Read them through WindowsRegistry, counting processes and time.
  const registry = new backend.WindowsRegistry(() => reg);
  const ids = [
    'fips-algorithm-policy',
    'fips-algorithm-policy-legacy',
    'rdp-encryption-policy',
    'rdp-tcp-encryption-level',
  ];
  const before = started.count;
  let t = process.hrtime.bigint();
  report.reads = Object.fromEntries(ids.map((id) => [id, registry.readValue(id)]));
  report.firstReadMs = ms(t);
  const ROUNDS = 250;
  t = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) for (const id of ids) registry.readValue(id);
  report.readMs = ms(t) / (ROUNDS * ids.length);
  report.elevated = backend.isElevated(reg);
  report.processesDuringReads = started.count - before;

  // 3. Write and delete through it, checking each with reg query.
  registry.setDword('fips-algorithm-policy', 0);
  registry.setDword('rdp-tcp-encryption-level', 2);
  regExe('delete', KEYS.policy, '/f');
  registry.setDword('rdp-encryption-policy', 3); // the key is gone: setDword must create it
  report.afterWrites = {
    fips: regQuery(KEYS.fips, 'Enabled'),
    rdpTcp: regQuery(KEYS.rdpTcp, 'MinEncryptionLevel'),
    policy: regQuery(KEYS.policy, 'MinEncryptionLevel'),
  };
  registry.deleteValue('rdp-encryption-policy');
  const secondDelete = attempt(() => registry.deleteValue('rdp-encryption-policy'));
  regExe('delete', KEYS.policy, '/f');
  const deleteInMissingKey = attempt(() => registry.deleteValue('rdp-encryption-policy'));
  registry.deleteValue('fips-algorithm-policy-legacy');
  report.afterDeletes = {
    policy: regQuery(KEYS.policy, 'MinEncryptionLevel'),
    policyKeyExists: regExe('query', KEYS.policy).status === 0,
    legacy: regQuery(KEYS.lsa, 'FIPSAlgorithmPolicy'),
    fipsUntouched: regQuery(KEYS.fips, 'Enabled'),
    secondDelete,
    deleteInMissingKey,
    readAfterDelete: registry.readValue('rdp-encryption-policy'),
  };

  // 4. Evidence, live and as a folder, with the real reg.exe and Wine's tools (secedit and wevtutil
  //    are stubs that exit 0 and do nothing; gpresult and gpupdate do not exist). The RDP-Tcp value
  //    is FIPS again, so the verdict is "blocked by the RDP-Tcp connection".
  registry.setDword('rdp-tcp-encryption-level', 4);
  t = process.hrtime.bigint();
  report.liveEvidence = await backend.collectWindowsEvidence(registry, backend.spawnRunner, {});
  report.collectMs = ms(t);
  report.folder = await backend.writeEvidenceFolder(path.join(work, 'collected'), backend.spawnRunner, {});

  // 5. The local policy store on Wine's file system and tools.
  const store = new backend.WindowsLocalPolicyStore({});
  const gpDir = path.join(process.env.SystemRoot || 'C:\\windows', 'System32', 'GroupPolicy');
  // A GroupPolicy folder left by an earlier, killed run is set aside and put back afterwards.
  const aside = `${gpDir}.fipsfix-aside`;
  if (fs.existsSync(gpDir)) fs.renameSync(gpDir, aside);
  report.policyStore = {
    readFips: await attemptAsync(() => store.readFipsSecurityOption()),
    configureFips: await attemptAsync(() => store.configureFipsSecurityOption(0)),
    refresh: await store.refreshPolicy(),
  };
  try {
    store.writeLocalGpoRdpLevel({ state: 'set', data: 3 });
    const afterSet = store.readLocalGpoRdpLevel();
    store.writeLocalGpoRdpLevel({ state: 'deleted' });
    report.policyStore.localGpo = {
      afterSet,
      afterDelete: store.readLocalGpoRdpLevel(),
      files: fs.readdirSync(path.join(gpDir, 'Machine')),
      gptIni: fs.readFileSync(path.join(gpDir, 'gpt.ini'), 'latin1'),
    };
  } finally {
    fs.rmSync(gpDir, { recursive: true, force: true });
    if (fs.existsSync(aside)) fs.renameSync(aside, gpDir);
  }

  // 6. The elevated command through a real cmd.exe batch file, written the way @vscode/sudo-prompt
  //    writes its command.bat (index.js, WindowsWriteCommandScript): @echo off, chcp 65001, cd, the line.
  const planDir = path.join(work, 'plan dir & 100% ^ caret');
  fs.mkdirSync(planDir, { recursive: true });
  const plan = path.join(planDir, 'plan.json');
  fs.writeFileSync(plan, '{"format":"fipsfix-plan/1"}\n');
  const sha256 = require('crypto').createHash('sha256').update(fs.readFileSync(plan)).digest('hex');
  const echo = path.join(__dirname, 'argv-echo.js');
  // The test's node.exe and script stand in for an installation: their folders are named trusted here
  // (a real one must be under Program Files; that refusal is tested in test/machine/windows).
  const command = backend.buildElevatedCommand({
    file: plan,
    sha256,
    executable: process.execPath,
    script: echo,
    pendingDir: path.join(work, 'pending'),
    trustedRoots: [path.dirname(process.execPath), path.dirname(echo)],
  });
  const bat = path.join(work, 'command.bat');
  fs.writeFileSync(
    bat,
    ['@echo off', 'chcp 65001>nul', `cd /d "${process.cwd()}"`, command.command].join('\r\n'),
    'utf8',
  );
  const ran = childProcess.spawnSync('cmd.exe', ['/d', '/c', bat], { encoding: 'utf8', windowsHide: true });
  const echoed = path.join(path.dirname(command.file), 'argv.json');
  report.elevatedCommand = {
    built: command,
    status: ran.status,
    received: fs.existsSync(echoed) ? JSON.parse(fs.readFileSync(echoed, 'utf8')) : null,
  };

  // 7. The elevated step's working directory, through runElevated and a real cmd.exe batch file
  //    written as sudo-prompt writes it: process.cwd() read when the file is written, after the
  //    call. The process runs from a folder named %FIPSFIX_EVIL%, whose value ends the quotes of
  //    `cd /d "…"` and runs a command of its own; runElevated must start the step from System32.
  const injected = path.join(work, 'injected.txt');
  const hostile = path.join(work, 'cwd %FIPSFIX_EVIL%');
  fs.mkdirSync(hostile, { recursive: true });
  process.env.FIPSFIX_EVIL = `" & echo injected> "${injected}" & rem "`;
  const cwdFile = path.join(work, 'cwd.json');
  const startedIn = process.cwd();
  process.chdir(hostile);
  let batchCd = '';
  let restored;
  try {
    await backend.runElevated(
      `"${process.execPath}" "${path.join(__dirname, 'cwd-echo.js')}" "${cwdFile}"`,
      { name: 'FipsFix' },
      (line, _options, cb) => {
        setImmediate(() => {
          batchCd = `cd /d "${process.cwd()}"`;
          const batch = path.join(work, 'cwd-command.bat');
          fs.writeFileSync(batch, ['@echo off', 'chcp 65001>nul', batchCd, line].join('\r\n'), 'utf8');
          const ran = childProcess.spawnSync('cmd.exe', ['/d', '/c', batch], {
            encoding: 'utf8',
            windowsHide: true,
          });
          cb(
            ran.status === 0 ? undefined : Object.assign(new Error('failed'), { code: ran.status }),
            ran.stdout,
            ran.stderr,
          );
        });
      },
    );
    restored = process.cwd();
  } finally {
    process.chdir(startedIn);
    delete process.env.FIPSFIX_EVIL;
  }
  report.workingDirectory = {
    batchCd,
    hostile,
    restored: restored ?? '',
    systemRoot: process.env.SystemRoot || '',
    elevatedCwd: fs.existsSync(cwdFile) ? JSON.parse(fs.readFileSync(cwdFile, 'utf8')).cwd : null,
    injected: fs.existsSync(injected),
  };

  reset();
  process.stdout.write(JSON.stringify(report));
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
