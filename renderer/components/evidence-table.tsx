import type { Cause } from '../ipc-values';

/** What was read, and where: every cause shows the evidence it rests on. */
export function EvidenceTable({ evidence }: { evidence: Cause['evidence'] }) {
  return (
    <table>
      <caption>Evidence: what was read, and where</caption>
      <thead>
        <tr>
          <th scope="col">Read from</th>
          <th scope="col">Where</th>
          <th scope="col">What was read</th>
        </tr>
      </thead>
      <tbody>
        {evidence.map((e, k) => (
          <tr key={k}>
            <td>{e.file}</td>
            <td className="mono">{e.location}</td>
            <td>{e.read}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
