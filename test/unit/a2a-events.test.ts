import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readAgentCard } from '../../src/core/a2a/card';
import { A2aEventMapper, MAX_DATA_CHARS } from '../../src/core/a2a/events';
import { collectRun, type RunEvent } from '../../src/core/events';

/** The mapper's own decisions (artifact replacement, parts that are not text, states the SDK agents do not reach). */

const IDS = { taskId: 'task-1', contextId: 'ctx-1' };

async function mapAll(events: unknown[]): Promise<Awaited<ReturnType<typeof collectRun>>> {
  const mapper = new A2aEventMapper('team');
  const out: RunEvent[] = [];
  for (const event of events) if (!mapper.finished) mapper.map(event, out);
  return collectRun((async function* () {
    yield* out;
  })());
}

const task = { task: { id: IDS.taskId, contextId: IDS.contextId, status: { state: 'TASK_STATE_WORKING' } } };
const chunk = (artifactId: string, text: string, append: boolean, lastChunk = false) => ({
  artifactUpdate: { ...IDS, artifact: { artifactId, parts: [{ text }] }, append, lastChunk },
});
const state = (value: string, text?: string) => ({
  statusUpdate: { ...IDS, status: { state: value, ...(text ? { message: { role: 'ROLE_AGENT', parts: [{ text }] } } : {}) } },
});

describe('A2A artifacts', () => {
  test('appended chunks in order; chunks after lastChunk are ignored; a second artifact starts after a blank line', async () => {
    const run = await mapAll([
      task,
      chunk('a', 'one ', false),
      chunk('a', 'two', true, true),
      chunk('a', ' late', true),
      chunk('b', 'second artifact', false),
      state('TASK_STATE_COMPLETED'),
    ]);
    assert.equal(run.outcome, 'done');
    assert.equal(run.text, 'one two\n\nsecond artifact');
    assert.ok(run.progress.some((p) => p.includes('after the last chunk')));
  });

  test('a non-append update replaces: its new end when it extends what was shown, else the new version below a rule', async () => {
    const updates = [chunk('a', 'Draft', false), chunk('a', 'Draft, longer', false), chunk('a', 'Rewritten', false)];
    const run = await mapAll([task, ...updates, state('TASK_STATE_COMPLETED')]);
    assert.equal(run.text, 'Draft, longer\n\n---\n\nRewritten');
  });

  test('a final task snapshot repeating a streamed artifact adds nothing', async () => {
    const artifacts = [{ artifactId: 'a', parts: [{ text: 'hello' }] }];
    const snapshot = { task: { id: IDS.taskId, contextId: IDS.contextId, status: { state: 'TASK_STATE_COMPLETED' }, artifacts } };
    const run = await mapAll([task, chunk('a', 'hello', false), snapshot]);
    assert.equal(run.outcome, 'done');
    assert.equal(run.text, 'hello');
  });
});

