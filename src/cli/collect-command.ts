// `fipsfix collect --out DIR`: says what was written and what could not be collected.
import { collectEvidenceFolder } from '../app/collect';
import { visible } from '../core/visible-text';
import { printErr, printOut } from './terminal';

export async function runCollect(out: string): Promise<number> {
  const written = await collectEvidenceFolder(out);
  for (const w of written.written) printOut(`wrote ${visible(w.file)}\n`);
  for (const n of written.notWritten) printErr(`fipsfix: not collected: ${n.what}: ${visible(n.reason)}\n`);
  printOut(
    `Evidence folder: ${visible(written.dir)}. Analyse it anywhere with: fipsfix diagnose --evidence "${visible(written.dir)}"\n`,
  );
  return written.written.length > 0 ? 0 : 3;
}
