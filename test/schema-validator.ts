// One way the tests check a JSON document against its committed schema (docs/*.schema.json): ajv
// with the schemas' formats checked too (date-time, email, uri…). Ajv alone ignores "format", so a
// time that is not ISO 8601 would pass.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export function schemaValidator(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}
