/** Sentences from main (reasons, warnings, steps) as a list, in their order. */
export function TextList({ items, ordered = false }: { items: readonly string[]; ordered?: boolean }) {
  const rows = items.map((t, i) => <li key={i}>{t}</li>);
  return ordered ? <ol>{rows}</ol> : <ul>{rows}</ul>;
}
