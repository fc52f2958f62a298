// The report as one self-contained HTML file: inline CSS, no scripts, no remote fonts or images,
// readable on screen and printed (the PDF is this page printed by Chromium: no second layout).
// Every piece of text from evidence is escaped: a GPO may be named anything, <script> included.
import type { Cause, Diagnosis } from './diagnosis-schema';
import { sourceWords } from './diagnose';
import type { Report } from './report';

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const e = escapeHtml;

const CSS = `
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

function verdictBox(d: Diagnosis, label: string): string {
  const cls = d.verdict === 'blocked' ? 'bad' : d.verdict === 'not-blocked' ? 'ok' : 'unknown';
  const head =
    d.verdict === 'blocked'
      ? 'Blocked: Remote Assistance and RDP from Windows 10 are refused'
      : d.verdict === 'not-blocked'
        ? 'Not blocked by the FIPS encryption level'
        : 'Incomplete: the evidence does not cover every setting';
  return `<div class="verdict ${cls}" role="status"><strong>${e(label)}: ${e(head)}</strong>${e(d.summary)}<br><span class="small">RDP encryption level in force: ${e(d.effectiveLevel.label)}</span></div>`;
}

function causeBlock(c: Cause, i: number, n: number): string {
  const gpo = c.gpo
    ? ` — GPO “${e(c.gpo.name)}” <code>${e(c.gpo.id)}</code>${c.gpo.linkedAt ? `, linked at ${e(c.gpo.linkedAt)}` : ''}`
    : '';
  return `<div class="cause">
<h3>Cause ${i + 1} of ${n}: ${c.setting === 'fips-algorithm-policy' ? 'the FIPS security option' : 'the RDP encryption level'} (KB method ${c.method}) — ${c.fixableLocally ? '<span class="pass">fixable on this server</span>' : '<span class="fail">not fixable on this server</span>'}</h3>
<p><span class="path">${e(c.registryValue)}</span> = ${e(c.valueLabel)}${c.forcesFipsNow ? '' : ' <span class="small">(blocks once the settings above it stop forcing FIPS)</span>'}</p>
<p>Set by: ${e(sourceWords(c))}${gpo}</p>
<p>${e(c.why)}</p>
<table><thead><tr><th>Evidence</th><th>Where</th><th>What was read</th></tr></thead><tbody>
${c.evidence.map((x) => `<tr><td>${e(x.file)}</td><td class="path">${e(x.location)}</td><td>${e(x.read)}</td></tr>`).join('\n')}
</tbody></table>
<p><strong>What to do:</strong> ${e(c.remedy.summary)}</p>
${c.remedy.steps.length ? `<ul>${c.remedy.steps.map((s) => `<li>${e(s)}</li>`).join('')}</ul>` : ''}
</div>`;
}

export function reportHtml(r: Report): string {
  const d = r.diagnosis;
  const parts: string[] = [];
  parts.push(`<h1>${e(r.title)}</h1>`);
  parts.push(
    `<p class="meta"><span>Server: <strong>${e(r.machine.name)}</strong>${r.machine.osCaption ? ` (${e(r.machine.osCaption)}${r.machine.osVersion ? `, ${e(r.machine.osVersion)}` : ''})` : ''}</span><span>Report: ${e(r.generatedAt)}</span><span>By: ${e(r.ranBy)}</span><span>FipsFix ${e(r.toolVersion)}</span></p>`,
  );
  parts.push(`<p><strong>Outcome:</strong> ${e(r.outcome)}</p>`);
  parts.push(verdictBox(d, r.kind === 'diagnosis' ? 'Diagnosis' : 'Before the fix'));
  if (r.diagnosisAfter) parts.push(verdictBox(r.diagnosisAfter, 'After the fix'));

  parts.push(`<h2>What was changed and why</h2><p>${e(r.changeBoardSummary)}</p>`);

  if (r.changes.length > 0) {
    parts.push(`<h2>Before and after</h2><table><thead><tr><th>Setting</th><th>Value</th><th>Before</th><th>After (planned)</th><th>Read back</th><th>How</th></tr></thead><tbody>
