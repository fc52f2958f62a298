// Files an administrator often has beside real evidence that describe a GPO, not a server: a GPO
// backup (Backup-GPO or GPMC's "Back Up": Backup.xml, bkupInfo.xml, manifest.xml, gpreport.xml,
// and DomainSysvol\GPO\Machine\... with GptTmpl.inf and registry.pol), a GPO's settings report
// (Get-GPOReport -ReportType Xml), and the HTML reports of gpresult /h and GPMC. Recognised by
// content so that each is named for what it is instead of being misread or failing the folder.
import { childNS, parseSafeXml, textOf } from './safe-xml';

/** Backup.xml's root, GroupPolicyBackupScheme (bkp:type="GroupPolicyBackupTemplate"). */
export const GPO_BACKUP_NS = 'http://www.microsoft.com/GroupPolicy/GPOOperations';
/** bkupInfo.xml's root, BackupInst, and manifest.xml's root, Backups (one BackupInst per GPO). */
export const GPO_BACKUP_MANIFEST_NS = 'http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest';
/** gpreport.xml's and Get-GPOReport's root, GPO. */
const GPO_SETTINGS_NS = 'http://www.microsoft.com/GroupPolicy/Settings';
const GP_TYPES_NS = 'http://www.microsoft.com/GroupPolicy/Types';

export type GroupPolicyDocument =
  | {
      readonly kind: 'gpo-backup';
      /** Which file of the backup this is. */
      readonly part: 'Backup.xml' | 'bkupInfo.xml' | 'manifest.xml';
      /** The backed-up GPO, when the file names it (manifest.xml may list several). */
      readonly gpo?: { readonly name?: string; readonly id?: string };
    }
  | { readonly kind: 'gpo-report'; readonly gpo?: { readonly name?: string; readonly id?: string } }
  | { readonly kind: 'html-report' };

/** The text after the XML declaration and any comments before the root: each skipped by one indexOf. */
function afterProlog(text: string): string {
  let body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('<?xml')) {
    const end = body.indexOf('?>');
    body = end < 0 ? '' : body.slice(end + 2).trimStart();
  }
  while (body.startsWith('<!--')) {
    const end = body.indexOf('-->', 4);
    body = end < 0 ? '' : body.slice(end + 3).trimStart();
  }
  return body;
}

function rootOf(text: string): { readonly name: string; readonly ns: string | undefined } | undefined {
  const body = afterProlog(text);
  const m = /^<([A-Za-z_][\w.-]*)((?:\s[^>]*)?)\/?>/.exec(body);
  if (!m) return undefined;
  const ns = /\sxmlns\s*=\s*"([^"]*)"/.exec(m[2] ?? '')?.[1];
  return { name: m[1] ?? '', ns };
}

/** The GPO a backup file or report names; undefined when it cannot be read (it is named anyway). */
function gpoNamed(
  text: string,
  ns: string,
  nameEl: string,
  idEl: string,
): { name?: string; id?: string } | undefined {
  try {
    const root = parseSafeXml('group policy document', text).documentElement;
    if (!root) return undefined;
    let scope = root;
    if (root.localName === 'GroupPolicyBackupScheme') {
      const gpo = childNS(root, ns, 'GroupPolicyObject');
      const core = gpo && childNS(gpo, ns, 'GroupPolicyCoreSettings');
      if (!core) return undefined;
      scope = core;
    }
    const name = textOf(childNS(scope, ns, nameEl));
    const idHolder = childNS(scope, ns, idEl);
    // gpreport.xml nests the GUID: <Identifier><Identifier xmlns="…/Types">{…}</Identifier>…
    const id = textOf((idHolder && childNS(idHolder, GP_TYPES_NS, 'Identifier')) ?? idHolder);
    return { ...(name ? { name } : {}), ...(id ? { id } : {}) };
  } catch {
    return undefined;
  }
}

export function recogniseGroupPolicyDocument(text: string): GroupPolicyDocument | undefined {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  // GPMC's report template, which gpresult /h also writes (inferred from public copies of it).
  if (/^(<!DOCTYPE\s+html[^>]*>\s*)?<html[\s>]/i.test(head))
    return /gpmc_reportInitialized/i.test(head.slice(0, 4096)) ? { kind: 'html-report' } : undefined;
  const root = rootOf(text);
  if (!root) return undefined;
  if (root.name === 'GroupPolicyBackupScheme' && root.ns === GPO_BACKUP_NS) {
    const gpo = gpoNamed(text, GPO_BACKUP_NS, 'DisplayName', 'ID');
    return { kind: 'gpo-backup', part: 'Backup.xml', ...(gpo ? { gpo } : {}) };
  }
  if (root.name === 'BackupInst' && root.ns === GPO_BACKUP_MANIFEST_NS) {
    const gpo = gpoNamed(text, GPO_BACKUP_MANIFEST_NS, 'GPODisplayName', 'GPOGuid');
    return { kind: 'gpo-backup', part: 'bkupInfo.xml', ...(gpo ? { gpo } : {}) };
  }
  if (root.name === 'Backups' && root.ns === GPO_BACKUP_MANIFEST_NS)
    return { kind: 'gpo-backup', part: 'manifest.xml' };
  if (root.name === 'GPO' && root.ns === GPO_SETTINGS_NS) {
    const gpo = gpoNamed(text, GPO_SETTINGS_NS, 'Name', 'Identifier');
    return { kind: 'gpo-report', ...(gpo ? { gpo } : {}) };
  }
  return undefined;
}

export function describeGpo(gpo: { readonly name?: string; readonly id?: string } | undefined): string {
  if (!gpo || (!gpo.name && !gpo.id)) return '';
  return ` of GPO ${[gpo.name ? `"${gpo.name}"` : '', gpo.id ?? ''].filter(Boolean).join(' ')}`;
}

export function gpoBackupIsNotEvidence(gpo?: { readonly name?: string; readonly id?: string }): string {
  return `a GPO backup (Backup-GPO)${describeGpo(gpo)}, not evidence of a server's state: its GptTmpl.inf and registry.pol say what the GPO would set wherever it applies, not what this server has. Collect on the server itself (fipsfix collect, or the commands in docs/evidence-folder.md)`;
}

export const HTML_REPORT_HINT =
  'a Group Policy HTML report (gpresult /h, or GPMC): FipsFix does not read HTML. Run gpresult /scope computer /x FILE in an elevated prompt instead';

export function skipReasonFor(doc: GroupPolicyDocument): string {
  switch (doc.kind) {
    case 'html-report':
      return HTML_REPORT_HINT;
    case 'gpo-report':
      return `a GPO's settings report${describeGpo(doc.gpo)} (Get-GPOReport, or a GPO backup's gpreport.xml): what one GPO sets, not what applies to this server. FipsFix reads gpresult /scope computer /x`;
    case 'gpo-backup':
      return `the ${doc.part} of ${gpoBackupIsNotEvidence(doc.gpo)}`;
  }
}
