import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { OpenRegular } from '@fluentui/react-icons';
import type { ExportValue } from '../wizard-state';
import { RegistryPath } from './registry-path';

/** Where the last export went, with the offer to open it where the shell can (Electron). */
export function SavedNotice({
  exported,
  canOpen,
  onOpen,
}: {
  exported: ExportValue | null;
  canOpen: boolean;
  onOpen: (file: string) => void;
}) {
  if (!exported) return null;
  if (!exported.saved)
    return (
      <p role="status" data-testid="exported">
        Not saved (cancelled).
      </p>
    );
  return (
    <MessageBar intent="success" className="message" role="status" data-testid="exported">
      <MessageBarBody>
        Saved: <RegistryPath text={exported.file} />
        {exported.download ? ' (and handed to the browser as a download).' : ''}
      </MessageBarBody>
      {canOpen && (
        <MessageBarActions>
          <Button icon={<OpenRegular />} onClick={() => onOpen(exported.file)}>
            Open it
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
