import { Badge, Card, CardHeader } from '@fluentui/react-components';
import type { Cause, CauseWords } from '../ipc-values';
import { EvidenceTable } from './evidence-table';
import { RegistryPath } from './registry-path';

/** One cause of the block: the value, who set it, the KB method, and the evidence it rests on. */
export function CauseCard({
  c,
  words,
  i,
  n,
}: {
  c: Cause;
  words: CauseWords | undefined;
  i: number;
  n: number;
}) {
  return (
    <Card className="card" aria-labelledby={`cause-${i}`} role="article">
      <CardHeader
        header={
          <h3 id={`cause-${i}`} className="card-title">
            Cause {i + 1} of {n}: {words?.setting}
          </h3>
        }
        action={
          <Badge appearance="tint" color={c.fixableLocally ? 'brand' : 'warning'}>
            {c.fixableLocally ? 'FipsFix can fix it here' : 'Not fixable on this server'}
          </Badge>
        }
      />
      <dl className="facts">
        <dt>Value</dt>
        <dd>
          <RegistryPath text={c.registryValue} /> = {words?.value}
        </dd>
        <dt>Set by</dt>
        <dd>{words?.setByLine}</dd>
        <dt>KB method</dt>
        <dd>
          {c.method}: {words?.kbMethod}
        </dd>
        <dt>Why it matters</dt>
        <dd>{c.why}</dd>
        <dt>Can FipsFix fix it on this server?</dt>
        <dd>{c.fixableLocally ? 'Yes' : 'No'}</dd>
      </dl>
      <EvidenceTable evidence={c.evidence} />
    </Card>
  );
}
