// The fleet summary as a terminal table, one self-contained HTML page (inline CSS, no scripts, every
// text escaped by the markup tag) and CSV (one row per server, then one per file that could not be used). Pure.
import { joinMarkup, markup, type HtmlValue, type SafeHtml } from '../html';
import { FLEET_EXIT_CODE_TABLE, meaningOf } from '../exit-codes';
import { SOURCE_WORDS } from '../words/source';
import { verdictShort } from '../words/verdict';
import type { FleetSummary } from './summarize';
import { counted } from '../words/count';

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
  out.push(`FipsFix fleet summary: ${counted(c.servers, 'server')} from ${counted(s.documents, 'file')}`);
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
        `  "${g.name}" ${g.id}${g.linkedAt ? `, linked at ${g.linkedAt}` : ''}: ${counted(g.servers.length, 'server')}`,
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
  out.push('', `Exit code ${s.exitCode}: ${meaningOf(FLEET_EXIT_CODE_TABLE, s.exitCode)}`);
  return out.join('\n') + '\n';
}

const CSS = markup`body{font:14px/1.45 system-ui,Segoe UI,sans-serif;margin:2em;color:#1b1b1b}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #c8c8c8;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f0f0f0}.blocked{color:#a4262c;font-weight:600}.ok{color:#107c10}.warn{color:#8a5a00}
.counts td{font-variant-numeric:tabular-nums}code{font-family:Consolas,monospace}`;

const row = (cells: readonly HtmlValue[]): SafeHtml =>
  markup`<tr>${cells.map((x) => markup`<td>${x}</td>`)}</tr>`;

export function fleetHtml(s: FleetSummary, generatedAt: string): string {
  const c = s.counts;
  const parts: SafeHtml[] = [];
  parts.push(
    markup`<!DOCTYPE html>`,
    markup`<html lang="en">`,
    markup`<head>`,
    markup`<meta charset="utf-8">`,
    // No scripts, no requests: the page is opened from a share or a mail attachment.
    markup`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    markup`<title>FipsFix fleet summary: ${c.blocked} of ${c.servers} servers blocked</title>`,
    markup`<style>${CSS}</style>`,
    markup`</head>`,
    markup`<body>`,
    markup`<h1>FipsFix fleet summary</h1>`,
    markup`<p>${counted(c.servers, 'server')} from ${counted(s.documents, 'file')}, summarised ${generatedAt}.</p>`,
    markup`<table class="counts"><tbody>`,
    row(['Blocked', markup`<span class="${c.blocked > 0 ? 'blocked' : 'ok'}">${c.blocked}</span>`]),
    row(['Not blocked', c.notBlocked]),
    row(['Incomplete evidence', c.incomplete]),
    row(['Fixable on the server itself', c.fixableLocally]),
    row(['Not fixable there (domain GPO, source not known, incomplete)', c.notFixableHere]),
    markup`</tbody></table>`,
  );
  if (s.byCause.length > 0) {
    parts.push(
      markup`<h2>Blocked servers by cause and source</h2>`,
      markup`<table><thead><tr><th>Servers</th><th>Setting</th><th>Set by</th><th>Fixable on the server</th><th>Which</th></tr></thead><tbody>`,
    );
    for (const b of s.byCause)
      parts.push(
        row([
          b.servers.length,
          b.setting,
          SOURCE_WORDS[b.source],
          b.fixableLocally ? 'yes' : 'no',
          b.servers.join(', '),
        ]),
      );
    parts.push(markup`</tbody></table>`);
  }
  if (s.domainGpos.length > 0) {
    parts.push(
      markup`<h2>Domain GPOs responsible</h2>`,
      markup`<p>These cannot be fixed on the servers: a local change is undone at the next policy refresh. <code>fipsfix export --as gpo-instructions</code> writes what to ask the domain administrator for.</p>`,
    );
    parts.push(
      markup`<table><thead><tr><th>GPO</th><th>GUID</th><th>Linked at</th><th>Sets</th><th>Servers</th></tr></thead><tbody>`,
    );
    for (const g of s.domainGpos)
      parts.push(
        row([
          g.name,
          markup`<code>${g.id}</code>`,
          g.linkedAt ?? 'not in the evidence',
          g.settings.join('; '),
          `${g.servers.length}: ${g.servers.join(', ')}`,
        ]),
      );
    parts.push(markup`</tbody></table>`);
  }
  parts.push(
    markup`<h2>Servers</h2>`,
    markup`<table><thead><tr><th>Server</th><th>Verdict</th><th>diagnose exit code</th><th>Causes (setting: source)</th><th>File</th></tr></thead><tbody>`,
  );
  for (const sv of s.servers) {
    const cls = sv.verdict === 'blocked' ? 'blocked' : sv.verdict === 'incomplete' ? 'warn' : 'ok';
    const causes = sv.causes
      .map((x) => `${x.id}: ${SOURCE_WORDS[x.source]}${x.gpo ? ` ("${x.gpo}")` : ''}`)
      .join('; ');
    parts.push(
      row([
        sv.server,
        markup`<span class="${cls}">${verdictShort(sv.verdict)}</span>`,
        sv.exitCode,
        causes,
        markup`<code>${sv.file}</code>`,
      ]),
    );
  }
  parts.push(markup`</tbody></table>`);
  if (s.unreadable.length + s.foreign.length + s.superseded.length > 0) {
    parts.push(
      markup`<h2>Files not counted</h2>`,
      markup`<table><thead><tr><th>File</th><th>Why</th></tr></thead><tbody>`,
    );
    for (const u of s.unreadable)
      parts.push(row([markup`<code>${u.file}</code>`, `unreadable: ${u.reason}`]));
    for (const f of s.foreign) parts.push(row([markup`<code>${f.file}</code>`, `foreign: ${f.reason}`]));
    for (const d of s.superseded)
      parts.push(
        row([markup`<code>${d.file}</code>`, `superseded: ${d.server} again; ${d.keptFile} is counted`]),
      );
    parts.push(markup`</tbody></table>`);
  }
  parts.push(markup`</body>`, markup`</html>`);
  return joinMarkup(parts, markup`\n`).toString() + '\n';
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
