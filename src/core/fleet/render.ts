// The fleet summary as a terminal table, one self-contained HTML page (inline CSS, no scripts, every
// text escaped by the markup tag) and CSV (one row per server, then one per file that could not be used). Pure.
import { markup, tableRow, type SafeHtml } from '../html';
import { FLEET_EXIT_CODE_TABLE, meaningOf } from '../exit-codes';
import { sourceWordsOf } from '../words/source';
import { verdictShort } from '../words/verdict';
import type { FleetSummary, ServerLine } from './summarize';
import { wireCounts, wireRows, type WireSummary } from './wire-summary';
import { counted } from '../words/count';
import { visible } from '../visible-text';

/** Long server lists are cut in the terminal; the HTML and CSV have every name. */
function names(list: readonly string[], max = 12): string {
  return list.length <= max
    ? list.join(', ')
    : `${list.slice(0, max).join(', ')} … and ${list.length - max} more`;
}

/** Columns as wide as their widest cell: a cut setting name would hide the difference that matters. */
function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** How old a server's data is, in words: "today", "1 day", "9 days"; "not dated". */
export function ageWords(line: Pick<ServerLine, 'ageDays' | 'seenAt'>): string {
  if (line.ageDays === undefined) return line.seenAt === undefined ? 'not dated' : 'age not known';
  return daysWords(line.ageDays);
}

const daysWords = (days: number): string => (days === 0 ? 'today' : counted(days, 'day'));

/** The data's age: its range, and every server whose data is older than --max-age, oldest first. */
function ageLines(s: FleetSummary): string[] {
  if (s.summarisedAt === undefined || s.servers.length === 0) return [];
  let newest: number | undefined;
  let oldest: number | undefined;
  for (const l of s.servers)
    if (l.ageDays !== undefined) {
      newest = Math.min(newest ?? l.ageDays, l.ageDays);
      oldest = Math.max(oldest ?? l.ageDays, l.ageDays);
    }
  const out = [''];
  out.push(
    newest !== undefined && oldest !== undefined
      ? `Data age: ${daysWords(newest)} (newest) to ${daysWords(oldest)} (oldest)`
      : 'Data age: no document says when it was made',
  );
  if (s.olderThanMaxAge.length > 0) {
    const byName = new Map(s.servers.map((l) => [l.server, l]));
    const shown = s.olderThanMaxAge.slice(0, 30).map((n) => {
      const l = byName.get(n);
      return `${n} (${l ? ageWords(l) : '?'})`;
    });
    const more = s.olderThanMaxAge.length - shown.length;
    out.push(
      `  OLDER THAN ${counted(s.maxAgeDays, 'day').toUpperCase()} (--max-age), the server may have changed since: ${shown.join(', ')}${more > 0 ? ` … and ${more} more` : ''}`,
    );
  }
  if (s.notDated.length > 0)
    out.push(`  Not dated (written by a FipsFix before diagnosedAt): ${names(s.notDated, 30)}`);
  return out;
}

/** The summary for a terminal: every line already made `visible`. */
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
          sourceWordsOf(b.id, b.source),
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
  out.push(...ageLines(s));
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
  // Each line made visible as a whole: no value from a file brings a line break or a control
  // sequence of its own, and only the few names shown are looked at (not every server's line).
  return out.map((l) => visible(l)).join('\n') + '\n';
}

const CSS = markup`body{font:14px/1.45 system-ui,Segoe UI,sans-serif;margin:2em;color:#1b1b1b}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #c8c8c8;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f0f0f0}.blocked{color:#a4262c;font-weight:600}.ok{color:#107c10}.warn{color:#8a5a00}
.counts td{font-variant-numeric:tabular-nums}code{font-family:Consolas,monospace}`;

const row = tableRow;

