import {
  Button,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import { CopyRegular, SaveRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { SavedNotice } from '../components/saved-notice';
import { StepSection } from '../components/step-section';
import { TextList } from '../components/text-list';
import type { ExportValue, StepOf } from '../wizard-state';
import type { Cause, CauseWords, DiagnoseValue } from '../ipc-values';

/** What to ask the domain administrator for, each thing once: the GPO, where, what to, and why so. */
function DomainAsk({ ask }: { ask: NonNullable<CauseWords['ask']> }) {
  return (
    <dl className="facts" data-testid="ask-domain-admin">
      <dt>GPO</dt>
      <dd>{ask.gpo.name}</dd>
      <dt>GUID</dt>
      <dd className="mono">{ask.gpo.id}</dd>
      {ask.gpo.linkedAt && (
        <>
          <dt>Linked at</dt>
          <dd>{ask.gpo.linkedAt}</dd>
        </>
      )}
      {ask.where && (
        <>
          <dt>Where, in the Group Policy Management Editor</dt>
          <dd>{ask.where}</dd>
        </>
      )}
      <dt>Change it to</dt>
      <dd>
        <strong>{ask.change}</strong>
        {ask.notes.map((n, i) => (
          <p key={i} className="hint">
            {n}
          </p>
        ))}
      </dd>
      <dt>After the change</dt>
      <dd>{ask.then}</dd>
    </dl>
  );
}

/** What to collect, as text to paste into a ticket or a note for whoever runs the elevated prompt. */
function collectText(setting: string | undefined, c: Cause): string {
  const steps = (c.remedy.settleWith ?? c.remedy.steps).map((s, i) => `${i + 1}. ${s}`);
  return [`${setting ?? c.registryValue}: ${c.remedy.summary}`, ...steps].join('\n') + '\n';
}

/** A cause FipsFix cannot fix here: the domain administrator's change, or the evidence that would settle it. */
function NotFixableHere({
  c,
  words,
  onCopyText,
}: {
  c: Cause;
  words: CauseWords | undefined;
  onCopyText: (text: string) => Promise<boolean>;
}) {
  const [copied, setCopied] = useState<boolean | null>(null);
  if (words?.ask) return <DomainAsk ask={words.ask} />;
  return (
    <div data-testid="collect-first">
      <p>
        <strong>Collect this evidence first:</strong> {c.remedy.summary}
      </p>
      <TextList items={c.remedy.settleWith ?? c.remedy.steps} ordered />
      <div className="actions">
        <Button
          icon={<CopyRegular />}
          onClick={() => void onCopyText(collectText(words?.setting, c)).then(setCopied)}
        >
          Copy what to collect
        </Button>
        <span role="status" className="hint">
          {copied === true ? 'Copied.' : copied === false ? 'Could not copy: select the list instead.' : ''}
        </span>
      </div>
    </div>
  );
}

/** Copy and save the instructions for the domain administrator (what `export --as gpo-instructions` writes). */
function InstructionsActions({
  step,
  busy,
  onCopy,
  onSave,
}: {
  step: StepOf<'method'>;
  busy: boolean;
  onCopy: () => Promise<boolean>;
  onSave: () => void;
}) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const ready = step.instructions?.text != null;
  return (
    <div className="actions">
      <Button icon={<CopyRegular />} disabled={!ready || busy} onClick={() => void onCopy().then(setCopied)}>
        Copy the instructions
      </Button>
      <Button icon={<SaveRegular />} disabled={!ready || busy} onClick={onSave}>
        Save instructions for the domain administrator…
      </Button>
      <span role="status" className="hint">
        {copied === true ? 'Copied.' : copied === false ? 'Could not copy: save them instead.' : ''}
      </span>
    </div>
  );
}

/** Per cause, the method that set it and so the one the fix uses; or why FipsFix changes nothing here. */
export function MethodStep({
  step,
  value,
  fixable,
  busy,
  exported,
  canOpen,
  focusKey,
  onCopy,
  onCopyText,
  onSave,
  onOpen,
}: {
  step: StepOf<'method'>;
  value: DiagnoseValue;
  fixable: boolean;
  busy: boolean;
  exported: ExportValue | null;
  canOpen: boolean;
  focusKey: number;
  onCopy: () => Promise<boolean>;
  onCopyText: (text: string) => Promise<boolean>;
  onSave: () => void;
  onOpen: (file: string) => void;
}) {
  const evidence = value.target.kind === 'evidence';
  const asksDomain = value.words.causes.some((w) => w.ask !== null);
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
      {evidence && (
        <MessageBar intent="info" className="message" data-testid="evidence-only">
          <MessageBarBody>
            <MessageBarTitle>An evidence folder is a record of another server.</MessageBarTitle>
            FipsFix shows what to change there, and changes nothing: to fix that server, run FipsFix on it.
          </MessageBarBody>
        </MessageBar>
      )}
      <div className="cards">
        {value.diagnosis.causes.map((c, i) => {
          const words = value.words.causes[i];
          return (
            <Card key={c.id} className="card" role="article" aria-labelledby={`m-${i}`}>
              <CardHeader
                header={
                  <h3 id={`m-${i}`} className="card-title">
                    {/* A domain GPO is named once, in the facts below. */}
                    {words?.ask ? words.setting : `${words?.setting}: set by ${words?.setBy}`}
                  </h3>
                }
              />
              <p>{words?.method}</p>
              {c.fixableLocally ? (
                <p>
                  <strong>{evidence ? 'On that server:' : 'FipsFix will:'}</strong>{' '}
                  {evidence ? words?.elsewhere : c.remedy.summary}
                </p>
              ) : (
                <>
                  {words?.ask && <h4 className="ask-title">Ask the domain administrator for this</h4>}
                  <NotFixableHere c={c} words={words} onCopyText={onCopyText} />
                </>
              )}
            </Card>
          );
        })}
      </div>
      {asksDomain && <InstructionsActions step={step} busy={busy} onCopy={onCopy} onSave={onSave} />}
      {asksDomain && <SavedNotice exported={exported} canOpen={canOpen} onOpen={onOpen} />}
      {!fixable && !evidence && (
        <p data-testid="no-fix">
          <strong>FipsFix will not change anything on this server.</strong>
        </p>
      )}
    </StepSection>
  );
}
