import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeSse, type SseMessage } from '../../src/core/sse';
import { cut, iterate, seededRandom, youEventsOf } from './helpers';

const encoder = new TextEncoder();
const recorded = readFileSync(join(__dirname, '../fixtures/advanced-stream.sse'));

async function messagesOf(pieces: Uint8Array[]): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const batch of decodeSse(iterate(pieces))) out.push(...batch);
  return out;
}

test('decodes id, event and data; joins multi-line data with \\n; skips comments and retry lines', async () => {
  const text = ': hello\n\nretry: 1000\n\nid: 7\nevent: greet\ndata: {"a":\ndata: 1}\n\ndata: second\r\n\r\n';
  const messages = await messagesOf([encoder.encode(text)]);
  assert.deepEqual(messages, [
    { id: '7', event: 'greet', data: '{"a":\n1}' },
    { id: undefined, event: undefined, data: 'second' },
  ]);
});

test('a UTF-8 character split across chunks arrives intact', async () => {
  const bytes = encoder.encode('data: 🚀é日\n\n');
  // Cut after every single byte: each multibyte character is split at every inner offset.
  const pieces = cut(bytes, Array.from({ length: bytes.length }, (_, i) => i));
  const messages = await messagesOf(pieces);
  assert.equal(messages.length, 1);
  assert.equal(messages[0]!.data, '🚀é日');
});

test('CRLF split between two chunks is one line end, not an empty line', async () => {
  const bytes = encoder.encode('data: a\r\ndata: b\r\n\r\n');
  const messages = await messagesOf(cut(bytes, [8])); // "data: a\r" | "\ndata: b..."
  assert.deepEqual(messages.map((m) => m.data), ['a\nb']);
});

test('a trailing event with no blank line after it is not delivered', async () => {
  const messages = await messagesOf([encoder.encode('data: one\n\ndata: two')]);
  assert.deepEqual(messages.map((m) => m.data), ['one']);
});

test('the recorded stream decodes into the expected run events', async () => {
  const events = await youEventsOf([recorded]);
  const types = new Set(events.map((e) => e.type));
  assert.deepEqual([...types].sort(), ['citations', 'done', 'progress', 'started', 'text']);
  const text = events.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join('');
  assert.match(text, /^## Research report: How do I stream SSE in a VS Code extension\? café 🚀/);
  assert.match(text, /Sources are listed below the answer\.$/);
  const citations = events.find((e) => e.type === 'citations');
  assert.equal(citations?.type === 'citations' && citations.citations.length, 4);
  assert.equal(events.at(-1)?.type, 'done');
});

test('property: any random re-chunking of the recorded stream yields exactly the same events', async () => {
  const whole = await youEventsOf([recorded]);
  const random = seededRandom(20261122);
  for (let round = 0; round < 300; round++) {
    // Mix tiny cuts (inside characters and line ends) with large ones.
    const cuts = Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * recorded.length));
    const pieces = cut(recorded, cuts);
    const events = await youEventsOf(pieces);
    assert.deepEqual(events, whole, `round ${round} with ${pieces.length} pieces differs`);
  }
});

test('an event over the size limit ends the stream with a protocol error', async () => {
  const { MAX_EVENT_CHARS } = await import('../../src/core/sse');
  const huge = encoder.encode(`data: ${'x'.repeat(MAX_EVENT_CHARS + 10)}`);
  await assert.rejects(messagesOf([huge]), (err: Error & { kind?: string }) => err.kind === 'protocol' && /larger than/.test(err.message));
});
