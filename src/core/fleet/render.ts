// The fleet summary as a terminal table, one self-contained HTML page (inline CSS, no scripts, every
// text escaped) and CSV (one row per server, then one per file that could not be used). Pure.
import { FLEET_EXIT_CODE_TABLE, SOURCE_WORDS, type FleetSummary, type ServerLine } from './summarize';

const VERDICT_WORDS: Readonly<Record<ServerLine['verdict'], string>> = {
  blocked: 'blocked',
  'not-blocked': 'not blocked',
  incomplete: 'incomplete evidence',
};

/** Long server lists are cut in the terminal; the HTML and CSV have every name. */
function names(list: readonly string[], max = 12): string {
  return list.length <= max
    ? list.join(', ')
    : `${list.slice(0, max).join(', ')} … and ${list.length - max} more`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) =>
    Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => {
        const w = widths[i] ?? 0;
        return i === cells.length - 1 ? c : (c.length > w ? c.slice(0, w - 1) + '…' : c).padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function fleetText(s: FleetSummary): string {
  const c = s.counts;
  const out: string[] = [];
  out.push(`FipsFix fleet summary: ${c.servers} server(s) from ${s.documents} file(s)`);
  out.push(`  blocked: ${c.blocked}   not blocked: ${c.notBlocked}   incomplete evidence: ${c.incomplete}`);
  out.push(
    `  fixable on the server itself: ${c.fixableLocally}   not fixable there (domain GPO, source not known, incomplete): ${c.notFixableHere}`,
  );
  if (s.byCause.length > 0) {
    out.push('', 'Blocked servers by cause and source:');
    out.push(
      ...table(
        ['servers', 'setting', 'set by', 'fixable here'],
        s.byCause.map((b) => [
          String(b.servers.length),
          b.setting,
          SOURCE_WORDS[b.source],
          b.fixableLocally ? 'yes' : 'no',
        ]),
      ).map((l) => `  ${l}`),
    );
  }
  if (s.domainGpos.length > 0) {
    out.push(
      '',
      'Domain GPOs responsible (ask the domain administrator; `fipsfix export --as gpo-instructions`):',
    );
    for (const g of s.domainGpos) {
      out.push(
        `  "${g.name}" ${g.id}${g.linkedAt ? `, linked at ${g.linkedAt}` : ''}: ${g.servers.length} server(s)`,
      );
      out.push(`      sets: ${g.settings.join('; ')}`);
      out.push(`      servers: ${names(g.servers)}`);
    }
  }
  if (s.fixableLocally.length > 0)
    out.push(
      '',
      `Fixable on the server itself (fipsfix apply, or the Ansible role): ${names(s.fixableLocally, 30)}`,
    );
  if (s.notFixableHere.length > 0)
    out.push('', `Not fixable on the server itself: ${names(s.notFixableHere, 30)}`);
  if (s.unreadable.length + s.foreign.length + s.superseded.length > 0) {
    out.push('', 'Files not counted:');
    for (const u of s.unreadable.slice(0, 50)) out.push(`  unreadable  ${u.file}: ${u.reason}`);
    for (const f of s.foreign.slice(0, 50)) out.push(`  foreign     ${f.file}: ${f.reason}`);
    for (const d of s.superseded.slice(0, 50))
      out.push(`  superseded  ${d.file}: ${d.server} again; ${d.keptFile} is counted`);
    const hidden =
      Math.max(0, s.unreadable.length - 50) +
      Math.max(0, s.foreign.length - 50) +
      Math.max(0, s.superseded.length - 50);
    if (hidden > 0) out.push(`  … and ${hidden} more (all are in --csv and --html)`);
  }
  const meaning = FLEET_EXIT_CODE_TABLE.find((e) => e.code === s.exitCode)?.meaning ?? '';
  out.push('', `Exit code ${s.exitCode}: ${meaning}`);
  return out.join('\n') + '\n';
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const CSS = `body{font:14px/1.45 system-ui,Segoe UI,sans-serif;margin:2em;color:#1b1b1b}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #c8c8c8;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f0f0f0}.blocked{color:#a4262c;font-weight:600}.ok{color:#107c10}.warn{color:#8a5a00}
.counts td{font-variant-numeric:tabular-nums}code{font-family:Consolas,monospace}`;

export function fleetHtml(s: FleetSummary, generatedAt: string): string {
  const e = escapeHtml;
  const c = s.counts;
  const rows = (cells: readonly string[]): string => `<tr>${cells.map((x) => `<td>${x}</td>`).join('')}</tr>`;
  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // No scripts, no requests: the page is opened from a share or a mail attachment.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>FipsFix fleet summary: ${c.blocked} of ${c.servers} servers blocked</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>FipsFix fleet summary</h1>`,
    `<p>${c.servers} server(s) from ${s.documents} file(s), summarised ${e(generatedAt)}.</p>`,
    '<table class="counts"><tbody>',
    rows(['Blocked', `<span class="${c.blocked > 0 ? 'blocked' : 'ok'}">${c.blocked}</span>`]),
    rows(['Not blocked', String(c.notBlocked)]),
    rows(['Incomplete evidence', String(c.incomplete)]),
    rows(['Fixable on the server itself', String(c.fixableLocally)]),
    rows(['Not fixable there (domain GPO, source not known, incomplete)', String(c.notFixableHere)]),
    '</tbody></table>',
  );
  if (s.byCause.length > 0) {
    parts.push(
      '<h2>Blocked servers by cause and source</h2>',
      '<table><thead><tr><th>Servers</th><th>Setting</th><th>Set by</th><th>Fixable on the server</th><th>Which</th></tr></thead><tbody>',
    );
    for (const b of s.byCause)
      parts.push(
        rows([
          String(b.servers.length),
          e(b.setting),
          e(SOURCE_WORDS[b.source]),
          b.fixableLocally ? 'yes' : 'no',
          e(b.servers.join(', ')),
        ]),
      );
    parts.push('</tbody></table>');
  }
  if (s.domainGpos.length > 0) {
    parts.push(
      '<h2>Domain GPOs responsible</h2>',
      '<p>These cannot be fixed on the servers: a local change is undone at the next policy refresh. <code>fipsfix export --as gpo-instructions</code> writes what to ask the domain administrator for.</p>',
    );
    parts.push(
      '<table><thead><tr><th>GPO</th><th>GUID</th><th>Linked at</th><th>Sets</th><th>Servers</th></tr></thead><tbody>',
    );
    for (const g of s.domainGpos)
      parts.push(
        rows([
          e(g.name),
          `<code>${e(g.id)}</code>`,
          e(g.linkedAt ?? 'not in the evidence'),
          e(g.settings.join('; ')),
          `${g.servers.length}: ${e(g.servers.join(', '))}`,
        ]),
      );
    parts.push('</tbody></table>');
  }
  parts.push(
    '<h2>Servers</h2>',
    '<table><thead><tr><th>Server</th><th>Verdict</th><th>diagnose exit code</th><th>Causes (setting: source)</th><th>File</th></tr></thead><tbody>',
  );
  for (const sv of s.servers) {
    const cls = sv.verdict === 'blocked' ? 'blocked' : sv.verdict === 'incomplete' ? 'warn' : 'ok';
    const causes = sv.causes
      .map((x) => `${x.id}: ${SOURCE_WORDS[x.source]}${x.gpo ? ` ("${x.gpo}")` : ''}`)
      .join('; ');
    parts.push(
      rows([
        e(sv.server),
        `<span class="${cls}">${e(VERDICT_WORDS[sv.verdict])}</span>`,
        String(sv.exitCode),
        e(causes),
        `<code>${e(sv.file)}</code>`,
      ]),
    );
  }
  parts.push('</tbody></table>');
  if (s.unreadable.length + s.foreign.length + s.superseded.length > 0) {
    parts.push(
      '<h2>Files not counted</h2>',
      '<table><thead><tr><th>File</th><th>Why</th></tr></thead><tbody>',
    );
    for (const u of s.unreadable)
      parts.push(rows([`<code>${e(u.file)}</code>`, `unreadable: ${e(u.reason)}`]));
    for (const f of s.foreign) parts.push(rows([`<code>${e(f.file)}</code>`, `foreign: ${e(f.reason)}`]));
    for (const d of s.superseded)
      parts.push(
        rows([`<code>${e(d.file)}</code>`, `superseded: ${e(d.server)} again; ${e(d.keptFile)} is counted`]),
      );
    parts.push('</tbody></table>');
  }
  parts.push('</body>', '</html>');
  return parts.join('\n') + '\n';
}

/** RFC 4180 quoting; a cell that a spreadsheet would run as a formula is prefixed with a quote. */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function fleetCsv(s: FleetSummary): string {
  const head = [
    'server',
    'status',
    'diagnose_exit_code',
    'fixable_on_server',
    'causes',
    'domain_gpos',
    'file',
    'detail',
  ];
  const lines = [head.join(',')];
  for (const sv of s.servers) {
    const gpos = [...new Set(sv.causes.flatMap((c) => (c.gpo ? [c.gpo] : [])))];
    lines.push(
      [
        sv.server,
        sv.verdict,
        String(sv.exitCode),
        sv.verdict === 'blocked' ? (sv.exitCode === 1 ? 'yes' : 'no') : '',
        sv.causes.map((c) => `${c.id}:${c.source}`).join(' '),
        gpos.join('; '),
        sv.file,
        sv.summary,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  for (const u of s.unreadable)
    lines.push(['', 'unreadable', '', '', '', '', u.file, u.reason].map(csvCell).join(','));
  for (const f of s.foreign)
    lines.push(['', 'foreign', '', '', '', '', f.file, f.reason].map(csvCell).join(','));
  for (const d of s.superseded)
    lines.push(
      [d.server, 'superseded', '', '', '', '', d.file, `${d.keptFile} is counted`].map(csvCell).join(','),
    );
  return lines.join('\r\n') + '\r\n';
}
