import { NextButton } from '../components/next-button';
import { StepSection } from '../components/step-section';
import { TextList } from '../components/text-list';
import type { StepKind, StepOf } from '../wizard-state';
import type { Cause, DiagnoseValue } from '../ipc-values';

/** What a cause that FipsFix cannot fix here needs: the domain administrator's change, or more evidence. */
function NotFixableHere({ c }: { c: Cause }) {
  return (
    <div className="box warning" data-testid="ask-domain-admin">
      <p>
        <strong>
          {c.source === 'domain-group-policy'
            ? 'Ask the domain administrator for this:'
            : 'Collect this evidence first:'}
        </strong>{' '}
        {c.remedy.summary}
      </p>
      {c.gpo && (
        <p>
          GPO: <strong>{c.gpo.name}</strong> <span className="mono">{c.gpo.id}</span>
          {c.gpo.linkedAt ? `, linked at ${c.gpo.linkedAt}` : ''}
        </p>
      )}
      {c.remedy.gpmcPath && (
        <p>
          Where, in the Group Policy Management Editor: <span className="mono">{c.remedy.gpmcPath}</span>
        </p>
      )}
      <TextList items={c.remedy.steps} ordered />
      {c.remedy.settleWith && <p>Evidence that would settle it: {c.remedy.settleWith.join('; ')}</p>}
    </div>
  );
}

/** Per cause, the method that set it and so the one the fix uses; or why FipsFix changes nothing here. */
export function MethodStep({
  step,
  value,
  fixable,
  focusKey,
  onGo,
}: {
  step: StepOf<'method'>;
  value: DiagnoseValue;
  fixable: boolean;
  focusKey: number;
  onGo: (step: StepKind) => void;
}) {
  const plan = step.plan?.value.plan;
  return (
    <StepSection
      id="method"
      title="How to fix it: by the same method that turned FIPS on"
      focusKey={focusKey}
    >
      <p>
        A setting must be changed where it was set. Changed another way, the next policy refresh puts FIPS
        back.
      </p>
      {value.diagnosis.causes.map((c, i) => (
        <article key={c.id} className="cause" aria-labelledby={`m-${i}`}>
          <h3 id={`m-${i}`}>
            {value.words.causes[i]?.setting}: set by {value.words.causes[i]?.setBy}
          </h3>
          <p>{value.words.causes[i]?.method}</p>
          {c.fixableLocally ? (
            <p>
              <strong>FipsFix will:</strong> {c.remedy.summary}
            </p>
          ) : (
            <NotFixableHere c={c} />
          )}
        </article>
      ))}
      {fixable ? (
        <NextButton onClick={() => onGo('confirm')}>Next: review the changes</NextButton>
      ) : (
        <>
          <p data-testid="no-fix">
            <strong>FipsFix will not change anything on this server.</strong>{' '}
            {plan?.kind === 'refused'
              ? plan.reasons.at(-1)
              : 'A change here would not unblock Remote Assistance.'}
          </p>
          <NextButton onClick={() => onGo('report')}>Next: export the diagnosis report</NextButton>
        </>
      )}
    </StepSection>
  );
}
