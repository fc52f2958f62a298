import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { AppError } from '../../src/ipc/contract';

/** An error from main, in words, with what to do next. */
export function ErrorBox({ error }: { error: AppError }) {
  return (
    <MessageBar intent="error" layout="multiline" role="alert" className="message">
      <MessageBarBody>
        <MessageBarTitle>{error.message}</MessageBarTitle>
        <p>Next step: {error.next}</p>
      </MessageBarBody>
    </MessageBar>
  );
}
