// One template tag for every HTML page FipsFix writes (the report, the fleet page): markup`<td>${x}</td>`. What is
// interpolated is escaped unless it is already SafeHtml, so a GPO named "<script>" stays text and
// no page has to remember to call an escaper. The literal parts are the page's own markup. (A tag
// over plain strings, like escape-goat's htmlEscape, escapes a nested fragment a second time.)
// Control characters in what is interpolated are shown as escapes (visible-text.ts): a report
// carries no raw ESC or BEL, and no right-to-left override reorders a file name.
import { visible } from './visible-text';

/** Markup FipsFix wrote, or text already escaped: the only kind `markup` leaves alone. */
class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}
export type SafeHtml = Markup;

/** A string or number is text; an array is its items one after another, with nothing between. */
export type HtmlValue = string | number | SafeHtml | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function render(v: HtmlValue): string {
  if (v instanceof Markup) return v.text;
  if (typeof v === 'string' || typeof v === 'number')
    return visible(String(v)).replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
  return v.map(render).join('');
}

// Not named `html`: Prettier reformats the markup in a template tagged `html`, which would change the
// pages' bytes.
export function markup(literals: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = literals[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (literals[i + 1] ?? '');
  });
  return new Markup(out);
}

/**
 * One table row, each value a cell, escaped as `markup` escapes it: markup`<tr>${cells.map(c =>
 * markup`<td>${c}</td>`)}</tr>` without a fragment per cell (a fleet page has 100 000 rows).
 */
export function tableRow(cells: readonly HtmlValue[]): SafeHtml {
  let out = '<tr>';
  for (const c of cells) out += `<td>${render(c)}</td>`;
  return new Markup(`${out}</tr>`);
}

/** Fragments with a separator between them (`join` on markup, e.g. one table row a line). */
export function joinMarkup(parts: readonly SafeHtml[], separator: SafeHtml): SafeHtml {
  return new Markup(parts.map((p) => p.text).join(separator.text));
}
