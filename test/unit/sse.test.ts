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

/** A source that records how it was left: drained to the end, closed early, or neither. */
function tracked(pieces: Uint8Array[], failAfter?: number) {
  const state = { pulled: 0, closed: 0, drained: false };
  const source: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        if (failAfter !== undefined && state.pulled === failAfter) throw new Error('socket reset');
        if (state.pulled === pieces.length) {
          state.drained = true;
          return { value: undefined, done: true };
        }
        return { value: pieces[state.pulled++]!, done: false };
      },
      return: async () => {
        state.closed++;
        return { value: undefined, done: true };
      },
    }),
  };
  return { source, state };
}

test('keep-alive comments, unknown fields and bad retry values between events are skipped, even cut mid-line', async () => {
  const text = ':\n\n: ping\ndata: a\nfoo: bar\nretry: soon\n\n:keep-alive\n\nevent: odd.thing\ndata: b\n\n';
  const bytes = encoder.encode(text);
  for (let at = 1; at < bytes.length; at++) {
    const messages = await messagesOf(cut(bytes, [at]));
    assert.deepEqual(messages, [
      { id: undefined, event: undefined, data: 'a' },
      { id: undefined, event: 'odd.thing', data: 'b' },
    ], `cut at ${at}`);
  }
});

test('CRLF line ends decode alike wherever the chunks are cut', async () => {
  const bytes = encoder.encode('id: 1\r\nevent: e\r\ndata: x\r\ndata: é\r\n\r\n: c\r\n\r\ndata: y\r\n\r\n');
  const whole = await messagesOf([bytes]);
  assert.deepEqual(whole, [
    { id: '1', event: 'e', data: 'x\né' },
    { id: undefined, event: undefined, data: 'y' },
  ]);
  for (let at = 1; at < bytes.length; at++) assert.deepEqual(await messagesOf(cut(bytes, [at])), whole, `cut at ${at}`);
});

test('one batch per chunk that completes an event; chunks that complete none yield nothing', async () => {
  const batches: string[][] = [];
  const pieces = ['data: 1\n\ndata: 2\n\ndata: ', '3', '\n\n', ': ping\n\n'].map((s) => encoder.encode(s));
  for await (const batch of decodeSse(iterate(pieces))) batches.push(batch.map((m) => m.data));
  assert.deepEqual(batches, [['1', '2'], ['3']]);
});

test('a stream truncated mid-event delivers the complete events only, then ends', async () => {
  const { source, state } = tracked([encoder.encode('data: one\n\ndata: tw'), encoder.encode('o\ndata: more')]);
  const out: string[] = [];
  for await (const batch of decodeSse(source)) out.push(...batch.map((m) => m.data));
  assert.deepEqual(out, ['one']);
  assert.equal(state.drained, true);
  assert.equal(state.closed, 0, 'a drained source is not closed again');
});

test('leaving the loop early closes the source (the body reader and its idle timer are released)', async () => {
  const { source, state } = tracked([encoder.encode('data: 1\n\n'), encoder.encode('data: 2\n\n'), encoder.encode('data: 3\n\n')]);
  for await (const batch of decodeSse(source)) {
    assert.equal(batch[0]!.data, '1');
    break;
  }
  assert.equal(state.pulled, 1);
  assert.equal(state.closed, 1);
});

test('closing before the first read touches no source; reading after the end stays done', async () => {
  const { source, state } = tracked([encoder.encode('data: 1\n\n')]);
  const unread = decodeSse(source);
  assert.deepEqual(await unread.return!(), { value: undefined, done: true });
  assert.deepEqual(await unread.next(), { value: undefined, done: true });
  assert.deepEqual(state, { pulled: 0, closed: 0, drained: false });

  const read = decodeSse(source);
  assert.equal((await read.next()).value?.[0]?.data, '1');
  assert.equal((await read.next()).done, true);
  assert.equal((await read.next()).done, true);
  await read.return!();
  assert.equal(state.closed, 0);
});

test('an error from the source propagates as is, and the source is not closed on top of it', async () => {
  const { source, state } = tracked([encoder.encode('data: 1\n\n'), encoder.encode('data: 2\n\n')], 1);
  const out: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const batch of decodeSse(source)) out.push(...batch.map((m) => m.data));
    })(),
    /socket reset/,
  );
  assert.deepEqual(out, ['1']);
  assert.equal(state.closed, 0);
});

test('an oversized event mid-stream closes the source and reports too-large', async () => {
  const { MAX_EVENT_CHARS } = await import('../../src/core/sse');
  const { source, state } = tracked([encoder.encode('data: ok\n\n'), encoder.encode(`data: ${'x'.repeat(MAX_EVENT_CHARS + 10)}`), encoder.encode('\n\n')]);
  const out: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const batch of decodeSse(source)) out.push(...batch.map((m) => m.data));
    })(),
    (err: Error & { kind?: string }) => err.kind === 'protocol' && /larger than/.test(err.message),
  );
  assert.deepEqual(out, ['ok']);
  assert.equal(state.pulled, 2);
  assert.equal(state.closed, 1);
});