${r.changes.map((c) => `<tr><td>${e(c.label)}</td><td class="path">${e(c.registryValue)}</td><td>${e(c.before)}</td><td>${e(c.after)}</td><td>${c.found ? e(c.found) : '—'}</td><td>${e(c.via)} (method ${c.method})</td></tr>`).join('\n')}
</tbody></table>`);
  }
  if (r.plan?.kind === 'refused') {
    parts.push(
      `<h2>Why nothing was changed</h2><ul>${r.plan.reasons.map((x) => `<li>${e(x)}</li>`).join('')}</ul>`,
    );
  }

  if (r.verification) {
    const v = r.verification;
    parts.push(`<h2>Verification</h2><p>${v.ok ? '<span class="pass">Verified</span>' : '<span class="fail">Not verified</span>'} at ${e(v.at)} (${e(v.outcome)}).</p>
<table><thead><tr><th>Value</th><th>Expected</th><th>Found</th><th>Result</th></tr></thead><tbody>
${v.lines.map((l) => `<tr><td class="path">${e(l.value)}</td><td>${e(l.expected)}</td><td>${e(l.found)}</td><td>${l.ok ? '<span class="pass">ok</span>' : '<span class="fail">differs</span>'}</td></tr>`).join('\n')}
</tbody></table>
${v.afterRefresh ? `<p>After a policy refresh (gpupdate /target:computer /force) at ${e(v.afterRefresh.checkedAt)}: ${v.afterRefresh.ok ? '<span class="pass">the fix held</span>' : '<span class="fail">the fix did not hold</span>'} — ${e(v.afterRefresh.message)}</p>` : '<p class="small">Not yet checked after a policy refresh: run <code>fipsfix verify --after-refresh</code>.</p>'}`);
  }
  if (r.rollback) {
    parts.push(`<h2>Rollback</h2><p>${e(r.rollback.outcome)} at ${e(r.rollback.at)}: ${e(r.rollback.message)}</p>
<table><thead><tr><th>Value</th><th>Expected (from the backup)</th><th>Found</th><th>Result</th></tr></thead><tbody>
${r.rollback.lines.map((l) => `<tr><td class="path">${e(l.value)}</td><td>${e(l.expected)}</td><td>${e(l.found)}</td><td>${l.ok ? '<span class="pass">ok</span>' : '<span class="fail">differs</span>'}</td></tr>`).join('\n')}
</tbody></table>`);
  }

  if (r.warnings.length > 0)
    parts.push(`<h2>Warnings</h2>${r.warnings.map((w) => `<div class="warn">${e(w)}</div>`).join('\n')}`);
  if (r.takesEffect.length > 0)
    parts.push(
      `<h2>To take effect</h2><ul>${r.takesEffect.map((t) => `<li>${e(t.what)} <span class="small">[${e(t.source)}]</span></li>`).join('')}</ul>`,
    );

  if (d.causes.length > 0)
    parts.push(
      `<h2>Causes and evidence</h2>${d.causes.map((c, i) => causeBlock(c, i, d.causes.length)).join('\n')}`,
    );
  if (d.symptom) {
    parts.push(
      `<h2>Symptom</h2><p>${d.symptom.termDdEvent50 > 0 ? `${d.symptom.termDdEvent50} TermDD event 50 (DATA ENCRYPTION) in the System log, ${e(d.symptom.first ?? '')} to ${e(d.symptom.last ?? '')}. Old events do not prove a current problem.` : 'No TermDD event 50 (DATA ENCRYPTION) in the events read.'}</p>`,
    );
  }
  if (d.notes.length > 0)
    parts.push(`<h2>Notes</h2><ul>${d.notes.map((n) => `<li>${e(n.message)}</li>`).join('')}</ul>`);
  if (d.evidenceGaps.length > 0)
    parts.push(
      `<h2>Not in the evidence</h2><ul>${d.evidenceGaps.map((g) => `<li>${e(g.what)}: ${e(g.why)}. Collect: <code>${e(g.settleWith)}</code></li>`).join('')}</ul>`,
    );

  if (r.backup) {
    parts.push(
      `<h2>Backup and rollback</h2><p>Backup <code>${e(r.backup.id)}</code>, SHA-256 <code>${e(r.backup.sha256)}</code>.</p><ul>${r.rollbackInstructions.map((x) => `<li>${e(x)}</li>`).join('')}</ul>`,
    );
  }
  parts.push(
    `<footer>FipsFix ${e(r.toolVersion)} · report format ${e(r.format)} · generated ${e(r.generatedAt)}. Only the registry values FipsFix manages appear in this report.</footer>`,
  );

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(r.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${parts.join('\n')}
</main>
</body>
</html>
`;
}
