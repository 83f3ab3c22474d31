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
 */
export async function* decodeSse(chunks: AsyncIterable<Uint8Array>): AsyncIterableIterator<SseMessage[]> {
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
  const take = (): SseMessage[] => {
    const out = batch;
    batch = [];
    return out;
  };
  const feed = (text: string) => {
    // The parser makes an Error for every unknown field line; without stack traces that costs
    // little (a hostile stream of such lines took ~2 s a MiB with them). Restored at once.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      parser.feed(text);
    } catch {
      overflow = true;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    if (overflow) throw tooLarge();
  };
  for await (const chunk of chunks) {
    feed(decoder.decode(chunk, { stream: true }));
    if (batch.length > 0) yield take();
  }
  // A trailing event with no blank line after it is dropped, as the SSE spec says.
  const tail = decoder.decode();
  if (tail) feed(tail);
  if (batch.length > 0) yield take();
}

function tooLarge(): AgentError {
  // The limit counts characters; as a size it reads the same (one character is one byte or more).
  return new AgentError('protocol', { code: 'too-large', what: 'event', limitBytes: MAX_EVENT_CHARS }, { action: { kind: 'retry' } });
}
