// The report as one self-contained HTML file: inline CSS, no scripts, no remote fonts or images,
// readable on screen and printed (the PDF is this page printed by Chromium: no second layout).
// Every piece of text from evidence is escaped (by the markup tag): a GPO may be named anything, <script> included.
import type { Cause, Diagnosis } from './diagnosis-schema';
import { joinMarkup, markup, type SafeHtml } from './html';
import type { Report } from './report';
import { blocksLaterWords, KB_METHOD_WORDS } from './words/setting';
import { setByLine } from './words/source';
import { serverTimeWords } from './words/time';
import { verdictAfterLabel, verdictShort } from './words/verdict';

const LINES = markup`\n`;

/** The column widths the report's tables use (percent), each a class: the page has no inline style. */
const COLUMN_WIDTHS = [12, 14, 16, 17, 20, 22, 24, 30, 32, 34, 38, 42, 48] as const;
type ColumnWidth = (typeof COLUMN_WIDTHS)[number];

const CSS = markup`
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bad: #a40e26; --bad-bg: #ffebe9; --ok: #116329; --ok-bg: #dafbe1; --warn: #7d4e00; --warn-bg: #fff8c5; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 60rem; padding: 1.5rem; overflow-wrap: break-word; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; break-after: avoid; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; break-after: avoid; }
p, li { margin: .25rem 0; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.meta span { margin-right: 1.2rem; display: inline-block; }
.ticket { border: 1px solid var(--line); border-left: 4px solid var(--ink); padding: .4rem .7rem; margin: .6rem 0 1rem; break-inside: avoid; }
.ticket dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0; }
.ticket dt { font-weight: 600; } .ticket dd { margin: 0; overflow-wrap: anywhere; }
.verdict { border: 2px solid; border-radius: 6px; padding: .7rem 1rem; margin: 1rem 0; break-inside: avoid; }
.verdict.bad { border-color: var(--bad); background: var(--bad-bg); }
.verdict.ok { border-color: var(--ok); background: var(--ok-bg); }
.verdict.unknown { border-color: var(--warn); background: var(--warn-bg); }
.verdict strong { display: block; font-size: 1.15rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; font-size: .95em; table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f6f8fa; }
tr { break-inside: avoid; }
code, .path { font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: .9em; overflow-wrap: anywhere; }
.pass { color: var(--ok); font-weight: 600; }
.fail { color: var(--bad); font-weight: 600; }
.warn { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: .4rem .7rem; margin: .4rem 0; break-inside: avoid; }
.cause { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .8rem; margin: .6rem 0; break-inside: avoid; }
.small { color: var(--muted); font-size: .9em; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85em; border-top: 1px solid var(--line); padding-top: .5rem; }
${COLUMN_WIDTHS.map((w) => `col.w${w} { width: ${w}%; }`).join(' ')}
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } table { width: 100%; max-width: 100%; } }
`;

/**
 * Column widths for a table laid out fixed: a printed page has one width, and a long GPO name or
 * registry path wraps inside its column instead of pushing the table past the right edge.
 */
function cols(...percent: readonly ColumnWidth[]): SafeHtml {
  return markup`<colgroup>${percent.map((p) => markup`<col class="w${p}">`)}</colgroup>`;
}

function verdictBox(d: Diagnosis, label: string): SafeHtml {
  const cls = d.verdict === 'blocked' ? 'bad' : d.verdict === 'not-blocked' ? 'ok' : 'unknown';
  return markup`<div class="verdict ${cls}" role="status"><strong>${label}: ${verdictAfterLabel(d.verdict, d.causes)}</strong>${d.summary}<br><span class="small">RDP encryption level in force: ${d.effectiveLevel.label}</span></div>`;
}

/**
 * What the listeners did on the wire, before and after (issue 13): the probes' own words, from the
 * diagnoses the report holds. Said only where a probe ran; "not probed" is in the confidence line.
 */
