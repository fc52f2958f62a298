// The report as one self-contained HTML file: inline CSS, no scripts, no remote fonts or images,
// readable on screen and printed (the PDF is this page printed by Chromium: no second layout).
// Every piece of text from evidence is escaped (by the markup tag): a GPO may be named anything, <script> included.
import type { Cause, Diagnosis } from './diagnosis-schema';
import { joinMarkup, markup, type SafeHtml } from './html';
import type { Report } from './report';
import { blocksLaterWords, KB_METHOD_WORDS } from './words/setting';
import { sourceWords } from './words/source';
import { verdictHeadline } from './words/verdict';

const LINES = markup`\n`;

const CSS = markup`
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bad: #a40e26; --bad-bg: #ffebe9; --ok: #116329; --ok-bg: #dafbe1; --warn: #7d4e00; --warn-bg: #fff8c5; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; break-after: avoid; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; break-after: avoid; }
p, li { margin: .25rem 0; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.meta span { margin-right: 1.2rem; white-space: nowrap; }
.verdict { border: 2px solid; border-radius: 6px; padding: .7rem 1rem; margin: 1rem 0; break-inside: avoid; }
.verdict.bad { border-color: var(--bad); background: var(--bad-bg); }
.verdict.ok { border-color: var(--ok); background: var(--ok-bg); }
.verdict.unknown { border-color: var(--warn); background: var(--warn-bg); }
.verdict strong { display: block; font-size: 1.15rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; font-size: .95em; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
tr { break-inside: avoid; }
code, .path { font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: .9em; overflow-wrap: anywhere; }
.pass { color: var(--ok); font-weight: 600; }
.fail { color: var(--bad); font-weight: 600; }
.warn { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: .4rem .7rem; margin: .4rem 0; break-inside: avoid; }
.cause { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .8rem; margin: .6rem 0; break-inside: avoid; }
.small { color: var(--muted); font-size: .9em; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85em; border-top: 1px solid var(--line); padding-top: .5rem; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
`;

function verdictBox(d: Diagnosis, label: string): SafeHtml {
  const cls = d.verdict === 'blocked' ? 'bad' : d.verdict === 'not-blocked' ? 'ok' : 'unknown';
  return markup`<div class="verdict ${cls}" role="status"><strong>${label}: ${verdictHeadline(d.verdict, d.causes)}</strong>${d.summary}<br><span class="small">RDP encryption level in force: ${d.effectiveLevel.label}</span></div>`;
}

