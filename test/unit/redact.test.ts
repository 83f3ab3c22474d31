import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpError } from '../../src/core/errors';
import { MASK, redact, redactedHead } from '../../src/core/redact';
import { encodedForms, everyByte, leaked } from '../tools/secretForms';

const key = 'FAKE-not-a-key/odd+chars=here:~0123456789';

test('every encoded form of a key is masked, inside any text', () => {
  for (const [name, form] of Object.entries(encodedForms(key))) {
    const out = redact(`before ${form} after "${form}"`, [key]);
    assert.ok(out.includes(MASK), name);
    assert.equal(leaked(out, key), undefined, `${name} survived: ${out}`);
    assert.match(out, /^before .* after /, `${name}: the text around stays`);
  }
});

test('base64 of a key inside a longer base64 text (a basic-auth header, a JWT) is masked at every alignment', () => {
  for (const prefix of ['', 'u', 'us', 'use', 'user:']) {
    const out = redact(`Authorization: Basic ${Buffer.from(`${prefix}${key}`).toString('base64')}`, [key]);
    assert.equal(leaked(out, key), undefined, `prefix ${JSON.stringify(prefix)}: ${out}`);
  }
});

test('text that ends with the start of a key (a body cut by a read limit) loses that start', () => {
  const out = redact(`{"detail": "bad key ${key.slice(0, 12)}`, [key]);
  assert.equal(out, `{"detail": "bad key ${MASK}`);
});

test('an error body is redacted before it is clipped: no first half of a key survives the cut', () => {
  for (let offset = 250; offset < 320; offset += 3) {
    const body = `${'x'.repeat(offset)} ${encodeURIComponent(key)} tail`;
    const error = httpError(500, body, undefined, { secrets: [key] });
    for (const text of [error.message, JSON.stringify(error.reason), error.detail ?? '']) {
      assert.equal(leaked(text, key), undefined, `offset ${offset}: ${text.slice(-60)}`);
      assert.ok(!text.includes(key.slice(0, 6)), `offset ${offset}: ${text.slice(-60)}`);
    }
  }
});

test('redactedHead cuts after redacting, even when a key straddles the cut', () => {
  const text = `${'a'.repeat(95)}${everyByte(key)}`;
  const head = redactedHead(text, [key], 100);
  assert.equal(head, `${'a'.repeat(95)}${MASK}`);
});

test('ordinary text, short secrets and unknown entities are left alone', () => {
  const text = 'See https://example.com/a%20b?q=1&amp;x=&unknown; and \\n in JSON; 50% off';
  assert.equal(redact(text, [key]), text);
  assert.equal(redact('a short word', ['short']), 'a short word');
});