function wireSection(r: Report): SafeHtml | undefined {
  const after = headline(r);
  const rows: { when: string; words: string }[] = [];
  const add = (when: string, d: Diagnosis | undefined): void => {
    for (const w of d?.wire ?? []) rows.push({ when, words: w.words });
  };
  add(r.kind === 'diagnosis' ? 'Diagnosis' : 'Before the fix', r.diagnosis);
  if (after.diagnosis !== r.diagnosis) add(after.label, after.diagnosis);
  if (rows.length === 0) return undefined;
  return markup`<h2>On the wire</h2><table>${cols(24, 38, 38)}<thead><tr><th>When</th><th colspan="2">What the listener answered</th></tr></thead><tbody>${rows.map(
    (x) => markup`<tr><td>${x.when}</td><td colspan="2">${x.words}</td></tr>`,
  )}</tbody></table>`;
}

/** The state the report is about, first: after the rollback, after the fix, or the diagnosis. */
function headline(r: Report): { diagnosis: Diagnosis; label: string } {
  if (r.kind === 'rollback')
    return r.rollback?.diagnosisAfter
      ? { diagnosis: r.rollback.diagnosisAfter, label: 'After the rollback' }
      : {
          diagnosis: r.diagnosis,
          label: 'Before the fix (whose values the rollback restored; not read again)',
        };
  if (r.kind === 'fix' && r.diagnosisAfter) return { diagnosis: r.diagnosisAfter, label: 'After the fix' };
  if (r.kind === 'fix') return { diagnosis: r.diagnosis, label: 'Before the fix' };
  return { diagnosis: r.diagnosis, label: 'Diagnosis' };
}

/** What happened when, in the server's local time: one line each, the full words only in the headline. */
function historyTable(r: Report, at: (iso: string) => string): SafeHtml {
  const rows: SafeHtml[] = [];
  const row = (when: string | undefined, what: string, state: string): void => {
    rows.push(markup`<tr><td>${when ? at(when) : '—'}</td><td>${what}</td><td>${state}</td></tr>`);
  };
  row(r.backup?.createdAt, 'Before the fix (backup taken)', verdictShort(r.diagnosis.verdict));
  if (r.verification)
    row(
      r.verification.at,
      `The fix: ${r.verification.outcome}`,
      r.diagnosisAfter
        ? verdictShort(r.diagnosisAfter.verdict)
        : r.verification.ok
          ? 'verified'
          : 'not verified',
    );
  if (r.verification?.afterRefresh)
    row(
      r.verification.afterRefresh.checkedAt,
      'After a policy refresh',
      r.verification.afterRefresh.ok ? 'the fix held' : 'the fix did not hold',
    );
  if (r.rollback)
    row(
      r.rollback.at,
      `The rollback: ${r.rollback.outcome}`,
      r.rollback.diagnosisAfter ? verdictShort(r.rollback.diagnosisAfter.verdict) : 'not read again',
    );
  return markup`<h2>What happened when</h2><table>${cols(38, 32, 30)}<thead><tr><th>When (server time)</th><th>What</th><th>State</th></tr></thead><tbody>
${joinMarkup(rows, LINES)}
</tbody></table>`;
}

function ticketBlock(r: Report): SafeHtml | '' {
  const t = r.changeTicket;
  if (!t) return '';
  const item = (label: string, v: string | undefined): SafeHtml | '' =>
    v ? markup`<dt>${label}</dt><dd>${v}</dd>` : '';
  return markup`<section class="ticket" aria-label="Change ticket"><dl>${item('Change ID', t.changeId)}${item('Requested by', t.requestedBy)}${item('Approved by', t.approvedBy)}${item('STIG exception', t.stigException)}</dl></section>`;
}

