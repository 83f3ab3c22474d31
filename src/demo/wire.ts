import { DEMO_SOURCES, demoAnswer } from './answers';

/**
 * The wire format of `POST /v1/agents/runs` as the demo speaks it: SSE events
 * (`id:`, `event:`, `data: {seq_id, type, response}`) and the batch JSON body.
 * The test server composes its misbehaving streams from the same pieces.
 */

export interface RunRequest {
  agent: string;
  input: string;
}

export interface WireEvent {
  type: string;
  response?: Record<string, unknown>;
}

/** `response.created`, `response.starting` and, for the advanced agent, its planning and search steps. */
export function openingEvents(run: RunRequest): WireEvent[] {
  const events: WireEvent[] = [{ type: 'response.created' }, { type: 'response.starting' }];
  if (run.agent === 'advanced') {
    events.push({ type: 'response.workflow.step', response: { message: 'Planning 3 steps' } });
    events.push({ type: 'response.research.search', response: { query: `web search: ${run.input.slice(0, 40)}` } });
  }
  return events;
}

/** The web results as one output item, sent before the answer so inline `[[n]]` links resolve. */
export function sourceEvents(outputIndex: number): WireEvent[] {
  return [
    { type: 'response.output_item.added', response: { output_index: outputIndex } },
    {
      type: 'response.output_content.full',
      response: {
        output_index: outputIndex,
        type: 'web_search.results',
        full: DEMO_SOURCES.map((s) => ({ source_type: 'web_search', citation_uri: s.url, url: s.url, title: s.title, snippet: s.snippet, provider: null })),
      },
    },
    { type: 'response.output_item.done', response: { output_index: outputIndex } },
  ];
}

/** Only the advanced agent searches the web; its answer is then the second output item. */
export const hasSources = (run: RunRequest): boolean => run.agent === 'advanced';

export function deltaEvent(outputIndex: number, delta: string): WireEvent {
  return { type: 'response.output_text.delta', response: { output_index: outputIndex, type: 'message.answer', delta } };
}

export function closingEvents(outputIndex: number): WireEvent[] {
  return [
    { type: 'response.output_item.done', response: { output_index: outputIndex } },
    { type: 'response.done', response: { run_time_ms: '2.286', finished: true } },
  ];
}

/** Every event of one streamed demo answer, in order. */
export function answerEvents(run: RunRequest): WireEvent[] {
  const sources = hasSources(run);
  const index = sources ? 1 : 0;
  return [
    ...openingEvents(run),
    ...(sources ? sourceEvents(0) : []),
    { type: 'response.output_item.added', response: { output_index: index } },
    ...splitDeltas(demoAnswer(run.agent, run.input)).map((delta) => deltaEvent(index, delta)),
    ...closingEvents(index),
  ];
}

/** Splits text into word-sized deltas (1-3 words, whitespace kept), as a model would stream it. */
export function splitDeltas(text: string): string[] {
  const words = text.match(/\s*\S+|\s+$/g) ?? [text];
  const deltas: string[] = [];
  for (let i = 0; i < words.length; ) {
    const take = 1 + (i % 3);
    deltas.push(words.slice(i, i + take).join(''));
    i += take;
  }
  return deltas;
}

/** One SSE frame; `eol` lets the test server send CRLF streams. */
export function frame(seq: number, event: WireEvent, eol = '\n'): string {
  const data = JSON.stringify({ seq_id: seq, type: event.type, ...(event.response ? { response: event.response } : {}) });
  return `id: ${seq}${eol}event: ${event.type}${eol}data: ${data}${eol}${eol}`;
}

/** The `stream: false` response: web results (advanced agent) then the answer. */
export function batchBody(run: RunRequest, answer = demoAnswer(run.agent, run.input)) {
  const output: unknown[] = [];
  if (hasSources(run)) {
    output.push({
      type: 'web_search.results',
      content: DEMO_SOURCES.map((s) => ({ source_type: 'web_search', citation_uri: s.url, url: s.url, title: s.title, snippet: s.snippet })),
    });
  }
  output.push({ type: 'message.answer', text: answer });
  return { agent: run.agent, input: [{ role: 'user', content: run.input }], output };
}

/** The agents the demo answers: the two built-in ones and any custom agent id (a UUID). */
export function isKnownAgent(agent: string): boolean {
  return /^(express|advanced|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.test(agent);
}

/** Response headers of an SSE stream. */
export const SSE_HEADERS = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' } as const;
