// `fipsfix export --as reg|gpo-instructions|ansible`: remediation as artifacts for the tools an
// administrator already runs. Pure: each server's diagnosis in, files (path + content) out, and a
// refusal with the reason for each server an artifact of that kind cannot fix. The changes come
// from the core's planRemediation, so an exported .reg writes exactly what `fipsfix apply` would.
import type { Diagnosis } from '../diagnosis-schema';
import { ExportExitCode } from '../exit-codes';
import { planRemediation, type PlannedChange } from '../plan';
import { ansibleRoleFiles } from './ansible-role';
import { gpoInstructions } from './gpo-instructions';
import type { ExportedFile, ExportTarget } from './exported-file';
import { regFilesFor } from './reg-files';

export type ExportKind = 'ansible' | 'reg' | 'gpo-instructions';

export type { ExportedFile, ExportTarget } from './exported-file';

export interface ExportResult {
  readonly files: readonly ExportedFile[];
  /** Servers that need this kind of remedy and cannot have it (another method set their cause): exit 2. */
  readonly refused: readonly { readonly server: string; readonly reason: string }[];
  /** Servers that need nothing of this kind (not blocked; fixable on the server itself): named, exit 0. */
  readonly skipped: readonly { readonly server: string; readonly reason: string }[];
  readonly exitCode: ExportExitCode;
}

/** A server name as a folder name: Windows computer names are safe already; anything else is made so. */
export function folderFor(server: string): string {
  const s = server.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return s === '' ? 'server' : s.slice(0, 64);
}

export type RegPlan =
  | { readonly kind: 'changes'; readonly changes: readonly PlannedChange[] }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'nothing' };

const NOT_BY_REGISTRY: Readonly<Record<string, string>> = {
  'local-security-policy':
    'the FIPS option was set by local security policy: a .reg would leave the security database saying Enabled and the next security refresh (at the latest every 16 hours) would turn it back on; use `fipsfix apply`, or the Ansible role (win_security_policy)',
  'local-gpo':
    "the RDP level is pinned by the local GPO: a .reg would be undone at the next policy refresh; use `fipsfix apply` (it changes the local GPO's Registry.pol and refreshes policy)",
};

/** Only causes whose method is the registry itself (RDP-Tcp connection, a direct write) become a .reg. */
export function regPlanFor(d: Diagnosis): RegPlan {
  if (d.causes.length === 0) return { kind: 'nothing' };
  const plan = planRemediation(d);
  if (plan.kind === 'nothing-to-do') return { kind: 'nothing' };
  if (plan.kind === 'refused') return { kind: 'refused', reason: plan.reasons.join(' ') };
  const other = plan.changes.find((c) => c.via !== 'rdp-tcp-value' && c.via !== 'registry');
  if (other)
    return {
      kind: 'refused',
      reason: `${other.registryValue}: ${NOT_BY_REGISTRY[other.via] ?? `its method is ${other.via}, not the registry`}`,
    };
  return { kind: 'changes', changes: plan.changes };
}

export function exportArtifacts(kind: ExportKind, targets: readonly ExportTarget[]): ExportResult {
  const files: ExportedFile[] = [];
  const refused: { server: string; reason: string }[] = [];
  const skipped: { server: string; reason: string }[] = [];
  switch (kind) {
    case 'reg':
      for (const t of targets) {
        const p = regPlanFor(t.diagnosis);
        if (p.kind === 'refused') refused.push({ server: t.server, reason: p.reason });
        else if (p.kind === 'nothing')
          skipped.push({ server: t.server, reason: 'not blocked: nothing to change' });
        else
          files.push(
            ...regFilesFor(t.server, p.changes, targets.length > 1 ? `${folderFor(t.server)}/` : ''),
          );
      }
      break;
    case 'gpo-instructions': {
      const g = gpoInstructions(targets);
      files.push(...g.files);
      refused.push(...g.refused);
      skipped.push(...g.skipped);
      break;
    }
    case 'ansible':
      files.push(...ansibleRoleFiles());
      break;
  }
  return {
    files,
    refused,
    skipped,
    exitCode: refused.length > 0 ? ExportExitCode.SomeRefused : ExportExitCode.Written,
  };
}
