import type { Cause, CauseWords } from '../ipc-values';
import { EvidenceTable } from './evidence-table';

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
    <article className="cause" aria-labelledby={`cause-${i}`}>
      <h3 id={`cause-${i}`}>
        Cause {i + 1} of {n}: {words?.setting}
      </h3>
      <dl>
        <dt>Value</dt>
        <dd>
          <span className="mono">{c.registryValue}</span> = {words?.value}
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
    </article>
  );
}
