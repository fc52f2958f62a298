import { SETTING_WORDS, type Cause } from '../words';
import { EvidenceTable } from './evidence-table';

/** One cause of the block: the value, who set it, the KB method, and the evidence it rests on. */
export function CauseCard({ c, i, n, setBy }: { c: Cause; i: number; n: number; setBy: string }) {
  return (
    <article className="cause" aria-labelledby={`cause-${i}`}>
      <h3 id={`cause-${i}`}>
        Cause {i + 1} of {n}: {SETTING_WORDS[c.id]}
      </h3>
      <dl>
        <dt>Value</dt>
        <dd>
          <span className="mono">{c.registryValue}</span> = {c.valueLabel}
          {c.forcesFipsNow ? '' : ' (blocks once the settings above it stop forcing FIPS)'}
        </dd>
        <dt>Set by</dt>
        <dd>
          {setBy}
          {c.gpo && c.source === 'domain-group-policy'
            ? ` ${c.gpo.id}${c.gpo.linkedAt ? `, linked at ${c.gpo.linkedAt}` : ''}`
            : ''}
        </dd>
        <dt>KB method</dt>
        <dd>{c.method === 1 ? '1: the RDP encryption level' : '2: the FIPS security option'}</dd>
        <dt>Why it matters</dt>
        <dd>{c.why}</dd>
        <dt>Can FipsFix fix it on this server?</dt>
        <dd>{c.fixableLocally ? 'Yes' : 'No'}</dd>
      </dl>
      <EvidenceTable evidence={c.evidence} />
    </article>
  );
}
