import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { collectRun } from '../../src/core/events';
import { ResearchClient } from '../../src/core/you/researchClient';
import { startDemoServer, type DemoServer } from '../../src/demo/server';

/**
 * The demo server's stand-ins for Research, Answer, Search and Contents speak the wire format of
 * docs/protocols.md §2a, so `npm start` shows a research run without a key and the clients built
 * on them meet the documented shapes.
 */

let demo: DemoServer;
before(async () => {
  demo = await startDemoServer({ deltaDelayMs: 0, researchStepMs: 5 });
});
after(() => demo.close());

const post = (path: string, body: unknown): Promise<Response> =>
  fetch(`${demo.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function waitFor<T>(check: () => Promise<T | undefined>, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('gave up waiting');
}

describe('Research stand-in', () => {
  test('a background task: task_id on submit, id on GET, the report only once completed', async () => {
    const submitted = (await (await post('/v1/research', { input: 'q', research_effort: 'deep', background: true })).json()) as Record<string, unknown>;
    assert.equal(submitted.status, 'queued');
    assert.equal(submitted.type, 'research');
    assert.equal(submitted.stream_url, `/v1/research/${String(submitted.task_id)}/stream`);
    const url = `${demo.url}/v1/research/${String(submitted.task_id)}`;
    const done = await waitFor(async () => {
      const task = (await (await fetch(url)).json()) as Record<string, unknown>;
      assert.equal(task.id, submitted.task_id);
      if (task.status !== 'completed') {
        assert.equal(task.result, null);
        return undefined;
      }
      return task;
    });
    const output = (done.result as { output: { content: string; content_type: string; sources: unknown[] } }).output;
    assert.equal(output.content_type, 'text');
    assert.match(output.content, /\[\[1, 2\]\]/);
    assert.equal(output.sources.length, 4);
    assert.ok(done.completed_at);
  });

  test('the stream: connected with id 0, numbered events, replay from from_id, a terminal event', async () => {
    const submitted = (await (await post('/v1/research', { input: 'q', research_effort: 'deep', background: true })).json()) as { task_id: string };
    const text = await (await fetch(`${demo.url}/v1/research/${submitted.task_id}/stream`)).text();
    assert.match(text, /^id: 0\nevent: connected\ndata: \{"type":"connected","task_id":"[^"]+","status":"(queued|running|completed)"\}\n\n/);
    assert.deepEqual([...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])), [0, 1, 2, 3, 4]);
    assert.match(text, /event: completed\ndata: \{"type":"completed","data":\{"message":"Task completed","error":null\}/);
    const replay = await (await fetch(`${demo.url}/v1/research/${submitted.task_id}/stream?from_id=3`)).text();
    assert.deepEqual([...replay.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])), [0, 3, 4]);
  });

  test('a sync answer, and the 422 detail lists of a bad body', async () => {
    const sync = (await (await post('/v1/research', { input: 'q', research_effort: 'lite' })).json()) as { output: { sources: unknown[] } };
    assert.equal(sync.output.sources.length, 4);
    const bad = await post('/v1/research', { research_effort: 'max', background: 'yes' });
    assert.equal(bad.status, 422);
    const { detail } = (await bad.json()) as { detail: { loc: string[]; type: string }[] };
    assert.deepEqual(
      detail.map((d) => [d.loc.join('.'), d.type]),
      [
        ['body.input', 'missing'],
        ['body.research_effort', 'enum'],
        ['body.background', 'bool_type'],
      ],
    );
    assert.equal((await post('/v1/research', { input: 'q', research_effort: 'frontier' })).status, 422, 'frontier only in the background');
    assert.equal((await fetch(`${demo.url}/v1/research/no-such-task`)).status, 404);
  });

  test('the Research client runs a background research against the demo without a key', async () => {
    const summary = await collectRun(new ResearchClient({ origins: { api: demo.url, search: demo.url } }).run({ question: 'demo', effort: 'exhaustive' }));
    assert.equal(summary.outcome, 'done');
    assert.equal(summary.citations.length, 4);
    assert.ok(summary.progress.includes('Reading 4 sources'));
  });
});

describe('Answer, Search and Contents stand-ins', () => {
  test('Answer: answer, citations with excerpts, web results; unknown fields refused', async () => {
    const body = (await (await post('/v1/answer', { query: 'What is SSE?', country: 'US' })).json()) as Record<string, unknown>;
    assert.match(String(body.answer), /\[\[1\]\]/);
    assert.deepEqual(Object.keys((body.citations as Record<string, unknown>[])[0]!), ['source', 'excerpts']);
    assert.ok(Array.isArray((body.results as { web: unknown[] }).web));
    const extra = await post('/v1/answer', { query: 'q', stream: true });
    assert.equal(extra.status, 422);
    assert.equal(((await extra.json()) as { detail: { type: string }[] }).detail[0]!.type, 'extra_forbidden');
    assert.equal((await post('/v1/answer', { query: 'x'.repeat(401) })).status, 422);
  });

  test('Search: POST and GET, count bounds the web results', async () => {
    type SearchBody = { results: { web: Record<string, unknown>[]; news: unknown[] }; metadata: Record<string, unknown> };
    const viaPost = (await (await post('/v1/search', { query: 'sse', count: 2 })).json()) as SearchBody;
    assert.equal(viaPost.results.web.length, 2);
    assert.deepEqual(Object.keys(viaPost.results.web[0]!).sort(), ['authors', 'description', 'favicon_url', 'page_age', 'snippets', 'title', 'url']);
    assert.equal(viaPost.metadata.query, 'sse');
    const viaGet = (await (await fetch(`${demo.url}/v1/search?query=sse&count=3`)).json()) as { results: { web: unknown[] } };
    assert.equal(viaGet.results.web.length, 3);
    assert.equal((await post('/v1/search', { query: 'sse', count: 101 })).status, 422);
    assert.equal((await post('/v1/search', {})).status, 422);
  });

  test('Contents: one item per URL in the formats asked for; a bad URL refused', async () => {
    const items = (await (await post('/v1/contents', { urls: ['https://nodejs.org/api/stream.html'], formats: ['markdown', 'metadata'] })).json()) as Record<string, unknown>[];
    assert.equal(items.length, 1);
    assert.equal(items[0]!.title, 'Stream | Node.js Documentation');
    assert.match(String(items[0]!.markdown), /^# Stream/);
    assert.equal(items[0]!.html, null);
    assert.equal((await post('/v1/contents', { urls: ['notaurl'] })).status, 422);
    assert.equal((await post('/v1/contents', { urls: [] })).status, 422);
  });
});
