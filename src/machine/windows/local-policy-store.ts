// The local policy stores a fix "by the same method" keeps in agreement with the registry: the local
// security database (through secedit) and the local GPO (Registry.pol + gpt.ini, then gpupdate).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SecurityOptionReading } from '../../core/evidence';
import { InvalidEvidence } from '../../core/formats/invalid-evidence';
import { localGpoPolicyFrom, parseRegistryPol } from '../../core/formats/registry-pol';
import {
  RegistryPolEditRefused,
  gptIniAfterMachinePolicyChange,
  registryPolWithRdpEncryptionLevel,
} from '../../core/formats/registry-pol-writer';
import { parseSeceditExport } from '../../core/formats/secedit-inf';
import { fipsSecurityTemplate } from '../../core/formats/security-template';
import {
  MachineFailure,
  type FipsSecurityOption,
  type LocalGpoRdpLevel,
  type LocalPolicyStore,
  type PolicyRefreshOutcome,
  type ToolOptions,
} from '../machine';
import { fileFailure, writeFileDurably } from '../durable-files';
import { readIfExists } from './policy-files';
import {
  runFailure,
  runProblem,
  spawnRunner,
  systemTool,
  windowsDirectory,
  type ProcessOutcome,
  type ProcessRunner,
} from './process-runner';

export interface WindowsPolicyOptions {
  readonly runner?: ProcessRunner;
  /** %SystemRoot%; tests point it at a temporary folder. */
  readonly windowsDir?: string;
  /** Where private working folders are made (secedit templates, databases, exports). */
  readonly tempDir?: string;
  readonly seceditTimeoutMs?: number;
  readonly gpupdateTimeoutMs?: number;
}

/** secedit documents 0 as success; 3 is reported for "completed with warnings" (inferred, not seen here). */
const SECEDIT_OK = [0, 3];

export function localGpoPaths(windowsDir: string): { readonly registryPol: string; readonly gptIni: string } {
  const gp = join(windowsDir, 'System32', 'GroupPolicy');
  return { registryPol: join(gp, 'Machine', 'Registry.pol'), gptIni: join(gp, 'gpt.ini') };
}

