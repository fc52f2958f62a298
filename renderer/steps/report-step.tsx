import { NextButton } from '../components/next-button';
import { StepSection } from '../components/step-section';
import type { ReportFormat } from '../use-wizard';
import type { StepKind } from '../wizard-state';

const FORMATS: readonly ReportFormat[] = ['html', 'pdf', 'json'];

/** The report for an auditor or a change board, saved as HTML, PDF or JSON. */
export function ReportStep({
  withFix,
  exported,
  busy,
  focusKey,
  onExport,
  onGo,
}: {
  /** A fix was applied: the report carries its values before → after, its verification and backup. */
  withFix: boolean;
  exported: string | null;
  busy: boolean;
  focusKey: number;
  onExport: (format: ReportFormat) => void;
  onGo: (step: StepKind) => void;
}) {
  return (
    <StepSection id="report" title="Report" focusKey={focusKey}>
      <p>
        The report holds the diagnosis with its evidence
        {withFix ? ', every value before → after, the verification and the backup' : ''}, for an auditor or a
        change board.
      </p>
      <div className="actions">
        {FORMATS.map((f) => (
          <button key={f} type="button" disabled={busy} onClick={() => onExport(f)}>
            Export the report ({f.toUpperCase()})
          </button>
        ))}
      </div>
      {exported && (
        <p role="status" data-testid="exported">
          Report saved: <span className="mono">{exported}</span>
        </p>
      )}
      <NextButton onClick={() => onGo('backups')}>Next: backups</NextButton>
    </StepSection>
  );
}
