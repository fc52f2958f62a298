/** Each value read back after a write or a restore: what was expected, what was found. */
export function VerificationTable({
  lines,
  caption,
}: {
  lines: readonly { value: string; expected: string; found: string; ok: boolean }[];
  caption: string;
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Value</th>
          <th scope="col">Expected</th>
          <th scope="col">Found</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => (
          <tr key={i}>
            <td className="mono">{l.value}</td>
            <td>{l.expected}</td>
            <td>{l.found}</td>
            <td>{l.ok ? 'OK' : 'DIFFERS'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
