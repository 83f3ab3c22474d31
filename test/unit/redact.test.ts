import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpError } from '../../src/core/errors';
import { MASK, redact, redactedHead } from '../../src/core/redact';

const key = 'Fk_t3st/key+with=odd:chars~0123456789';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');
const everyByte = (text: string) => [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Every form a server, proxy or URL could echo a key in (the list the redaction promises). */
export function encodedForms(secret: string): Record<string, string> {
  const half = Math.floor(secret.length / 2);
  return {
    raw: secret,
    percentUpper: encodeURIComponent(secret),
    percentLower: encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    percentKeepingSlash: encodeURI(secret).replace(/\+/g, '%2B').replace(/=/g, '%3D'),
    percentEveryByte: everyByte(secret),
    percentPartial: secret.slice(0, half) + everyByte(secret.slice(half)),
    jsonSlash: secret.replace(/\//g, '\\/'),
    jsonUnicode: [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    jsonUnicodeUpper: [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join(''),
    htmlDecimal: [...secret].map((c) => `&#${c.charCodeAt(0)};`).join(''),
    htmlHex: [...secret].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join(''),
    htmlNamed: secret.replace(/\//g, '&sol;').replace(/\+/g, '&plus;').replace(/=/g, '&equals;'),
    base64: b64(secret),
    base64Shift1: b64(`x${secret}`),
    base64Shift2: b64(`xy${secret}`),
    base64url: b64url(secret),
    base64urlShift1: b64url(`x${secret}`),
    base64urlShift2: b64url(`xy${secret}`),
  };
}

/** The longest stretch of `secret` (or of one of its encoded forms) left in `text`; 0 when none of 6+ characters. */
function leaked(text: string, secret: string): string | undefined {
  for (const [name, form] of Object.entries(encodedForms(secret))) {
    for (let i = 0; i + 8 <= form.length; i++) if (text.includes(form.slice(i, i + 8))) return `${name}: ${form.slice(i, i + 8)}`;
  }
  return undefined;
}

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
    const out = redact(`Authorization: Basic ${b64(`${prefix}${key}`)}`, [key]);
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
