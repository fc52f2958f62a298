// What `fipsfix probe` says to people: one row a target, then each target's error and what the
// columns mean. The words claim what the wire showed and nothing else.
import { ENCRYPTION_LEVEL_NAMES, type EncryptionLevelName } from '../wire/mcs';
import type { ProbeDocument, ProbeTarget } from '../wire/probe-document';
import { rdpLevelLabel } from '../settings';

export function wireLevelLabel(level: EncryptionLevelName): string {
  return level === 'none' ? 'None' : rdpLevelLabel(ENCRYPTION_LEVEL_NAMES.indexOf(level));
}

const yesNo = (b: boolean | null): string => (b === null ? '?' : b ? 'yes' : 'no');

function layersCell(t: ProbeTarget): string {
  if (!t.reachable) return '-';
  const l = t.securityLayers;
  const on = [l.rdp && 'RDP', l.tls && 'TLS', l.credssp && 'CredSSP'].filter(Boolean).join('+');
  const unsettled = [
    l.rdp === null && 'RDP?',
    l.tls === null && 'TLS?',
    l.credssp === null && 'CredSSP?',
  ].filter(Boolean);
  return [on || 'none', ...unsettled].join(' ');
}

function levelCell(t: ProbeTarget): string {
  if (t.encryptionLevel !== null) return wireLevelLabel(t.encryptionLevel);
  if (t.reachable && t.securityLayers.rdp === false) return 'not visible (RDP refused)';
  return '-';
}

function tlsCell(t: ProbeTarget): string {
  if (!t.tls) return '-';
  const c = t.tls.certificate;
  const cert = c ? ` ${c.subject}, ${c.expired ? 'EXPIRED' : 'until'} ${c.validTo.slice(0, 10)}` : '';
  return `${t.tls.protocol} ${t.tls.cipher}${cert}`;
}

export function demandsFipsWords(t: ProbeTarget): string {
  if (t.demandsFips === true) return 'FIPS';
  if (t.demandsFips === false) return 'no';
  return t.reachable && t.error === undefined ? 'not visible' : '?';
}

/** The table people read, with one line per problem beneath it. */
export function probeTable(doc: ProbeDocument): string {
  const header = ['TARGET', 'REACHED', 'LAYERS ACCEPTED', 'LEVEL', 'METHODS', 'DEMANDS FIPS', 'TLS'];
  const rows = doc.targets.map((t) => [
    t.target,
    yesNo(t.reachable),
    layersCell(t),
    levelCell(t),
    t.encryptionMethods.join(',') || '-',
    demandsFipsWords(t),
    tlsCell(t),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const problems = doc.targets.flatMap((t) =>
    t.error ? [`${t.target}: ${t.error.kind}: ${t.error.message}`] : [],
  );
  const fips = doc.targets.filter((t) => t.demandsFips === true).length;
  const unprobedCount = doc.targets.filter((t) => !t.reachable || t.error).length;
  return [
    line(header),
    ...rows.map(line),
    ...(problems.length > 0 ? ['', 'Could not be probed fully:', ...problems.map((p) => `  ${p}`)] : []),
    '',
    `${doc.targets.length} target(s): ${fips} demand FIPS on the wire, ${unprobedCount} not fully probed.`,
    'LEVEL is the encryption level the server answered under Standard RDP Security (MS-RDPBCGR 2.2.1.4.3); a server that accepts only TLS or CredSSP does not show it. METHODS are those it chose when offered each alone. No credentials were sent.',
    '',
  ].join('\n');
}
