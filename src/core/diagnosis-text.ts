// The diagnosis and the plan in words, for a person at a console. Pure: the CLI prints it.
import type { Diagnosis } from './diagnosis-schema';
import type { RemediationPlan } from './plan';
import { domainGpoOf } from './rules/domain-gpo';
import { isListenerLevelId, listenerOf } from './settings';
import { listenerLine } from './words/listeners';
import { describeChange } from './words/method';
import { sourceWords } from './words/source';
import { DECIDED_BY_WORDS, verdictForConsole } from './words/verdict';

const SETTING_WORDS = {
  'fips-algorithm-policy': 'FIPS security option',
  'fips-algorithm-policy-legacy': 'FIPS security option (pre-Vista value)',
  'rdp-encryption-policy': 'RDP encryption level, Group Policy',
  'rdp-tcp-encryption-level': 'RDP encryption level, RDP-Tcp connection',
} as const;

export function diagnosisText(d: Diagnosis, origin: string): string {
  const out: string[] = [];
  const machine = d.machine.name
    ? `${d.machine.name}${d.machine.osCaption ? ` (${d.machine.osCaption})` : ''}`
    : 'unnamed machine';
  out.push(`FipsFix diagnosis of ${machine} — from ${origin}`);
  out.push('');
  out.push(`Verdict: ${verdictForConsole(d.verdict)}`);
  out.push(`  ${d.summary}`);
  out.push(
    `  RDP encryption level in force: ${d.effectiveLevel.label}${DECIDED_BY_WORDS[d.effectiveLevel.decidedBy]}`,
  );
  if (d.listeners && d.listeners.length > 0) {
    out.push('  RDP listeners:');
    for (const l of d.listeners) out.push(`    - ${listenerLine(l)}`);
  }
  if (d.sessionCollection)
    out.push(
      `  RD Session Host in a collection${d.sessionCollection.collection ? ` ("${d.sessionCollection.collection}")` : ''}${d.sessionCollection.broker ? `, connection broker ${d.sessionCollection.broker}` : ''}: the collection's configuration owns the listeners' level and security layer.`,
    );
  d.causes.forEach((c, i) => {
    out.push('');
    out.push(
      `Cause ${i + 1} of ${d.causes.length}: ${isListenerLevelId(c.id) ? `RDP encryption level, ${c.listener ?? listenerOf(c.id)} listener` : SETTING_WORDS[c.id]} — KB method ${c.method} — ${c.fixableLocally ? 'fixable on this server' : 'NOT fixable on this server'}`,
    );
    out.push(
      `  Value:    ${c.registryValue} = ${c.valueLabel}${c.forcesFipsNow ? '' : ' (blocks once the settings above it stop forcing FIPS)'}`,
    );
    const gpo = domainGpoOf(c);
    const gpoDetail = gpo ? ` ${gpo.id}${gpo.linkedAt ? `, linked at ${gpo.linkedAt}` : ''}` : '';
    out.push(
      `  Set by:   ${sourceWords(c)}${gpoDetail}${c.sessionCollection ? ", on an RD Session Host whose collection's configuration owns it" : ''}`,
    );
    out.push(`  Why:      ${c.why}`);
    out.push('  Evidence:');
    for (const e of c.evidence) out.push(`    - ${e.file} — ${e.location}: ${e.read}`);
    out.push(`  What to do: ${c.remedy.summary}`);
    for (const s of c.remedy.steps) out.push(`    - ${s}`);
  });
  if (d.symptom) {
    out.push('');
    out.push(
      d.symptom.termDdEvent50 > 0
        ? `Symptom: ${d.symptom.termDdEvent50} TermDD event 50 (DATA ENCRYPTION) in the System log, ${d.symptom.first} to ${d.symptom.last}. Old events do not prove a current problem.`
        : 'Symptom: no TermDD event 50 (DATA ENCRYPTION) in the events read.',
    );
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

export function planText(p: RemediationPlan): string {
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
