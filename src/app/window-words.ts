// The words the window shows beside each value it is sent, taken from the core's word modules
// (src/core/words/): the window may import only the IPC contract, so the service fills them in and
// the renderer formats nothing of the domain itself.
import type { Diagnosis } from '../core/diagnosis-schema';
import type { RemediationPlan } from '../core/plan';
import { describeValue, symptomWords } from '../core/words/evidence';
import { changeViaWords } from '../core/words/method';
import { causeValueWords, KB_METHOD_WORDS, settingWords } from '../core/words/setting';
import { sameMethodWords, setByLine, sourceWords } from '../core/words/source';
import { listenerLine, sessionCollectionLine } from '../core/words/listeners';
import { verdictHeadline } from '../core/words/verdict';
import { domainAskWords } from '../core/words/domain-ask';
import { fixElsewhereWords } from '../core/words/fix-elsewhere';
import type { ResultOf } from '../ipc/contract';

type Ok<V extends 'diagnose' | 'plan'> = Extract<ResultOf<V>, { ok: true }>['value'];

function askOf(c: Diagnosis['causes'][number]): Ok<'diagnose'>['words']['causes'][number]['ask'] {
  const a = domainAskWords(c);
  return a ? { ...a, gpo: { ...a.gpo }, notes: [...a.notes] } : null;
}

/** The verdict, and one entry per cause in diagnosis.causes' order. */
export function diagnosisWords(d: Diagnosis): Ok<'diagnose'>['words'] {
  return {
    verdict: verdictHeadline(d.verdict, d.causes),
    causes: d.causes.map((c) => ({
      setting: settingWords(c.id),
      setBy: sourceWords(c),
      setByLine: setByLine(c),
      method: sameMethodWords(c),
      kbMethod: KB_METHOD_WORDS[c.method],
      value: causeValueWords(c),
      elsewhere: fixElsewhereWords(c),
      ask: askOf(c),
    })),
    symptom: d.symptom ? symptomWords(d.symptom) : null,
    listeners: (d.listeners ?? []).map(listenerLine),
    sessionCollection: d.sessionCollection ? sessionCollectionLine(d.sessionCollection) : null,
  };
}

/** One entry per planned change, in plan.changes' order; none for a plan without changes. */
export function changeWords(p: RemediationPlan): Ok<'plan'>['changeWords'] {
  if (p.kind !== 'changes') return [];
  return p.changes.map((c) => ({
    setting: settingWords(c.id),
    via: changeViaWords(c),
    before: describeValue(c.id, c.before),
    after: describeValue(c.id, c.after),
  }));
}
