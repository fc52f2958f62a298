// What the window can open, chosen in the window itself: this Windows machine, a built-in or file
// simulated machine, or an evidence folder (read only: a verdict and the how-to, never a fix). The
// shells decide what they allow (the browser fallback never opens this Windows machine) and how a
// path is chosen (Electron's Open dialog; typed in the browser fallback).
import { basename } from 'node:path';
import type { ArgsOf, ResultOf } from '../ipc/contract';
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import type { CommandTarget } from '../core/words/command-line';
import { builtInMachines, chooseSource, openSimulated, type Chosen } from './machine-choice';
import { openWindowsMachine } from './windows-machine-choice';

export type TargetRequest = ArgsOf<'openTarget'>[0];
export type Target = Extract<ResultOf<'openTarget'>, { ok: true }>['value'];

export interface WindowTargets {
  /** This Windows machine may be opened (the Electron app on Windows). */
  readonly thisMachine: boolean;
  /** The shell's Open dialog for a machine file or an evidence folder; undefined: the path is typed. */
  readonly pick?: (what: 'machine-file' | 'evidence-folder') => Promise<string | undefined>;
  readonly env?: NodeJS.ProcessEnv;
}

/** An opened target, with the simulated machine's spec (name or file) the elevated step is told. */
export interface OpenedTarget {
  readonly chosen: Chosen;
  readonly target: Target;
  readonly simulatedSpec?: string;
  /** What a command must say to work on this target (--machine, --evidence); none for this machine. */
  readonly commandTarget?: CommandTarget;
}

/** A target the window asked for that cannot be opened; the message is in the administrator's words. */
export class TargetRefused extends Error {}

export function targetOf(chosen: Chosen, folder?: string): Target {
  if (chosen.kind === 'evidence')
    return { kind: 'evidence', name: folder ? basename(folder) : 'evidence folder', origin: chosen.origin };
  const simulated = chosen.machine.description.startsWith('simulated');
  return {
    kind: simulated ? 'simulated' : 'this-machine',
    name: chosen.machine.name,
    // The machine's own description: the CLI's origin adds how to choose another with its options.
    origin: chosen.machine.description,
  };
}

export async function openWindowTarget(
  req: TargetRequest,
  targets: WindowTargets,
): Promise<OpenedTarget | undefined> {
  const env = targets.env ?? process.env;
  switch (req.kind) {
    case 'this-machine': {
      if (!targets.thisMachine || process.platform !== 'win32')
        throw new TargetRefused(
          'This window cannot work on this machine: it is not Windows, or this is the browser preview, which only opens simulated machines and evidence folders.',
        );
      const chosen = openWindowsMachine(env);
      return { chosen, target: targetOf(chosen) };
    }
    case 'built-in': {
      if (!builtInMachines().some((m) => m.name === req.name))
        throw new TargetRefused(`There is no built-in simulated machine named "${req.name}".`);
      const chosen = openSimulated(req.name, false, env);
      return {
        chosen,
        target: targetOf(chosen),
        simulatedSpec: req.name,
        commandTarget: { machine: req.name },
      };
    }
    case 'machine-file':
    case 'evidence-folder': {
      const path = req.path ?? (await targets.pick?.(req.kind));
      if (path === undefined) {
        if (!targets.pick) throw new TargetRefused('Type the path first.');
        return undefined; // The Open dialog was cancelled.
      }
      try {
        if (req.kind === 'machine-file') {
          const chosen = openSimulated(path, false, env);
          return { chosen, target: targetOf(chosen), simulatedSpec: path, commandTarget: { machine: path } };
        }
        const chosen = chooseSource({ evidence: path }, env);
        return { chosen, target: targetOf(chosen, path), commandTarget: { evidence: path } };
      } catch (e) {
        if (e instanceof InvalidEvidence) throw new TargetRefused(`Cannot open ${path}: ${e.message}`);
        if (e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR'))
          throw new TargetRefused(
            `${path} does not exist, or is not a ${req.kind === 'machine-file' ? 'file' : 'folder'}.`,
          );
        throw e;
      }
    }
  }
}