function causeBlock(c: Cause, i: number, n: number): SafeHtml {
  return markup`<div class="cause">
<h3>Cause ${i + 1} of ${n}: ${KB_METHOD_WORDS[c.method]} (KB method ${c.method}) — ${c.fixableLocally ? markup`<span class="pass">fixable on this server</span>` : markup`<span class="fail">not fixable on this server</span>`}</h3>
<p><span class="path">${c.registryValue}</span> = ${c.valueLabel}${c.forcesFipsNow ? '' : markup` <span class="small">(${blocksLaterWords(c)})</span>`}</p>
<p>Set by: ${setByLine(c)}</p>
<p>${c.why}</p>
<table>${cols(24, 34, 42)}<thead><tr><th>Evidence</th><th>Where</th><th>What was read</th></tr></thead><tbody>
${joinMarkup(
  c.evidence.map(
    (x) => markup`<tr><td>${x.file}</td><td class="path">${x.location}</td><td>${x.read}</td></tr>`,
  ),
  LINES,
)}
</tbody></table>
<p><strong>What to do:</strong> ${c.remedy.summary}</p>
${c.remedy.steps.length ? markup`<ul>${c.remedy.steps.map((s) => markup`<li>${s}</li>`)}</ul>` : ''}
</div>`;
}

/** The rows of a verification or a rollback: each value, expected against found. */
function checkRows(
  lines: readonly { value: string; expected: string; found: string; ok: boolean }[],
): SafeHtml {
  return joinMarkup(
    lines.map(
      (l) =>
        markup`<tr><td class="path">${l.value}</td><td>${l.expected}</td><td>${l.found}</td><td>${l.ok ? markup`<span class="pass">ok</span>` : markup`<span class="fail">differs</span>`}</td></tr>`,
    ),
    LINES,
  );
}

