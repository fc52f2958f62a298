import { CauseCard } from '../components/cause-card';
import { NextButton } from '../components/next-button';
import { StepSection } from '../components/step-section';
import type { StepKind } from '../wizard-state';
import type { DiagnoseValue } from '../ipc-values';

/** The verdict, each cause with its evidence, the symptom, notes and what the evidence does not cover. */
export function DiagnosisStep({
  value,
  failed,
  focusKey,
  onGo,
}: {
  value: DiagnoseValue | null;
  failed: boolean;
  focusKey: number;
  onGo: (step: StepKind) => void;
}) {
  const d = value?.diagnosis;
  return (
    <StepSection id="diagnosis" title="Diagnosis" focusKey={focusKey}>
      {!d && !failed && <p aria-busy="true">Reading the registry and the policy sources…</p>}
      {value && d && (
        <>
          {value.sources === 'registry' && (
            <p className="box warning" role="status" aria-busy="true" data-testid="sources-pending">
              From the registry alone, for now: still reading the policy sources (local security policy, Group
              Policy results, the local GPO). Who set each value, and whether it can be fixed here, follow
              when they are read.
            </p>
          )}
          <div className={`verdict verdict-${d.verdict}`} data-testid="verdict">
            <p className="verdict-title">{value.words.verdict}</p>
            <p>{d.summary}</p>
            <p>
              RDP encryption level in force: <strong>{d.effectiveLevel.label}</strong>
            </p>
          </div>
          <p>
            Server: {d.machine.name ?? 'unnamed'}
            {d.machine.osCaption ? ` (${d.machine.osCaption})` : ''}
          </p>
          {value.words.listeners.length > 0 && (
            <>
              <h3>RDP listeners</h3>
              <ul data-testid="listeners">
                {value.words.listeners.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </>
          )}
          {value.words.sessionCollection && <p>{value.words.sessionCollection}</p>}
          {d.causes.map((c, i) => (
            <CauseCard key={c.id} c={c} words={value.words.causes[i]} i={i} n={d.causes.length} />
          ))}
          {value.words.symptom && <p>{value.words.symptom}</p>}
          {d.notes.length > 0 && (
            <>
              <h3>Notes</h3>
              <ul>
                {d.notes.map((n, i) => (
                  <li key={i}>{n.message}</li>
                ))}
              </ul>
            </>
          )}
          {d.evidenceGaps.length > 0 && (
            <>
              <h3>Not in the evidence</h3>
              <ul>
                {d.evidenceGaps.map((g, i) => (
                  <li key={i}>
                    {g.what}: {g.why}. Collect: <span className="mono">{g.settleWith}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <NextButton onClick={() => onGo(d.causes.length > 0 ? 'method' : 'report')}>
            {d.causes.length > 0 ? 'Next: how to fix it' : 'Next: export the report'}
          </NextButton>
        </>
      )}
    </StepSection>
  );
}
