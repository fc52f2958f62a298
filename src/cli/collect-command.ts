// `fipsfix collect --out DIR`: says what was written and what could not be collected.
import { collectEvidenceFolder } from '../app/collect';

export async function runCollect(out: string): Promise<number> {
  const written = await collectEvidenceFolder(out);
  for (const w of written.written) process.stdout.write(`wrote ${w.file}\n`);
  for (const n of written.notWritten)
    process.stderr.write(`fipsfix: not collected: ${n.what}: ${n.reason}\n`);
  process.stdout.write(
    `Evidence folder: ${written.dir}. Analyse it anywhere with: fipsfix diagnose --evidence "${written.dir}"\n`,
  );
  return written.written.length > 0 ? 0 : 3;
}
