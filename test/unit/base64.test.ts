import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { bytesFromBase64 } from '../../src/core/base64';

const ROOT = join(__dirname, '..', '..');

/**
 * The chat page decodes its icon font, and the ACP client a base64 text part, with
 * bytesFromBase64: natively where the runtime has `Uint8Array.fromBase64`, by a loop elsewhere
 * (Node 20 here). Either way the bytes are the ones written, for any bytes.
 */
test('base64 decodes to the bytes written (seeded property), the icon font included', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
      assert.deepEqual([...bytesFromBase64(Buffer.from(bytes).toString('base64'))], [...bytes]);
    }),
    { seed: 21, numRuns: 200 },
  );
  const font = readFileSync(join(ROOT, 'dist', 'codicons', 'codicon.ttf'));
  assert.ok(Buffer.from(bytesFromBase64(font.toString('base64'))).equals(font));
});
