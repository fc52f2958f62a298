import { SETTING_WORDS, valueWords, VIA_WORDS, type PlannedChange } from '../words';

/** Every value the plan changes, before → after, and the way it is written. */
export function ChangesTable({ changes }: { changes: readonly PlannedChange[] }) {
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
        {changes.map((c) => (
          <tr key={c.id}>
            <td>{SETTING_WORDS[c.id]}</td>
            <td className="mono">{c.registryValue}</td>
            <td>{valueWords(c.id, c.before)}</td>
            <td>{valueWords(c.id, c.after)}</td>
            <td>{VIA_WORDS[c.via]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
