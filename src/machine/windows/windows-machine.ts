// This Windows machine, as the fix engine and the CLI see it: the four ports put together. Nothing
// here touches the registry or spawns a tool until a port is used.
import type { Machine } from '../machine';
import { WindowsLocalPolicyStore } from './local-policy-store';
import { WindowsRegistry } from './native-registry';
import { WindowsEvidenceCollector, thisMachine, type WindowsEvidenceOptions } from './policy-evidence';
import { spawnRunner, type ProcessRunner } from './process-runner';

export interface WindowsMachineOptions extends WindowsEvidenceOptions {
  readonly runner?: ProcessRunner;
}

export function createWindowsMachine(options: WindowsMachineOptions = {}): Machine {
  const facts = options.machine ?? thisMachine();
  const name = facts.name ?? 'this machine';
  const runner = options.runner ?? spawnRunner;
  const registry = new WindowsRegistry();
  return {
    name,
    description: `this Windows machine (${name})`,
    registry,
    policy: new WindowsLocalPolicyStore({
      runner,
      ...(options.windowsDir ? { windowsDir: options.windowsDir } : {}),
      ...(options.tempDir ? { tempDir: options.tempDir } : {}),
    }),
    evidence: new WindowsEvidenceCollector(registry, runner, { ...options, machine: facts }),
  };
}
