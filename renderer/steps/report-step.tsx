import { Button, Field, Input } from '@fluentui/react-components';
import { SaveRegular } from '@fluentui/react-icons';
import { SavedNotice } from '../components/saved-notice';
import { StepSection } from '../components/step-section';
import type { ReportFormat } from '../use-wizard';
import type { ChangeTicket, ExportValue, StepOf } from '../wizard-state';

const FORMATS: readonly ReportFormat[] = ['html', 'pdf', 'json'];

const TICKET_FIELDS: readonly { field: keyof ChangeTicket; label: string; hint?: string }[] = [
  { field: 'changeId', label: 'Change id', hint: 'The change request or ticket number' },
  { field: 'requestedBy', label: 'Requested by' },
  { field: 'approvedBy', label: 'Approved by' },
  {
    field: 'stigException',
    label: 'STIG exception',
    hint: 'Where DISA STIGs apply: the documented exception',
  },
];

/** The report for an auditor or a change board, with the change ticket, saved as HTML, PDF or JSON. */
export function ReportStep({
  step,
  withFix,
  exported,
  canOpen,
  busy,
  focusKey,
  onTicket,
  onExport,
  onOpen,
}: {
  step: StepOf<'report'>;
  /** A fix was applied: the report carries its values before → after, its verification and backup. */
  withFix: boolean;
  exported: ExportValue | null;
  canOpen: boolean;
  busy: boolean;
  focusKey: number;
  onTicket: (field: keyof ChangeTicket, value: string) => void;
  onExport: (format: ReportFormat) => void;
  onOpen: (file: string) => void;
}) {
  return (
    <StepSection id="report" title="Report" focusKey={focusKey}>
      <p>
        The report holds the diagnosis with its evidence
        {withFix ? ', every value before → after, the verification and the backup' : ''}, for an auditor or a
        change board.
      </p>
      <fieldset className="ticket">
        <legend>Change ticket (optional, printed in the report)</legend>
        {TICKET_FIELDS.map((t) => (
          <Field key={t.field} label={t.label} hint={t.hint} className="field">
            <Input
              value={step.ticket[t.field] ?? ''}
              disabled={busy}
              onChange={(_e, d) => onTicket(t.field, d.value)}
            />
          </Field>
        ))}
      </fieldset>
      <div className="actions">
        {FORMATS.map((f) => (
          <Button key={f} icon={<SaveRegular />} disabled={busy} onClick={() => onExport(f)}>
            Export the report ({f.toUpperCase()})…
          </Button>
        ))}
      </div>
      <SavedNotice exported={exported} canOpen={canOpen} onOpen={onOpen} />
    </StepSection>
  );
}