/** The page in pieces, one row at a time, so a fleet of any size is written without one huge string. */
export function* fleetHtmlPieces(
  s: FleetSummary,
  generatedAt: string,
  wire?: WireSummary,
): Generator<string> {
  const c = s.counts;
  const emit = (...pieces: SafeHtml[]): string => pieces.map((x) => `${x.toString()}\n`).join('');
  yield emit(
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
    yield emit(
      markup`<h2>Blocked servers by cause and source</h2>`,
      markup`<table><thead><tr><th>Servers</th><th>Setting</th><th>Set by</th><th>Fixable on the server</th><th>Which</th></tr></thead><tbody>`,
    );
    for (const b of s.byCause)
      yield emit(
        row([
          b.servers.length,
          b.setting,
          sourceWordsOf(b.id, b.source),
          b.fixableLocally ? 'yes' : 'no',
          b.servers.join(', '),
        ]),
      );
    yield emit(markup`</tbody></table>`);
  }
  if (s.domainGpos.length > 0) {
    yield emit(
      markup`<h2>Domain GPOs responsible</h2>`,
      markup`<p>These cannot be fixed on the servers: a local change is undone at the next policy refresh. <code>fipsfix export --as gpo-instructions</code> writes what to ask the domain administrator for.</p>`,
    );
    yield emit(
      markup`<table><thead><tr><th>GPO</th><th>GUID</th><th>Linked at</th><th>Sets</th><th>Servers</th></tr></thead><tbody>`,
    );
    for (const g of s.domainGpos)
      yield emit(
        row([
          g.name,
          markup`<code>${g.id}</code>`,
          g.linkedAt ?? 'not in the evidence',
          g.settings.join('; '),
          `${g.servers.length}: ${g.servers.join(', ')}`,
        ]),
      );
    yield emit(markup`</tbody></table>`);
  }
  yield emit(
    markup`<h2>Servers</h2>`,
    markup`<table><thead><tr><th>Server</th><th>Verdict</th><th>diagnose exit code</th><th>Causes (setting: source)</th><th>Data seen</th><th>File</th></tr></thead><tbody>`,
  );
  // Servers share their cause lists (summarize.ts keeps each distinct one once): so do their cells.
  const causeCells = new Map<ServerLine['causes'], SafeHtml>();
  const causesCell = (causes: ServerLine['causes']): SafeHtml => {
    let cell = causeCells.get(causes);
    if (!cell) {
      const words = causes.map(
        (x) => `${x.id}: ${sourceWordsOf(x.id, x.source)}${x.gpo ? ` ("${x.gpo}")` : ''}`,
      );
      cell = markup`${words.join('; ')}`;
      causeCells.set(causes, cell);
    }
    return cell;
  };
  const verdictCells = new Map<ServerLine['verdict'], SafeHtml>();
  const verdictCell = (v: ServerLine['verdict']): SafeHtml => {
    let cell = verdictCells.get(v);
    if (!cell) {
      const cls = v === 'blocked' ? 'blocked' : v === 'incomplete' ? 'warn' : 'ok';
      cell = markup`<span class="${cls}">${verdictShort(v)}</span>`;
      verdictCells.set(v, cell);
    }
    return cell;
  };
  for (const sv of s.servers) {
    const causes = causesCell(sv.causes);
    yield emit(
      row([
        sv.server,
        verdictCell(sv.verdict),
        sv.exitCode,
        causes,
        markup`${sv.seenAt ?? ''} <span class="${sv.old ? 'warn' : 'age'}">(${ageWords(sv)}${sv.old ? `, older than ${counted(s.maxAgeDays, 'day')}` : ''})</span>`,
        markup`<code>${sv.file}</code>`,
      ]),
    );
  }
  yield emit(markup`</tbody></table>`);
  if (wire && wire.documents > 0) {
    const rows = wireRows(wire);
    yield emit(markup`<h2>On the wire</h2>`, markup`<p>${wireCounts(wire)}.</p>`);
    if (rows.length > 0) {
      yield emit(
        markup`<table><thead><tr><th>Listener</th><th>Server</th><th>What</th><th>Detail</th><th>Probe document</th></tr></thead><tbody>`,
      );
      for (const r of rows)
        yield emit(
          row([
            r.line.target,
            r.line.server ?? 'no diagnosis matched',
            WIRE_STATUS_WORDS[r.status] ?? r.status,
            r.detail,
            markup`<code>${r.line.file}</code>`,
          ]),
        );
      yield emit(markup`</tbody></table>`);
    }
  }
  if (s.unreadable.length + s.foreign.length + s.superseded.length > 0) {
    yield emit(
      markup`<h2>Files not counted</h2>`,
      markup`<table><thead><tr><th>File</th><th>Why</th></tr></thead><tbody>`,
    );
    for (const u of s.unreadable)
      yield emit(row([markup`<code>${u.file}</code>`, `unreadable: ${u.reason}`]));
    for (const f of s.foreign) yield emit(row([markup`<code>${f.file}</code>`, `foreign: ${f.reason}`]));
    for (const d of s.superseded)
      yield emit(
        row([markup`<code>${d.file}</code>`, `superseded: ${d.server} again; ${d.keptFile} is counted`]),
      );
    yield emit(markup`</tbody></table>`);
  }
  yield emit(markup`</body>`, markup`</html>`);
}

