// Writes the JSON Schemas committed in docs/ from the zod schemas the code validates with, so the
// documents and the code cannot drift (test/schemas.test.ts fails when they differ).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { committedSchemas } from '../test/schema-files';

for (const [file, schema] of Object.entries(committedSchemas())) {
  writeFileSync(join(__dirname, '..', 'docs', file), JSON.stringify(schema, null, 2) + '\n');
  console.log(`wrote docs/${file}`);
}