export function reportHtml(r: Report): string {
  const d = r.diagnosis;
  const at = (iso: string): string => serverTimeWords(iso, r.serverUtcOffset ?? null);
  const parts: SafeHtml[] = [];
  parts.push(markup`<h1>${r.title}</h1>`);
  const ticket = ticketBlock(r);
  if (ticket) parts.push(ticket);
  parts.push(
    markup`<p class="meta"><span>Server: <strong>${r.machine.name}</strong>${r.machine.osCaption ? markup` (${r.machine.osCaption}${r.machine.osVersion ? markup`, ${r.machine.osVersion}` : ''})` : ''}</span><span>Report: ${at(r.generatedAt)}</span><span>${r.kind === 'rollback' ? 'Rolled back by' : 'By'}: ${r.ranBy}</span>${r.fixedBy ? markup`<span>Fixed by: ${r.fixedBy}</span>` : ''}<span>FipsFix ${r.toolVersion}</span></p>`,
  );
  // A diagnosis's outcome is its verdict, just below; anything else says what happened first.
  if (r.kind !== 'diagnosis') parts.push(markup`<p><strong>Outcome:</strong> ${r.outcome}</p>`);
  const top = headline(r);
  parts.push(verdictBox(top.diagnosis, top.label));
  if (r.kind !== 'diagnosis') parts.push(historyTable(r, at));

  const summaryHeading =
    r.kind === 'rollback'
      ? 'What was rolled back and why'
      : r.kind === 'fix'
        ? 'What was changed and why'
        : 'What FipsFix would do';
  parts.push(markup`<h2>${summaryHeading}</h2><p>${r.changeBoardSummary}</p>`);

  if (r.changes.length > 0) {
    const found = (c: Report['changes'][number]): string => c.found ?? '—';
    // A fix and a rollback show the same six columns per change; only their headings differ.
    const madeRows = (): SafeHtml =>
      joinMarkup(
        r.changes.map(
          (c) =>
            markup`<tr><td>${c.label}</td><td class="path">${c.registryValue}</td><td>${c.before}</td><td>${c.after}</td><td>${found(c)}</td><td>${c.via} (method ${c.method})</td></tr>`,
        ),
        LINES,
      );
    if (r.kind === 'rollback')
      parts.push(markup`<h2>Before the fix, after it, and restored</h2><table>${cols(17, 22, 14, 14, 17, 16)}<thead><tr><th>Setting</th><th>Value</th><th>Before the fix</th><th>After the fix</th><th>Restored (read back)</th><th>How the fix was made</th></tr></thead><tbody>
${madeRows()}
</tbody></table>`);
    else if (r.kind === 'fix')
      parts.push(markup`<h2>Before and after</h2><table>${cols(17, 22, 14, 14, 17, 16)}<thead><tr><th>Setting</th><th>Value</th><th>Before</th><th>After (planned)</th><th>Read back</th><th>How</th></tr></thead><tbody>
${madeRows()}
</tbody></table>`);
    else
      parts.push(markup`<h2>The changes FipsFix would make (not made)</h2><table>${cols(22, 30, 14, 14, 20)}<thead><tr><th>Setting</th><th>Value</th><th>Now</th><th>Would become</th><th>How</th></tr></thead><tbody>
${joinMarkup(
  r.changes.map(
    (c) =>
      markup`<tr><td>${c.label}</td><td class="path">${c.registryValue}</td><td>${c.before}</td><td>${c.after}</td><td>${c.via} (method ${c.method})</td></tr>`,
  ),
  LINES,
)}
</tbody></table>`);
  }
  if (r.plan?.kind === 'refused') {
    // A refusal over a cause ends with that cause's remedy, which the cause's own block gives in full.
    const remedies = d.causes.map((c) => c.remedy.steps.join(' ')).filter((x) => x.length > 0);
    const reason = (x: string): string => {
      const said = remedies.find((m) => x.endsWith(` ${m}`));
      return said ? `${x.slice(0, -said.length - 1)} What to do is under the cause below.` : x;
    };
    parts.push(
      markup`<h2>${r.kind === 'diagnosis' ? 'Why FipsFix would change nothing' : 'Why nothing was changed'}</h2><ul>${r.plan.reasons.map((x) => markup`<li>${reason(x)}</li>`)}</ul>`,
    );
  }

  if (r.verification) {
    const v = r.verification;
    parts.push(markup`<h2>${r.kind === 'rollback' ? 'Verification of the fix (before it was rolled back)' : 'Verification'}</h2><p>${v.ok ? markup`<span class="pass">Verified</span>` : markup`<span class="fail">Not verified</span>`} at ${at(v.at)} (${v.outcome}).</p>
<table>${cols(48, 20, 20, 12)}<thead><tr><th>Value</th><th>Expected</th><th>Found</th><th>Result</th></tr></thead><tbody>
${checkRows(v.lines)}
</tbody></table>
${v.afterRefresh ? markup`<p>After a policy refresh (gpupdate /target:computer /force) at ${at(v.afterRefresh.checkedAt)}: ${v.afterRefresh.ok ? markup`<span class="pass">the fix held</span>` : markup`<span class="fail">the fix did not hold</span>`} — ${v.afterRefresh.message}</p>` : r.commands?.verifyAfterRefresh ? markup`<p class="small">Not yet checked after a policy refresh: run <code>${r.commands.verifyAfterRefresh}</code>.</p>` : ''}`);
  }
  if (r.rollback) {
    parts.push(markup`<h2>Rollback</h2><p>${r.rollback.outcome} at ${at(r.rollback.at)}: ${r.rollback.message}</p>
<table>${cols(48, 20, 20, 12)}<thead><tr><th>Value</th><th>Expected (from the backup)</th><th>Found</th><th>Result</th></tr></thead><tbody>
${checkRows(r.rollback.lines)}
</tbody></table>`);
  }

  if (r.warnings.length > 0)
    parts.push(
      markup`<h2>${r.kind === 'rollback' ? 'What the rollback did' : 'Warnings'}</h2>${joinMarkup(
        r.warnings.map((w) => markup`<div class="warn">${w}</div>`),
        LINES,
      )}`,
    );
  if (r.takesEffect.length > 0)
    parts.push(
      markup`<h2>To take effect</h2><ul>${r.takesEffect.map((t) => markup`<li>${t.what} <span class="small">[${t.source}]</span></li>`)}</ul>`,
    );

  if (d.causes.length > 0)
    parts.push(
      markup`<h2>${r.kind === 'diagnosis' ? 'Causes and evidence' : 'Causes and evidence (before the fix)'}</h2>${joinMarkup(
        d.causes.map((c, i) => causeBlock(c, i, d.causes.length)),
        LINES,
      )}`,
    );
  if (d.symptom) {
    parts.push(
      markup`<h2>Symptom</h2><p>${d.symptom.termDdEvent50 > 0 ? markup`${d.symptom.termDdEvent50} TermDD event 50 (DATA ENCRYPTION) in the System log, ${d.symptom.first ? at(d.symptom.first) : ''} to ${d.symptom.last ? at(d.symptom.last) : ''}. Old events do not prove a current problem.` : 'No TermDD event 50 (DATA ENCRYPTION) in the events read.'}</p>`,
    );
  }
  const wire = wireSection(r);
  if (wire) parts.push(wire);
  // A note already given as a warning is not said twice.
  const notes = d.notes.filter((n) => !r.warnings.includes(n.message));
  if (notes.length > 0)
    parts.push(markup`<h2>Notes</h2><ul>${notes.map((n) => markup`<li>${n.message}</li>`)}</ul>`);
  if (d.evidenceGaps.length > 0)
    parts.push(
      markup`<h2>Not in the evidence</h2><ul>${d.evidenceGaps.map((g) => markup`<li>${g.what}: ${g.why}. Collect: <code>${g.settleWith}</code></li>`)}</ul>`,
    );

  if (r.backup) {
    parts.push(
      r.kind === 'rollback'
        ? markup`<h2>Backup</h2><p>Backup <code>${r.backup.id}</code>, SHA-256 <code>${r.backup.sha256}</code>, taken before the fix${r.backup.createdAt ? markup` at ${at(r.backup.createdAt)}` : ''} and restored by the rollback${r.rollback ? markup` at ${at(r.rollback.at)}` : ''}. File: <span class="path">${r.backup.file}</span></p>`
        : markup`<h2>Backup and rollback</h2><p>Backup <code>${r.backup.id}</code>, SHA-256 <code>${r.backup.sha256}</code>.</p><ul>${r.rollbackInstructions.map((x) => markup`<li>${x}</li>`)}</ul>`,
    );
  }
  parts.push(
    markup`<footer>FipsFix ${r.toolVersion} · report format ${r.format} · generated ${at(r.generatedAt)}. Only the registry values FipsFix manages appear in this report.</footer>`,
  );

  return markup`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${r.title}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${joinMarkup(parts, LINES)}
</main>
</body>
</html>
`.toString();
}

/**
 * What Chromium prints at the top and bottom of every page (Playwright's page.pdf and Electron's
 * printToPDF take the same templates): the server, and "page N of M". Chromium fills the spans with
 * the classes pageNumber and totalPages; the templates have no access to the page's CSS.
 */
export function reportPageTemplates(r: Report): { headerTemplate: string; footerTemplate: string } {
  const box =
    'font: 8pt "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #57606a; width: 100%; margin: 0 12mm; display: flex; justify-content: space-between;';
  const kind =
    r.kind === 'rollback' ? 'rollback report' : r.kind === 'fix' ? 'fix report' : 'diagnosis report';
  return {
    headerTemplate:
      markup`<div style="${box}"><span>FipsFix ${kind}: ${r.machine.name}</span><span>${r.changeTicket?.changeId ? `Change ${r.changeTicket.changeId}` : ''}</span></div>`.toString(),
    footerTemplate:
      markup`<div style="${box}"><span>${r.machine.name} · ${serverTimeWords(r.generatedAt, r.serverUtcOffset ?? null)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`.toString(),
  };
}
