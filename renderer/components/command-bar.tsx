import { Button } from '@fluentui/react-components';
import { UacShield } from './uac-shield';

export interface CommandAction {
  readonly label: string;
  readonly onClick: () => void;
  readonly disabled: boolean;
  /** The action starts FipsFix's elevated step: Windows' UAC shield goes on the button. */
  readonly elevated?: boolean;
}

/**
 * The wizard's fixed command bar, as in a Windows wizard: Back, the step's primary action and Cancel,
 * always on screen whatever the step's length (the step scrolls above it).
 */
export function CommandBar({
  back,
  primary,
  cancel,
}: {
  back: CommandAction;
  primary: CommandAction | null;
  cancel: CommandAction;
}) {
  return (
    // A footer: the page's contentinfo landmark, so nothing on the page is outside a landmark.
    <footer className="command-bar" aria-label="Wizard actions">
      <Button onClick={back.onClick} disabled={back.disabled}>
        {back.label}
      </Button>
      {primary && (
        <Button
          appearance="primary"
          onClick={primary.onClick}
          disabled={primary.disabled}
          icon={primary.elevated ? <UacShield /> : undefined}
          data-testid="primary"
        >
          {primary.label}
        </Button>
      )}
      <Button onClick={cancel.onClick} disabled={cancel.disabled}>
        {cancel.label}
      </Button>
    </footer>
  );
}
