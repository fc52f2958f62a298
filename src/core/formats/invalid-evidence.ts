import { visible } from '../visible-text';

/**
 * Evidence that cannot be read as what it claims to be. Parsers throw only this; the message names
 * the file and what is wrong, so the CLI can print it as it is (exit 3) and draw no verdict. `file`
 * and `problem` are exact; the message shows their control characters escaped (a file name cannot
 * forge a line): only a problem FipsFix wrote on several lines keeps its line breaks.
 */
export class InvalidEvidence extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${visible(file)}: ${visible(problem, problem.includes('\n') ? 'line-breaks' : 'nothing')}`);
    this.name = 'InvalidEvidence';
  }
}
