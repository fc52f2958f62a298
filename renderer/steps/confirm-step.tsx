import { ChangesTable } from '../components/changes-table';
import { StepSection } from '../components/step-section';
import { TextList } from '../components/text-list';
import type { RdpLevel, StepOf } from '../wizard-state';

const LEVELS: readonly { level: RdpLevel; label: string }[] = [
  { level: 3, label: 'High (3) — recommended' },
  { level: 2, label: 'Client Compatible (2)' },
  { level: 1, label: 'Low (1) — data from the server to the client is not encrypted' },
];

/** The RDP level to lower to; Low only with a second, explicit yes. */
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
    <fieldset>
      <legend>RDP encryption level after the fix</legend>
      {LEVELS.map(({ level, label }) => (
        <label key={level} className="choice">
          <input
            type="radio"
            name="rdp-level"
            value={level}
            checked={step.level === level}
            onChange={() => onLevel(level)}
          />
          {label}
        </label>
      ))}
      {step.level === 1 && (
        <label className="choice confirm-low">
          <input
            type="checkbox"
            checked={step.lowConfirmed}
            onChange={(e) => onConfirmLow(e.target.checked)}
          />
          I understand that Low encrypts only data sent from the client to the server, and I choose it anyway.
        </label>
      )}
    </fieldset>
  );
}

/** The plan main made, value by value, before → after, with its warnings and the backup taken first. */
export function ConfirmStep({
  step,
  choosesRdpLevel,
  canApply,
  focusKey,
  onLevel,
  onConfirmLow,
  onApply,
}: {
  step: StepOf<'confirm'>;
  /** A cause is an RDP encryption level: the level it is lowered to is the administrator's choice. */
  choosesRdpLevel: boolean;
  canApply: boolean;
  focusKey: number;
  onLevel: (level: RdpLevel) => void;
  onConfirmLow: (confirmed: boolean) => void;
  onApply: () => void;
}) {
  const made = step.plan?.value;
  const plan = made?.plan;
  const changes = plan?.kind === 'changes' ? plan : null;
  return (
    <StepSection id="confirm" title="Confirm the changes" focusKey={focusKey}>
      {choosesRdpLevel && <LevelChoice step={step} onLevel={onLevel} onConfirmLow={onConfirmLow} />}
      {plan?.kind === 'refused' && (
        <div className="box warning" role="status">
          <p>
            <strong>Nothing will be changed yet:</strong>
          </p>
          <TextList items={plan.reasons} />
        </div>
      )}
      {changes && (
        <>
          <ChangesTable changes={changes.changes} words={made?.changeWords ?? []} />
          {changes.refreshPolicyAfter && (
            <p>Then: gpupdate /target:computer /force, so the local GPO change applies.</p>
          )}
          {changes.warnings.length > 0 && (
            <div className="box warning">
              <h3>Warnings</h3>
              <TextList items={changes.warnings} />
            </div>
          )}
          <h3>What it takes to take effect</h3>
          <TextList items={changes.takesEffect.map((t) => t.what)} />
          <h3>The backup taken first</h3>
          <p data-testid="backup-note">
            Before any write, FipsFix backs up these {changes.changes.length} value(s), and the policy store
            each method touches, to <span className="mono">{made?.backupDir}</span>: a JSON file with its
            SHA-256, and a .reg file a person can import with reg import. Any failure restores it at once.
            {made?.writes === 'elevated-step' ? ' Windows asks once for administrator approval (UAC).' : ''}
          </p>
          <div className="actions">
            <button type="button" className="primary" disabled={!canApply} onClick={onApply}>
              Fix it now
            </button>
          </div>
        </>
      )}
    </StepSection>
  );
}
