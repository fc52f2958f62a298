// The JSON Schemas in docs/ are what the code validates with: regenerate them with
// `npm run schemas` when a zod schema changes, and this test says when someone forgot.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { committedSchemas } from './schema-files';

describe('committed JSON Schemas', () => {
  for (const [file, schema] of Object.entries(committedSchemas())) {
    it(`docs/${file} matches the zod schema`, () => {
      const committed: unknown = JSON.parse(readFileSync(join(__dirname, '..', 'docs', file), 'utf8'));
      assert.deepEqual(committed, JSON.parse(JSON.stringify(schema)));
    });
  }
});