function causeBlock(c: Cause, i: number, n: number): SafeHtml {
  const gpo = c.gpo
    ? markup` — GPO “${c.gpo.name}” <code>${c.gpo.id}</code>${c.gpo.linkedAt ? markup`, linked at ${c.gpo.linkedAt}` : ''}`
    : '';
  return markup`<div class="cause">
<h3>Cause ${i + 1} of ${n}: ${KB_METHOD_WORDS[c.method]} (KB method ${c.method}) — ${c.fixableLocally ? markup`<span class="pass">fixable on this server</span>` : markup`<span class="fail">not fixable on this server</span>`}</h3>
<p><span class="path">${c.registryValue}</span> = ${c.valueLabel}${c.forcesFipsNow ? '' : markup` <span class="small">(${blocksLaterWords(c)})</span>`}</p>
<p>Set by: ${sourceWords(c)}${gpo}</p>
<p>${c.why}</p>
<table><thead><tr><th>Evidence</th><th>Where</th><th>What was read</th></tr></thead><tbody>
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
  const parts: SafeHtml[] = [];
  parts.push(markup`<h1>${r.title}</h1>`);
  parts.push(
    markup`<p class="meta"><span>Server: <strong>${r.machine.name}</strong>${r.machine.osCaption ? markup` (${r.machine.osCaption}${r.machine.osVersion ? markup`, ${r.machine.osVersion}` : ''})` : ''}</span><span>Report: ${r.generatedAt}</span><span>By: ${r.ranBy}</span><span>FipsFix ${r.toolVersion}</span></p>`,
  );
  parts.push(markup`<p><strong>Outcome:</strong> ${r.outcome}</p>`);
  parts.push(verdictBox(d, r.kind === 'diagnosis' ? 'Diagnosis' : 'Before the fix'));
  if (r.diagnosisAfter) parts.push(verdictBox(r.diagnosisAfter, 'After the fix'));

  parts.push(markup`<h2>What was changed and why</h2><p>${r.changeBoardSummary}</p>`);

  if (r.changes.length > 0) {
    parts.push(markup`<h2>Before and after</h2><table><thead><tr><th>Setting</th><th>Value</th><th>Before</th><th>After (planned)</th><th>Read back</th><th>How</th></tr></thead><tbody>
${joinMarkup(
  r.changes.map(
    (c) =>
      markup`<tr><td>${c.label}</td><td class="path">${c.registryValue}</td><td>${c.before}</td><td>${c.after}</td><td>${c.found ? c.found : '—'}</td><td>${c.via} (method ${c.method})</td></tr>`,
  ),
  LINES,
)}
</tbody></table>`);
  }
  if (r.plan?.kind === 'refused') {
    parts.push(
      markup`<h2>Why nothing was changed</h2><ul>${r.plan.reasons.map((x) => markup`<li>${x}</li>`)}</ul>`,
    );
  }

  if (r.verification) {
    const v = r.verification;
    parts.push(markup`<h2>Verification</h2><p>${v.ok ? markup`<span class="pass">Verified</span>` : markup`<span class="fail">Not verified</span>`} at ${v.at} (${v.outcome}).</p>
<table><thead><tr><th>Value</th><th>Expected</th><th>Found</th><th>Result</th></tr></thead><tbody>
${checkRows(v.lines)}
</tbody></table>
${v.afterRefresh ? markup`<p>After a policy refresh (gpupdate /target:computer /force) at ${v.afterRefresh.checkedAt}: ${v.afterRefresh.ok ? markup`<span class="pass">the fix held</span>` : markup`<span class="fail">the fix did not hold</span>`} — ${v.afterRefresh.message}</p>` : markup`<p class="small">Not yet checked after a policy refresh: run <code>fipsfix verify --after-refresh</code>.</p>`}`);
  }
  if (r.rollback) {
    parts.push(markup`<h2>Rollback</h2><p>${r.rollback.outcome} at ${r.rollback.at}: ${r.rollback.message}</p>
<table><thead><tr><th>Value</th><th>Expected (from the backup)</th><th>Found</th><th>Result</th></tr></thead><tbody>
${checkRows(r.rollback.lines)}
</tbody></table>`);
  }

  if (r.warnings.length > 0)
    parts.push(
      markup`<h2>Warnings</h2>${joinMarkup(
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
      markup`<h2>Causes and evidence</h2>${joinMarkup(
        d.causes.map((c, i) => causeBlock(c, i, d.causes.length)),
        LINES,
      )}`,
    );
  if (d.symptom) {
    parts.push(
      markup`<h2>Symptom</h2><p>${d.symptom.termDdEvent50 > 0 ? markup`${d.symptom.termDdEvent50} TermDD event 50 (DATA ENCRYPTION) in the System log, ${d.symptom.first ?? ''} to ${d.symptom.last ?? ''}. Old events do not prove a current problem.` : 'No TermDD event 50 (DATA ENCRYPTION) in the events read.'}</p>`,
    );
  }
  if (d.notes.length > 0)
    parts.push(markup`<h2>Notes</h2><ul>${d.notes.map((n) => markup`<li>${n.message}</li>`)}</ul>`);
  if (d.evidenceGaps.length > 0)
    parts.push(
      markup`<h2>Not in the evidence</h2><ul>${d.evidenceGaps.map((g) => markup`<li>${g.what}: ${g.why}. Collect: <code>${g.settleWith}</code></li>`)}</ul>`,
    );

  if (r.backup) {
    parts.push(
      markup`<h2>Backup and rollback</h2><p>Backup <code>${r.backup.id}</code>, SHA-256 <code>${r.backup.sha256}</code>.</p><ul>${r.rollbackInstructions.map((x) => markup`<li>${x}</li>`)}</ul>`,
    );
  }
  parts.push(
    markup`<footer>FipsFix ${r.toolVersion} · report format ${r.format} · generated ${r.generatedAt}. Only the registry values FipsFix manages appear in this report.</footer>`,
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
