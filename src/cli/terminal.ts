// Where the CLI's human text leaves for a terminal: every control character in it is shown escaped
// (src/core/visible-text.ts), except the line breaks and tabs of FipsFix's own layout, whose values
// were escaped one by one where the text was laid out. JSON goes out as it is, exact.
import { visible } from '../core/visible-text';

export function printOut(text: string): void {
  process.stdout.write(visible(text, 'line-breaks'));
}

export function printErr(text: string): void {
  process.stderr.write(visible(text, 'line-breaks'));
}
