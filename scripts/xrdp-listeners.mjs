// Real RDP listeners for the tests and the benchmark: Debian's xrdp, one process per configuration,
// each on its own 127.0.0.x address and port, with a certificate made by openssl for TLS. Nothing is
// installed or written outside the folder given; xrdp's RSA keys are its own (/etc/xrdp/rsakeys.ini).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export const XRDP = '/usr/sbin/xrdp';
export const NMAP = '/usr/bin/nmap';
export const CRYPT_LEVELS = /** @type {const} */ (['low', 'medium', 'high', 'fips']);
export const SECURITY_LAYERS = /** @type {const} */ (['rdp', 'negotiate', 'tls']);

/** Why real listeners cannot run here, or undefined when they can. */
export function xrdpMissing() {
  if (!existsSync(XRDP)) return `${XRDP} is not installed (Debian: apt-get install xrdp)`;
  try {
    accessSync('/etc/xrdp/rsakeys.ini', constants.R_OK);
  } catch {
    return 'xrdp has no readable RSA keys (/etc/xrdp/rsakeys.ini; make them with: xrdp-keygen xrdp /etc/xrdp/rsakeys.ini)';
  }
  if (spawnSync('openssl', ['version']).status !== 0) return 'openssl is not installed';
  return undefined;
}

export function nmapMissing() {
  return existsSync(NMAP) ? undefined : `${NMAP} is not installed (Debian: apt-get install nmap)`;
}

/** A self-signed certificate for the TLS listeners. */
export function makeCertificate(dir, cn = 'fipsfix-test-listener') {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '30',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  if (r.status !== 0) throw new Error('openssl could not make a certificate');
  return { cert, key };
}

/** Resolves once host:port accepts a TCP connection, or rejects after `ms`. */
export function waitForPort(host, port, ms = 5000) {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = connect({ host, port });
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > until) reject(new Error(`nothing listens on ${host}:${port} after ${ms} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * Starts xrdp with one configuration; `address` may be '0.0.0.0' (every 127.x address reaches it).
 * @param {{ dir: string, name: string, address: string, port: number, securityLayer: string, cryptLevel: string, cert?: { cert: string, key: string } }} o
 */
export async function startXrdp(o) {
  const ini = join(o.dir, `${o.name}.ini`);
  writeFileSync(
    ini,
    [
      '[Globals]',
      'ini_version=1',
      `fork=${o.fork ? 'true' : 'false'}`,
      `port=tcp://${o.address}:${o.port}`,
      `security_layer=${o.securityLayer}`,
      `crypt_level=${o.cryptLevel}`,
      `certificate=${o.cert?.cert ?? ''}`,
      `key_file=${o.cert?.key ?? ''}`,
      'ssl_protocols=TLSv1.2, TLSv1.3',
      '[Logging]',
      `LogFile=${join(o.dir, `${o.name}.log`)}`,
      'LogLevel=WARNING',
      'EnableSyslog=false',
      'EnableConsole=false',
      '[Channels]',
      '',
    ].join('\n'),
  );
  const proc = spawn(XRDP, ['--nodaemon', '--config', ini], { stdio: 'ignore' });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  try {
    await Promise.race([
      waitForPort(o.address === '0.0.0.0' ? '127.0.0.1' : o.address, o.port),
      exited.then((code) => {
        throw new Error(`xrdp exited (${code}) before listening on ${o.address}:${o.port}`);
      }),
    ]);
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  return {
    ...o,
    ini,
    pid: proc.pid,
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    },
  };
}

/** nmap's names for what its script prints, in FipsFix's words. */
export const NMAP_LEVELS = {
  None: 'none',
  Low: 'low',
  'Client Compatible': 'client-compatible',
  High: 'high',
  'FIPS Compliant': 'fips',
};
export const NMAP_METHODS = {
  '40-bit RC4': '40-bit',
  '56-bit RC4': '56-bit',
  '128-bit RC4': '128-bit',
  'FIPS 140-1': 'fips',
};

/**
 * nmap's rdp-enum-encryption against host:port, read into its figures (FipsFix's names). "+" runs the
 * script whatever the port (its portrule wants 3389 or a detected ms-wbt-server).
 * @returns {Promise<{ ms: number, out: string, level?: string, methods: string[], layers: string[] }>}
 */
export function runNmap(host, port) {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const p = spawn(NMAP, ['-Pn', '-n', '-p', String(port), '--script', '+rdp-enum-encryption', host]);
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', () => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const nmapLevel = /RDP Encryption level: (.+)/.exec(out)?.[1]?.trim();
      const methods = [
        ...out.matchAll(/^\|\s+(40-bit RC4|56-bit RC4|128-bit RC4|FIPS 140-1): SUCCESS/gm),
      ].map((m) => NMAP_METHODS[m[1]]);
      const layers = [
        ...out.matchAll(
          /^\|\s+(Native RDP|SSL|CredSSP \(NLA\)|RDSTLS|CredSSP with Early User Auth): SUCCESS/gm,
        ),
      ].map((m) => m[1]);
      resolve({
        ms,
        out,
        ...(nmapLevel ? { level: NMAP_LEVELS[nmapLevel] ?? nmapLevel } : {}),
        methods,
        layers,
      });
    });
  });
}
