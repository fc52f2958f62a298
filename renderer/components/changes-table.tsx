import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { ChangeWords, PlannedChange } from '../ipc-values';
import { RegistryPath } from './registry-path';

/** Every value the plan changes, before → after, and the way it is written; words[i] says changes[i]. */
export function ChangesTable({
  changes,
  words,
}: {
  changes: readonly PlannedChange[];
  words: readonly ChangeWords[];
}) {
  return (
    <Table data-testid="changes" className="table">
      <caption className="table-caption">Every value FipsFix will change, before → after</caption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">Setting</TableHeaderCell>
          <TableHeaderCell scope="col" className="col-path">
            Registry value
          </TableHeaderCell>
          <TableHeaderCell scope="col">Before</TableHeaderCell>
          <TableHeaderCell scope="col">After</TableHeaderCell>
          <TableHeaderCell scope="col">Changed through</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {changes.map((c, i) => (
          <TableRow key={c.id}>
            <TableCell>{words[i]?.setting}</TableCell>
            <TableCell>
              <RegistryPath text={c.registryValue} />
            </TableCell>
            <TableCell>{words[i]?.before}</TableCell>
            <TableCell>{words[i]?.after}</TableCell>
            <TableCell>{words[i]?.via}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
