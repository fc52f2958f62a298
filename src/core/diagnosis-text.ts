// The diagnosis and the plan in words, for a person at a console. Pure: the CLI prints it.
import type { Diagnosis } from './diagnosis-schema';
import type { RemediationPlan } from './plan';
import { symptomWords } from './words/evidence';
import { listenerLine, sessionCollectionLine } from './words/listeners';
import { describeChange } from './words/method';
import { causeValueWords, settingWords } from './words/setting';
import { setByLine } from './words/source';
import { DECIDED_BY_WORDS, verdictForConsole } from './words/verdict';
import { visible, visibleStrings } from './visible-text';

/**
 * Every string of the diagnosis (names, files, locations from the evidence) is escaped before it is
 * laid out, so a GPO or file name brings neither a control sequence nor a line of its own.
 */
export function diagnosisText(raw: Diagnosis, rawOrigin: string): string {
  const d = visibleStrings(raw);
  const origin = visible(rawOrigin);
  const out: string[] = [];
  const machine = d.machine.name
    ? `${d.machine.name}${d.machine.osCaption ? ` (${d.machine.osCaption})` : ''}`
    : 'unnamed machine';
  out.push(`FipsFix diagnosis of ${machine} — from ${origin}`);
  out.push('');
  out.push(`Verdict: ${verdictForConsole(d.verdict, d.causes)}`);
  out.push(`  ${d.summary}`);
  out.push(
    `  RDP encryption level in force: ${d.effectiveLevel.label}${DECIDED_BY_WORDS[d.effectiveLevel.decidedBy]}`,
  );
  if (d.listeners && d.listeners.length > 0) {
    out.push('  RDP listeners:');
    for (const l of d.listeners) out.push(`    - ${listenerLine(l)}`);
  }
  if (d.sessionCollection) out.push(`  ${sessionCollectionLine(d.sessionCollection)}`);
  d.causes.forEach((c, i) => {
    out.push('');
    out.push(
      `Cause ${i + 1} of ${d.causes.length}: ${settingWords(c.id)} — KB method ${c.method} — ${c.fixableLocally ? 'fixable on this server' : 'NOT fixable on this server'}`,
    );
    out.push(`  Value:    ${c.registryValue} = ${causeValueWords(c)}`);
    out.push(
      `  Set by:   ${setByLine(c)}${c.sessionCollection ? ", on an RD Session Host whose collection's configuration owns it" : ''}`,
    );
    out.push(`  Why:      ${c.why}`);
    if (c.refresh) out.push(`  Refresh:  ${c.refresh.words}`);
    out.push('  Evidence:');
    for (const e of c.evidence) out.push(`    - ${e.file} — ${e.location}: ${e.read}`);
    out.push(`  What to do: ${c.remedy.summary}`);
    for (const s of c.remedy.steps) out.push(`    - ${s}`);
  });
  if (d.wire && d.wire.length > 0) {
    out.push('');
    out.push('Observed on the wire:');
    for (const f of d.wire) out.push(`  - ${f.words}`);
  }
  if (d.confidence && d.causes.length > 0) {
    out.push('');
    out.push(`How sure: ${d.confidence.words}`);
  }
  if (d.symptom) {
    out.push('');
    out.push(symptomWords(d.symptom));
  }
  if (d.notes.length > 0) {
    out.push('');
    out.push('Notes:');
    for (const n of d.notes) out.push(`  - ${n.message}`);
  }
  if (d.evidenceGaps.length > 0) {
    out.push('');
    out.push('Not in the evidence:');
    for (const g of d.evidenceGaps) out.push(`  - ${g.what}: ${g.why}. Collect: ${g.settleWith}`);
  }
  return out.join('\n') + '\n';
}

export function planText(raw: RemediationPlan): string {
  const p = visibleStrings(raw);
  const out: string[] = [];
  switch (p.kind) {
    case 'nothing-to-do':
      out.push(`Nothing to change. ${p.message}`);
      break;
    case 'refused':
      out.push('FipsFix will not change anything on this server:');
      for (const r of p.reasons) out.push(`  - ${r}`);
      break;
    case 'changes':
      out.push(`Planned changes${p.machine ? ` on ${p.machine}` : ''} (before → after):`);
      for (const c of p.changes) {
        out.push(`  - ${describeChange(c)}`);
        out.push(`      ${c.reason}`);
      }
      if (p.refreshPolicyAfter)
        out.push('  Then: gpupdate /target:computer /force, so the local GPO change applies.');
      if (p.warnings.length > 0) {
        out.push('Warnings:');
        for (const w of p.warnings) out.push(`  - ${w}`);
      }
      out.push('To take effect:');
      for (const t of p.takesEffect) out.push(`  - ${t.what} [${t.source}]`);
      break;
  }
  return out.join('\n') + '\n';
}