/** Runs `work` in a new private folder (mkdtemp: unique, created only for us) and removes it after. */
export async function inPrivateFolder<T>(tempDir: string, work: (dir: string) => Promise<T>): Promise<T> {
  mkdirSync(tempDir, { recursive: true });
  const dir = mkdtempSync(join(tempDir, 'fipsfix-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readExport(attempted: string, bytes: Uint8Array): SecurityOptionReading {
  try {
    return parseSeceditExport('secedit /export', bytes).fips;
  } catch (e) {
    if (e instanceof InvalidEvidence)
      throw new MachineFailure('ToolFailed', attempted, `secedit's export cannot be read: ${e.problem}`);
    throw e;
  }
}

export class WindowsLocalPolicyStore implements LocalPolicyStore {
  private readonly runner: ProcessRunner;
  private readonly windowsDir: string;
  private readonly tempDir: string;
  private readonly seceditTimeoutMs: number;
  private readonly gpupdateTimeoutMs: number;

  constructor(options: WindowsPolicyOptions = {}) {
    this.runner = options.runner ?? spawnRunner;
    this.windowsDir = options.windowsDir ?? windowsDirectory();
    this.tempDir = options.tempDir ?? tmpdir();
    this.seceditTimeoutMs = options.seceditTimeoutMs ?? 120_000;
    this.gpupdateTimeoutMs = options.gpupdateTimeoutMs ?? 300_000;
  }

  private secedit(args: readonly string[], options: ToolOptions): Promise<ProcessOutcome> {
    return this.runner.run(systemTool(this.windowsDir, 'secedit'), args, {
      timeoutMs: this.seceditTimeoutMs,
      signal: options.signal,
    });
  }

  private get seceditLog(): string {
    return join(this.windowsDir, 'security', 'logs', 'scesrv.log');
  }

  async readFipsSecurityOption(options: ToolOptions = {}): Promise<FipsSecurityOption> {
    const attempted = 'read the FIPS security option from the local security database (secedit /export)';
    return inPrivateFolder(this.tempDir, async (dir) => {
      const cfg = join(dir, 'secedit-export.inf');
      const r = await this.secedit(['/export', '/cfg', cfg, '/areas', 'SECURITYPOLICY'], options);
      const failure = runFailure('secedit', attempted, r, [0], `Details are in ${this.seceditLog}`);
      if (failure) throw failure;
      const bytes = readIfExists(cfg);
      if (bytes === undefined)
        throw new MachineFailure(
          'ToolFailed',
          attempted,
          `secedit exited 0 but wrote no export. Details are in ${this.seceditLog}`,
        );
      const fips = readExport(attempted, bytes);
      return fips.state === 'defined'
        ? { state: 'defined', data: fips.data === 1 ? 1 : 0 }
        : { state: 'not-defined' };
    });
  }

  async configureFipsSecurityOption(data: 0 | 1, options: ToolOptions = {}): Promise<void> {
    const attempted = `set the FIPS security option to ${data === 1 ? 'Enabled' : 'Disabled'} (secedit /configure)`;
    await inPrivateFolder(this.tempDir, async (dir) => {
      const cfg = join(dir, 'fips-option.inf');
      // A path that does not exist yet: secedit takes an existing empty file for a corrupt database.
      const db = join(dir, 'fipsfix.sdb');
      writeFileSync(cfg, fipsSecurityTemplate(data));
      const r = await this.secedit(
        ['/configure', '/db', db, '/cfg', cfg, '/areas', 'SECURITYPOLICY'],
        options,
      );
      const failure = runFailure('secedit', attempted, r, SECEDIT_OK, `Details are in ${this.seceditLog}`);
      if (failure) throw failure;
    });
    // secedit's exit code is not the whole story (warnings, stubs): believe the database.
    let now: FipsSecurityOption;
    try {
      now = await this.readFipsSecurityOption(options);
    } catch (e) {
      if (!(e instanceof MachineFailure)) throw e;
      throw new MachineFailure(
        e.code,
        attempted,
        `secedit finished, but reading the database back failed: ${e.message}`,
      );
    }
    if (now.state !== 'defined' || now.data !== data) {
      const said =
        now.state === 'defined'
          ? `it says ${now.data === 1 ? 'Enabled' : 'Disabled'}`
          : 'it does not define the option';
      throw new MachineFailure(
        'ToolFailed',
        attempted,
        `secedit finished, but the local security database was not changed (${said}). Details are in ${this.seceditLog}`,
      );
    }
  }

  readLocalGpoRdpLevel(): LocalGpoRdpLevel {
    const { registryPol } = localGpoPaths(this.windowsDir);
    const bytes = readIfExists(registryPol);
    if (bytes === undefined) return { state: 'not-defined' };
    const r = localGpoPolicyFrom(registryPol, parseRegistryPol(registryPol, bytes)).rdpEncryptionPolicy;
    return r.state === 'set' ? { state: 'set', data: r.data } : { state: r.state };
  }

  writeLocalGpoRdpLevel(level: LocalGpoRdpLevel): void {
    const { registryPol, gptIni } = localGpoPaths(this.windowsDir);
    const attempted = `write the local GPO's "Set client connection encryption level" (${registryPol})`;
    const current = readIfExists(registryPol);
    let next: Uint8Array;
    try {
      // Throws InvalidEvidence for a Registry.pol it cannot read: never rewrite what was not understood.
      next = registryPolWithRdpEncryptionLevel(registryPol, current, level);
    } catch (e) {
      if (e instanceof RegistryPolEditRefused) throw new MachineFailure('Unsupported', attempted, e.reason);
      throw e;
    }
    if (current !== undefined && Buffer.from(current).equals(Buffer.from(next))) return;
    if (current === undefined && level.state === 'not-defined') return;
    try {
      mkdirSync(dirname(registryPol), { recursive: true });
    } catch (e) {
      throw fileFailure(e, attempted);
    }
    writeFileDurably(registryPol, next);
    // Group Policy reprocesses a GPO whose version changed; the local GPO's lives in gpt.ini.
    const iniBytes = readIfExists(gptIni);
    const ini = iniBytes === undefined ? undefined : Buffer.from(iniBytes).toString('latin1');
    writeFileDurably(gptIni, Buffer.from(gptIniAfterMachinePolicyChange(gptIni, ini), 'latin1'));
  }

  async refreshPolicy(options: ToolOptions = {}): Promise<PolicyRefreshOutcome> {
    const r = await this.runner.run(systemTool(this.windowsDir, 'gpupdate'), ['/target:computer', '/force'], {
      timeoutMs: this.gpupdateTimeoutMs,
      signal: options.signal,
    });
    const problem = runProblem('gpupdate', r);
    return problem === undefined
      ? { ran: true }
      : {
          ran: false,
          reason: `${problem}. Policy is applied again at the next refresh (within 90 minutes), or run gpupdate /target:computer /force`,
        };
  }
}
