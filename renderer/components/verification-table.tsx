import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { CheckmarkCircleFilled, DismissCircleFilled } from '@fluentui/react-icons';
import { RegistryPath } from './registry-path';

/** Each value read back after a write or a restore: what was expected, what was found. */
export function VerificationTable({
  lines,
  caption,
}: {
  lines: readonly { value: string; expected: string; found: string; ok: boolean }[];
  caption: string;
}) {
  return (
    <Table className="table" size="small">
      <caption className="table-caption">{caption}</caption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col" className="col-path">
            Value
          </TableHeaderCell>
          <TableHeaderCell scope="col">Expected</TableHeaderCell>
          <TableHeaderCell scope="col">Found</TableHeaderCell>
          <TableHeaderCell scope="col">Result</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {lines.map((l, i) => (
          <TableRow key={i}>
            <TableCell>
              <RegistryPath text={l.value} />
            </TableCell>
            <TableCell>{l.expected}</TableCell>
            <TableCell>{l.found}</TableCell>
            <TableCell>
              <span className="result">
                {l.ok ? (
                  <CheckmarkCircleFilled className="state-done" aria-hidden="true" />
                ) : (
                  <DismissCircleFilled className="state-failed" aria-hidden="true" />
                )}
                {l.ok ? 'OK' : 'DIFFERS'}
              </span>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
