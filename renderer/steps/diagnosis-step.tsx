import { MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { useDeferredValue } from 'react';
import { CauseCard } from '../components/cause-card';
import { RegistryPath } from '../components/registry-path';
import { StepSection } from '../components/step-section';
import type { DiagnoseValue } from '../ipc-values';

const VERDICT_INTENT = { blocked: 'error', 'not-blocked': 'success', incomplete: 'warning' } as const;

/** The verdict, each cause with its evidence, the symptom, notes and what the evidence does not cover. */
export function DiagnosisStep({
  value,
  failed,
  focusKey,
}: {
  value: DiagnoseValue | null;
  failed: boolean;
  focusKey: number;
}) {
  const d = value?.diagnosis;
  // The verdict is drawn first; the causes with their evidence tables (the heavy part) follow in a
  // render React may do after painting it, so the answer is on screen as soon as it is known.
  const details = useDeferredValue(value, null);
  return (
    <StepSection id="diagnosis" title="Diagnosis" focusKey={focusKey}>
      {!d && !failed && (
        <Spinner label="Reading the registry and the policy sources…" labelPosition="after" />
      )}
      {value && d && (
        <>
          {value.sources === 'registry' && (
            <MessageBar intent="info" className="message" data-testid="sources-pending" aria-busy="true">
              <MessageBarBody>
                From the registry alone, for now: still reading the policy sources (local security policy,
                Group Policy results, the local GPO). Who set each value, and whether it can be fixed here,
                follow when they are read.
              </MessageBarBody>
            </MessageBar>
          )}
          <MessageBar
            intent={VERDICT_INTENT[d.verdict]}
            layout="multiline"
            className="verdict"
            data-testid="verdict"
          >
            <MessageBarBody>
              <MessageBarTitle className="verdict-title">{value.words.verdict}</MessageBarTitle>
              <p>{d.summary}</p>
              <p>
                RDP encryption level in force: <strong>{d.effectiveLevel.label}</strong>
              </p>
              {d.wire && d.wire.length > 0 && (
                <div data-testid="wire">
                  <p>
                    <strong>What the listener does now</strong> (observed on the wire):
                  </p>
                  <ul>
                    {d.wire.map((w, i) => (
                      <li key={i}>{w.words}</li>
                    ))}
                  </ul>
                </div>
              )}
              {d.confidence && <p data-testid="confidence">{d.confidence.words}</p>}
            </MessageBarBody>
          </MessageBar>
          {details && <DiagnosisDetails value={details} />}
        </>
      )}
    </StepSection>
  );
}

/** Everything below the verdict: the server, its listeners, each cause with its evidence, notes and gaps. */
function DiagnosisDetails({ value }: { value: DiagnoseValue }) {
  const d = value.diagnosis;
  return (
    <>
      <p>
        Server: <strong>{d.machine.name ?? 'unnamed'}</strong>
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
      <div className="cards" data-testid="cause-cards">
        {d.causes.map((c, i) => (
          <CauseCard key={c.id} c={c} words={value.words.causes[i]} i={i} n={d.causes.length} />
        ))}
      </div>
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
                {g.what}: {g.why}. Collect: <RegistryPath text={g.settleWith} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