const WIRE_STATUS_WORDS: Readonly<Record<string, string>> = {
  'wire-demands-fips': 'demands FIPS on the wire',
  'wire-disagrees': 'disagrees with its own diagnosis',
  'wire-level-not-shown': 'does not show its level (TLS or CredSSP only)',
  'wire-not-probed': 'could not be probed',
};

export function fleetHtml(s: FleetSummary, generatedAt: string, wire?: WireSummary): string {
  return [...fleetHtmlPieces(s, generatedAt, wire)].join('');
}

/** RFC 4180 quoting; a cell that a spreadsheet would run as a formula is prefixed with a quote. */
export function csvCell(v: string): string {
  // Most cells need neither: one scan says so.
  if (!/^[=+\-@\t\r]|[",\r\n]/.test(v)) return v;
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const line = (cells: string): string => `${cells}\r\n`;

/** The CSV one line at a time (CRLF-terminated), for the same reason as fleetHtmlPieces. */
export function* fleetCsvLines(s: FleetSummary, wire?: WireSummary): Generator<string> {
  const head = [
    'server',
    'status',
    'diagnose_exit_code',
    'fixable_on_server',
    'causes',
    'domain_gpos',
    'file',
    'detail',
    'data_seen_at',
    'age_days',
    'older_than_max_age',
  ];
  yield `${head.join(',')}\r\n`;
  // The causes and GPO cells of a shared cause list are made once (as in fleetHtmlPieces).
  const causeCells = new Map<ServerLine['causes'], string>();
  const causesCells = (causes: ServerLine['causes']): string => {
    let cells = causeCells.get(causes);
    if (cells === undefined) {
      const gpos = [...new Set(causes.flatMap((c) => (c.gpo ? [c.gpo] : [])))];
      cells = `${csvCell(causes.map((c) => `${c.id}:${c.source}`).join(' '))},${csvCell(gpos.join('; '))}`;
      causeCells.set(causes, cells);
    }
    return cells;
  };
  for (const sv of s.servers) {
    yield line(
      [
        sv.server,
        sv.verdict,
        String(sv.exitCode),
        sv.verdict === 'blocked' ? (sv.exitCode === 1 ? 'yes' : 'no') : '',
      ]
        .map(csvCell)
        .join(',') +
        `,${causesCells(sv.causes)},` +
        [
          sv.file,
          sv.summary,
          sv.seenAt ?? '',
          sv.ageDays !== undefined ? String(sv.ageDays) : '',
          sv.old ? 'yes' : 'no',
        ]
          .map(csvCell)
          .join(','),
    );
  }
  for (const u of s.unreadable)
    yield line(['', 'unreadable', '', '', '', '', u.file, u.reason, '', '', ''].map(csvCell).join(','));
  for (const f of s.foreign)
    yield line(['', 'foreign', '', '', '', '', f.file, f.reason, '', '', ''].map(csvCell).join(','));
  for (const d of s.superseded)
    yield line(
      [d.server, 'superseded', '', '', '', '', d.file, `${d.keptFile} is counted`, '', '', '']
        .map(csvCell)
        .join(','),
    );
  // The probe documents' listeners worth a line: the server matched (if any), the listener in `detail`.
  for (const r of wire ? wireRows(wire) : [])
    yield line(
      [
        r.line.server ?? '',
        r.status,
        '',
        '',
        '',
        '',
        r.line.file,
        `${r.line.target}: ${r.detail}`,
        '',
        '',
        '',
      ]
        .map(csvCell)
        .join(','),
    );
}

export function fleetCsv(s: FleetSummary, wire?: WireSummary): string {
  return [...fleetCsvLines(s, wire)].join('');
}
