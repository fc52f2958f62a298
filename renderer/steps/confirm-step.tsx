import {
  Checkbox,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
} from '@fluentui/react-components';
import { ChangesTable } from '../components/changes-table';
import { RegistryPath } from '../components/registry-path';
import { StepSection } from '../components/step-section';
import { TextList } from '../components/text-list';
import type { RdpLevel, StepOf } from '../wizard-state';

const LEVELS: readonly { level: RdpLevel; label: string }[] = [
  { level: 3, label: 'High (3) — recommended' },
  { level: 2, label: 'Client Compatible (2)' },
  { level: 1, label: 'Low (1) — data from the server to the client is not encrypted' },
];

/** The RDP level to lower to; Low only with a second, explicit yes, asked right beside the choice. */
function LevelChoice({
  step,
  onLevel,
  onConfirmLow,
}: {
  step: StepOf<'confirm'>;
  onLevel: (level: RdpLevel) => void;
  onConfirmLow: (confirmed: boolean) => void;
}) {
  return (
    <div className="level-choice">
      <RadioGroup
        aria-labelledby="level-legend"
        layout="horizontal"
        value={String(step.level)}
        onChange={(_e, d) => onLevel(Number(d.value) as RdpLevel)}
      >
        <span id="level-legend" className="legend">
          RDP encryption level after the fix:
        </span>
        {LEVELS.map(({ level, label }) => (
          <Radio key={level} value={String(level)} label={label} />
        ))}
      </RadioGroup>
      {step.level === 1 && (
        <MessageBar intent="warning" layout="multiline" className="message" data-testid="low-warning">
          <MessageBarBody>
            <MessageBarTitle>Low encrypts only data sent from the client to the server.</MessageBarTitle>
            Choosing it needs an explicit confirmation: the changes below are applied only once it is given.
            <Checkbox
              checked={step.lowConfirmed}
              onChange={(_e, d) => onConfirmLow(d.checked === true)}
              label="I understand that Low encrypts only data sent from the client to the server, and I choose it anyway."
            />
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

/** The plan main made, value by value, before → after, with its warnings and the backup taken first. */
export function ConfirmStep({
  step,
  server,
  choosesRdpLevel,
  focusKey,
  onLevel,
  onConfirmLow,
}: {
  step: StepOf<'confirm'>;
  server: string;
  /** A cause is an RDP encryption level: the level it is lowered to is the administrator's choice. */
  choosesRdpLevel: boolean;
  focusKey: number;
  onLevel: (level: RdpLevel) => void;
  onConfirmLow: (confirmed: boolean) => void;
}) {
  const made = step.plan?.value;
  const plan = made?.plan;
  const changes = plan?.kind === 'changes' ? plan : null;
  return (
    <StepSection id="confirm" title={`Confirm the changes to ${server}`} focusKey={focusKey}>
      {choosesRdpLevel && <LevelChoice step={step} onLevel={onLevel} onConfirmLow={onConfirmLow} />}
      {plan?.kind === 'refused' && (
        <MessageBar intent="warning" layout="multiline" className="message" role="status">
          <MessageBarBody>
            <MessageBarTitle>Nothing will be changed yet:</MessageBarTitle>
            <TextList items={plan.reasons} />
          </MessageBarBody>
        </MessageBar>
      )}
      {changes && (
        <div className="confirm-grid">
          <ChangesTable changes={changes.changes} words={made?.changeWords ?? []} />
          {changes.warnings.length > 0 && (
            <MessageBar intent="warning" layout="multiline" className="message">
              <MessageBarBody>
                <MessageBarTitle>Warnings</MessageBarTitle>
                <TextList items={changes.warnings} />
              </MessageBarBody>
            </MessageBar>
          )}
          <div className="two-columns">
            <section aria-labelledby="backup-title">
              <h3 id="backup-title">The backup taken first</h3>
              <p data-testid="backup-note">
                Before any write, FipsFix backs up {made?.backupValues ?? 'these values'}, and the policy
                store each method touches, to <RegistryPath text={made?.backupDir ?? ''} />: a JSON file with
                its SHA-256, and a .reg file a person can import with reg import. Any failure restores it at
                once.
                {changes.refreshPolicyAfter
                  ? ' Then policy is refreshed, so the local GPO change applies.'
                  : ''}
                {made?.writes === 'elevated-step'
                  ? ' Windows asks once for administrator approval (UAC).'
                  : ''}
              </p>
            </section>
            <section aria-labelledby="effect-title">
              <h3 id="effect-title">What it takes to take effect</h3>
              <TextList items={changes.takesEffect.map((t) => t.what)} />
            </section>
          </div>
        </div>
      )}
    </StepSection>
  );
}
