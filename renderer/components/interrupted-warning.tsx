import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

/** An apply or rollback that did not finish: nothing else writes until an administrator settles it. */
export function InterruptedWarning({ what }: { what: string }) {
  return (
    <MessageBar intent="warning" layout="multiline" role="alert" className="message">
      <MessageBarBody>
        <MessageBarTitle>An earlier run did not finish.</MessageBarTitle> {what}
        <p>
          Next step: settle it first. Roll its backup back from the Backups step, or finish the fix from an
          administrator console with FipsFix's recover command.
        </p>
      </MessageBarBody>
    </MessageBar>
  );
}
