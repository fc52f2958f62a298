import type { ChangeWords, PlannedChange } from '../ipc-values';

/** Every value the plan changes, before → after, and the way it is written; words[i] says changes[i]. */
export function ChangesTable({
  changes,
  words,
}: {
  changes: readonly PlannedChange[];
  words: readonly ChangeWords[];
}) {
  return (
    <table data-testid="changes">
      <caption>Every value FipsFix will change, before → after</caption>
      <thead>
        <tr>
          <th scope="col">Setting</th>
          <th scope="col">Registry value</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
          <th scope="col">Changed through</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c, i) => (
          <tr key={c.id}>
            <td>{words[i]?.setting}</td>
            <td className="mono">{c.registryValue}</td>
            <td>{words[i]?.before}</td>
            <td>{words[i]?.after}</td>
            <td>{words[i]?.via}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
