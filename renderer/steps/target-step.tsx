import { Field, Input, Radio, RadioGroup, Select } from '@fluentui/react-components';
import { StepSection } from '../components/step-section';
import type { TargetRequest, TargetsValue } from '../ipc-values';
import type { StepOf } from '../wizard-state';

type Kind = TargetRequest['kind'];

/** What the window works on: this Windows machine, a simulated machine, or an evidence folder. */
export function TargetStep({
  step,
  targets,
  focusKey,
  onSelect,
}: {
  step: StepOf<'target'>;
  targets: TargetsValue | null;
  focusKey: number;
  onSelect: (selection: TargetRequest) => void;
}) {
  const { selection } = step;
  const firstBuiltIn = targets?.builtIn[0]?.name ?? 'both-methods';
  const pick = (kind: Kind): TargetRequest => {
    switch (kind) {
      case 'this-machine':
        return { kind };
      case 'built-in':
        return { kind, name: selection.kind === 'built-in' ? selection.name : firstBuiltIn };
      default:
        return { kind, path: null };
    }
  };
  const path =
    selection.kind === 'machine-file' || selection.kind === 'evidence-folder' ? selection.path : null;
  const described = targets?.builtIn.find((m) => selection.kind === 'built-in' && m.name === selection.name);
  return (
    <StepSection id="target" title="Choose the server" focusKey={focusKey}>
      {targets && (
        <p>
          Working on now: <strong>{targets.current.origin}</strong>
        </p>
      )}
      <RadioGroup
        aria-label="What FipsFix works on"
        value={selection.kind}
        disabled={step.opening}
        onChange={(_e, d) => onSelect(pick(d.value as Kind))}
      >
        {targets?.thisMachine && <Radio value="this-machine" label="This Windows machine" />}
        <Radio value="built-in" label="A built-in simulated machine (nothing real is changed)" />
        <Radio value="machine-file" label="A simulated machine from a file" />
        <Radio
          value="evidence-folder"
          label="An evidence folder collected on another server (read only: the verdict and how to fix it there)"
        />
      </RadioGroup>
      {selection.kind === 'built-in' && targets && (
        <Field label="Simulated machine" hint={described?.description} className="field">
          <Select
            value={selection.name}
            disabled={step.opening}
            onChange={(_e, d) => onSelect({ kind: 'built-in', name: d.value })}
          >
            {targets.builtIn.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {(selection.kind === 'machine-file' || selection.kind === 'evidence-folder') && (
        <Field
          label={selection.kind === 'machine-file' ? 'Simulated machine file (JSON)' : 'Evidence folder'}
          hint={
            targets?.browse
              ? 'Leave it empty to choose in the Open dialog, or type the full path.'
              : 'The full path, as the server running FipsFix sees it.'
          }
          className="field"
        >
          <Input
            value={path ?? ''}
            disabled={step.opening}
            onChange={(_e, d) =>
              onSelect({ kind: selection.kind, path: d.value.trim() === '' ? null : d.value })
            }
          />
        </Field>
      )}
    </StepSection>
  );
}
