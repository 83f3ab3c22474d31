import { AgentError, isRecord } from '../errors';
import { parseRemoteJson } from '../json';
import { statusEvent, type Citation, type RunEvent } from '../events';
import { hostOf, isHttpUrl } from '../url';
import type { SseMessage } from '../sse';

/**
 * Maps You.com's wire events to RunEvents. Lenient by design: the official TS SDK throws on
 * an unknown event type mid-stream; here anything unknown becomes a progress event.
 */
export class YouEventMapper {
  /** Set once `response.done` arrived; anything after it is ignored. */
  done = false;

  map(message: SseMessage, out: RunEvent[]): void {
    if (this.done) return;
    let payload: unknown;
    try {
      payload = parseRemoteJson(message.data);
    } catch {
      out.push({ type: 'progress', kind: 'debug', message: `unreadable ${message.event ?? 'event'}: ${clip(message.data)}` });
      return;
    }
    const type = isRecord(payload) && typeof payload.type === 'string' ? payload.type : (message.event ?? '');
    const response = isRecord(payload) && isRecord(payload.response) ? payload.response : {};

    switch (type) {
      case 'response.output_text.delta':
        mapDelta(response, out);
        return;
      case 'response.output_content.full':
        mapContent(response, out);
        return;
      case 'response.created':
        out.push({ type: 'started' });
        return;
      case 'response.starting':
        out.push(statusEvent('starting'));
        return;
      case 'response.output_item.added':
      case 'response.output_item.done':
        out.push({ type: 'progress', kind: 'debug', message: type });
        return;
      case 'response.done':
        this.done = true;
        out.push({ type: 'done', runTimeMs: response.run_time_ms === undefined ? undefined : String(response.run_time_ms) });
        return;
      case 'error':
      case 'response.error':
      case 'response.failed':
        this.done = true;
        out.push(failedEvent(payload, response));
        return;
      default: {
        // The advanced agent may report research and compute steps we have no schema for.
        const text = firstString(response, ['message', 'title', 'query', 'description', 'status', 'text']);
        out.push(text ? { type: 'progress', kind: 'step', message: clip(text) } : { type: 'progress', kind: 'debug', message: type || 'event' });
      }
    }
  }
}

type Fields = Record<string, unknown>;

/** A text delta of the answer; a delta of anything else is only debug progress. */
function mapDelta(response: Fields, out: RunEvent[]): void {
  const { delta } = response;
  const kind = response.type;
  if (typeof delta === 'string' && (kind === undefined || kind === 'message.answer')) {
    if (delta) out.push({ type: 'text', delta });
  } else {
    out.push({ type: 'progress', kind: 'debug', message: `${String(kind)} delta` });
  }
}

/** Web search results become citations; other full content is only debug progress. */
function mapContent(response: Fields, out: RunEvent[]): void {
  if (response.type === 'web_search.results' && Array.isArray(response.full)) {
    const citations = toCitations(response.full);
    if (citations.length > 0) out.push({ type: 'citations', citations });
  } else {
    out.push({ type: 'progress', kind: 'debug', message: `${String(response.type)} content` });
  }
}

/** The run failed: the agent's own words, from the response or the event, when it gave any. */
function failedEvent(payload: unknown, response: Fields): RunEvent {
  const source = isRecord(payload) ? payload : {};
  const text = firstString(response, ['message', 'detail', 'error']) ?? firstString(source, ['message', 'detail', 'error']);
  const reason = { code: 'agent-failed' as const, service: 'You.com', ...(text ? { message: clip(text) } : {}) };
  return { type: 'error', error: new AgentError('failed', reason, { action: { kind: 'retry' } }), partialText: '' };
}

/** The events a batch (`stream: false`) response stands for. */
export function batchEvents(body: unknown): RunEvent[] {
  if (!isRecord(body) || !Array.isArray(body.output)) {
    return [
      {
        type: 'error',
        error: new AgentError('protocol', { code: 'protocol', service: 'You.com', problem: 'no-output' }, { action: { kind: 'retry' } }),
        partialText: '',
      },
    ];
  }
  const events: RunEvent[] = [{ type: 'started' }];
  let citations: Citation[] = [];
  let text = '';
  for (const item of body.output) {
    if (!isRecord(item)) continue;
    const type = typeof item.type === 'string' ? item.type : '';
    // Older docs show one flattened item typed "web_search.results, chat_node.answer".
    if (type.includes('web_search.results') && Array.isArray(item.content)) citations = toCitations(item.content, citations.length + 1);
    if ((type.includes('answer') || type === '') && typeof item.text === 'string') text += item.text;
    else if (!type.includes('web_search.results')) events.push({ type: 'progress', kind: 'debug', message: type || 'output item' });
  }
  if (citations.length > 0) events.push({ type: 'citations', citations });
  if (text) events.push({ type: 'text', delta: text });
  events.push({ type: 'done' });
  return events;
}

/**
 * Web results as citations. `index` is the item's position in the server's list, so inline
 * `[[n]]` links keep pointing at the right source; items without an http(s) URL are dropped.
 */
export function toCitations(items: readonly unknown[], firstIndex = 1): Citation[] {
  const citations: Citation[] = [];
  items.forEach((item, position) => {
    if (!isRecord(item)) return;
    const url = typeof item.url === 'string' ? item.url : typeof item.citation_uri === 'string' ? item.citation_uri : undefined;
    if (!url || !isHttpUrl(url)) return;
    const host = hostOf(url);
    citations.push({
      index: firstIndex + position,
      url,
      host,
      title: typeof item.title === 'string' && item.title.trim() ? item.title.trim() : host || url,
      snippet: typeof item.snippet === 'string' ? item.snippet : '',
      ...(typeof item.thumbnail_url === 'string' && isHttpUrl(item.thumbnail_url) ? { thumbnailUrl: item.thumbnail_url } : {}),
    });
  });
  return citations;
}

function firstString(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return undefined;
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
