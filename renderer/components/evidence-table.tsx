import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { Cause } from '../ipc-values';
import { RegistryPath } from './registry-path';

/** What was read, and where: every cause shows the evidence it rests on. */
export function EvidenceTable({ evidence }: { evidence: Cause['evidence'] }) {
  return (
    <Table className="table" size="small">
      <caption className="table-caption">Evidence: what was read, and where</caption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">Read from</TableHeaderCell>
          <TableHeaderCell scope="col" className="col-path">
            Where
          </TableHeaderCell>
          <TableHeaderCell scope="col">What was read</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {evidence.map((e, k) => (
          <TableRow key={k}>
            <TableCell>{e.file}</TableCell>
            <TableCell>
              <RegistryPath text={e.location} />
            </TableCell>
            <TableCell>{e.read}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