describe('A2A parts that are not text', () => {
  test('a url part is a link, raw bytes a name and size, data a fenced JSON block (never HTML), each as what it is', async () => {
    const data = { query: 'x', code: '```js\nalert(1)\n```', html: '<script>alert(1)</script>' };
    const parts = [
      { url: 'https://files.example/report (1).pdf', filename: 'report.pdf', mediaType: 'application/pdf' },
      { url: 'javascript:alert(1)', filename: 'evil' },
      { raw: 'aGVsbG8gd29ybGQ=', filename: 'hello.txt', mediaType: 'text/plain' },
      { data },
    ];
    const run = await mapAll([task, { artifactUpdate: { ...IDS, artifact: { artifactId: 'a', parts } } }, state('TASK_STATE_COMPLETED')]);
    assert.match(run.text, /📎 \[report\.pdf\]\(https:\/\/files\.example\/report%20%281%29\.pdf\) \(application\/pdf\)/);
    assert.match(run.text, /📎 evil\n/);
    assert.doesNotMatch(run.text, /javascript:/);
    assert.match(run.text, /📎 hello\.txt \(text\/plain\), 12 bytes/);
    // The fence is longer than the backtick run inside, so the block cannot be closed from within.
    assert.match(run.text, /\*Data \(application\/json\):\*\n\n````json\n\{\n {2}"query": "x"/);
    assert.ok(run.text.includes('````\n\n'));
  });

  test('a huge data part is cut with a note', async () => {
    const run = await mapAll([task, { artifactUpdate: { ...IDS, artifact: { artifactId: 'a', parts: [{ data: { big: 'x'.repeat(MAX_DATA_CHARS * 2) } }] } } }]);
    assert.match(run.text, /more characters not shown/);
    assert.ok(run.text.length < MAX_DATA_CHARS + 500);
  });

  test('v0.3 parts (kind text, file with uri, data) read the same', async () => {
    const parts = [{ kind: 'text', text: 'Hi ' }, { kind: 'file', file: { uri: 'https://f.example/a.png', mimeType: 'image/png', name: 'a.png' } }, { kind: 'data', data: { n: 1 } }];
    const run = await mapAll([
      { kind: 'task', id: 't', contextId: 'c', status: { state: 'working' } },
      { kind: 'artifact-update', taskId: 't', artifact: { artifactId: 'a', parts } },
      { kind: 'status-update', taskId: 't', status: { state: 'completed' }, final: true },
    ]);
    assert.equal(run.outcome, 'done');
    assert.match(run.text, /^Hi \n\n📎 \[a\.png\]\(https:\/\/f\.example\/a\.png\) \(image\/png\)/);
    assert.match(run.text, /"n": 1/);
  });
});

describe('A2A states', () => {
  test('AUTH_REQUIRED says what the agent needs; REJECTED declines; CANCELED is a cancel; texts kept', async () => {
    const auth = await mapAll([task, chunk('a', 'so far', false), state('TASK_STATE_AUTH_REQUIRED', 'Sign in to the calendar first')]);
    assert.equal(auth.error?.reason.code, 'agent-needs-auth');
    assert.match(auth.error?.message ?? '', /needs authorization to go on: Sign in to the calendar first/);
    assert.equal(auth.error?.action.kind, 'check-settings');
    const last = auth.events.at(-1);
    assert.ok(last?.type === 'error');
    assert.equal(auth.text, 'so far');
    const rejected = await mapAll([task, state('TASK_STATE_REJECTED', 'Out of scope')]);
    assert.deepEqual(rejected.error?.reason, { code: 'agent-rejected', service: 'team', message: 'Out of scope' });
    const cancelled = await mapAll([task, state('TASK_STATE_CANCELED')]);
    assert.equal(cancelled.error?.kind, 'aborted');
    assert.equal(cancelled.error?.reason.code, 'cancelled');
  });

  test('a WORKING status message is a step; a COMPLETED status message is the answer when nothing else came', async () => {
    const run = await mapAll([task, state('TASK_STATE_WORKING', 'Looking it up'), state('TASK_STATE_COMPLETED', 'The answer is 42.')]);
    assert.ok(run.progress.includes('Looking it up'));
    assert.equal(run.text, 'The answer is 42.');
  });

  test('ids that could not go into a path end the run as a protocol error', async () => {
    const bad = await mapAll([{ task: { id: '../../admin', contextId: 'c', status: { state: 'TASK_STATE_WORKING' } } }]);
    assert.equal(bad.error?.reason.code, 'protocol');
    assert.match(bad.error?.message ?? '', /invalid task id/);
    assert.equal(bad.events.some((e) => e.type === 'started'), false);
    const badContext = await mapAll([{ task: { id: 't', contextId: 'a b', status: { state: 'TASK_STATE_WORKING' } } }]);
    assert.match(badContext.error?.message ?? '', /invalid context id/);
  });
});

describe('Agent Card', () => {
  test('1.0: the first 1.0 interface of a binding the client speaks; gRPC skipped; another origin reported', () => {
    const card = readAgentCard(
      {
        name: 'Team',
        supportedInterfaces: [
          { url: 'https://agents.example/grpc', protocolBinding: 'GRPC', protocolVersion: '1.0' },
          { url: 'https://other.example/rest', protocolBinding: 'HTTP+JSON', protocolVersion: '1.0', tenant: 't1' },
          { url: 'https://agents.example/rpc', protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
        ],
        capabilities: { streaming: true },
        skills: [{ id: 's', name: 'Summaries' }, { name: 'no id' }],
      },
      'https://agents.example/team/.well-known/agent-card.json',
    );
    assert.ok(typeof card !== 'string');
    assert.deepEqual(card.endpoint, { url: 'https://other.example/rest', binding: 'HTTP+JSON', version: '1.0', tenant: 't1' });
    assert.equal(card.foreignOrigin, 'https://other.example');
    assert.deepEqual(card.skills, [{ id: 's', name: 'Summaries' }]);
  });

  test('0.3: the top-level url with its preferred transport; not a card, or nothing usable, says which', () => {
    const v03 = readAgentCard({ name: 'Old', url: 'https://a.example/rpc', protocolVersion: '0.3.0', capabilities: {} }, 'https://a.example/.well-known/agent-card.json');
    assert.ok(typeof v03 !== 'string');
    assert.deepEqual(v03.endpoint, { url: 'https://a.example/rpc', binding: 'JSONRPC', version: '0.3' });
    assert.equal(v03.streaming, false);
    assert.equal(readAgentCard({ hello: 'world' }, 'https://a.example/'), 'agent-card');
    assert.equal(readAgentCard({ name: 'Only gRPC', supportedInterfaces: [{ url: 'https://a.example', protocolBinding: 'GRPC', protocolVersion: '1.0' }] }, 'https://a.example/'), 'no-interface');
  });
});
