import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { AgentError } from './errors';

export type SseMessage = EventSourceMessage;

/** An event larger than this is a broken or hostile stream, not an answer. */
export const MAX_EVENT_CHARS = 16 * 1024 * 1024;

/**
 * Decodes SSE from raw body chunks into batches of messages, one batch per chunk that
 * completed at least one event. Uses eventsource-parser's `createParser` fed through a
 * streaming TextDecoder (a UTF-8 character split across chunks stays intact); its
 * web-streams wrapper costs ~15 µs a chunk, too much for the hot path.
 *
 * A hand-written async iterator rather than an async generator: the generator's resume
 * machinery cost ~5% of decoding when a network read holds about one event. It keeps the
 * generator's contract for `for await`: leaving the loop early (or an oversized event)
 * closes `chunks`, so the body's reader and idle timer are released; an error from
 * `chunks` propagates as is. Call `next()` one at a time, as `for await` does.
 */
export function decodeSse(chunks: AsyncIterable<Uint8Array>): AsyncIterableIterator<SseMessage[]> {
  const decoder = new TextDecoder('utf-8');
  let batch: SseMessage[] = [];
  let overflow = false;
  const parser = createParser({
    onEvent: (message) => batch.push(message),
    onError: (error) => {
      // Unknown fields and bad retry values are legal noise; only an oversized event is fatal.
      if (error.type === 'max-buffer-size-exceeded') overflow = true;
    },
    maxBufferSize: MAX_EVENT_CHARS,
  });
  let source: AsyncIterator<Uint8Array> | undefined;
  let finished = false;

  /** Feeds text; false when the event grew past the limit. */
  const feed = (text: string): boolean => {
    try {
      parser.feed(text);
    } catch {
      overflow = true;
    }
    return !overflow;
  };

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<SseMessage[]>> {
      source ??= chunks[Symbol.asyncIterator]();
      while (!finished) {
        let result: IteratorResult<Uint8Array>;
        try {
          result = await source.next();
        } catch (err) {
          finished = true; // a source that threw is over; it is not closed again
          throw err;
        }
        if (result.done) {
          finished = true;
          // A trailing event with no blank line after it is dropped, as the SSE spec says.
          const tail = decoder.decode();
          if (tail && !feed(tail)) throw tooLarge();
        } else if (!feed(decoder.decode(result.value, { stream: true }))) {
          finished = true;
          await closeQuietly(source);
          throw tooLarge();
        }
        if (batch.length > 0) {
          const out = batch;
          batch = [];
          return { value: out, done: false };
        }
      }
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<SseMessage[]>> {
      if (!finished) {
        finished = true;
        await source?.return?.();
      }
      return { value: undefined, done: true };
    },
  };
}

/** Closes a source on the way out of an error; its own failure to close must not hide that error. */
async function closeQuietly(source: AsyncIterator<Uint8Array>): Promise<void> {
  try {
    await source.return?.();
  } catch {
    // the decoding error is the one to report
  }
}

function tooLarge(): AgentError {
  // The limit counts characters; as a size it reads the same (one character is one byte or more).
  return new AgentError('protocol', { code: 'too-large', what: 'event', limitBytes: MAX_EVENT_CHARS }, { action: { kind: 'retry' } });
}
