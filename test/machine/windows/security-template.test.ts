// The security template for `secedit /configure` (pure core code, tested here beside its only user).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSeceditExport } from '../../../src/core/formats/secedit-inf';
import { FIPS_SECURITY_OPTION_PATH, fipsSecurityTemplate } from '../../../src/core/formats/security-template';
import { fullValuePathOf, keyUnderLocalMachine, sameRegistryName } from '../../../src/core/settings';

describe('FIPS security template', () => {
  it('is byte for byte the fixture template for Disabled', () => {
    const fixture = readFileSync(
      join(__dirname, '../../fixtures/formats/secedit-configure-fips-disabled.inf'),
    );
    assert.equal(Buffer.from(fipsSecurityTemplate(0)).toString('hex'), fixture.toString('hex'));
  });

  for (const data of [0, 1] as const) {
    it(`parses back as the option defined ${data}`, () => {
      const r = parseSeceditExport('template.inf', fipsSecurityTemplate(data));
      assert.equal(r.fips.state, 'defined');
      assert.equal(r.fips.state === 'defined' && r.fips.data, data);
      assert.equal(r.fipsLegacy.state, 'not-defined');
    });
  }

  it('names the watched value', () => {
    assert.ok(
      sameRegistryName(
        `HKLM\\${keyUnderLocalMachine(FIPS_SECURITY_OPTION_PATH) ?? ''}`,
        fullValuePathOf('fips-algorithm-policy'),
      ),
    );
  });

  it('refuses anything but 0 or 1', () => {
    assert.throws(() => fipsSecurityTemplate(2 as 0), RangeError);
  });
});
