import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AgentError } from '../../src/core/errors';
import type { Citation, RunEvent } from '../../src/core/events';
import type { AgentRoute } from '../../src/core/routes';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import type { KeyStore } from '../../src/host/keys';
import type * as YouSourceModule from '../../src/host/youSource';
import { startYouServer } from '../servers/you-server';
import { silentLog } from '../../src/core/redact';
import { errorText } from '../../src/core/errorText';
import { untranslated, type Translate } from '../../src/core/translate';
import {
  chooseAgent,
  errorButtons,
  followupsFor,
  modelInfo,
  nativeModelFor,
  offeredAgents,
  retryQuery,
  toolConfirmation,
} from '../../src/host/common/nativeChat/choices';
import type { NativeChatDeps } from '../../src/host/nativeChat/deps';
import type * as Participant from '../../src/host/nativeChat/participant';
import { CONTEXT_LIMITS, questionFromMessages, questionWithContext } from '../../src/host/common/nativeChat/question';
import { runToLmText, sourcesHeading, sourcesMarkdown, streamRunToChat, toolOutput, type ChatSink } from '../../src/host/common/nativeChat/render';
import { iterate, requireWithVscode } from './helpers';

/** A pseudo-locale: every template comes back marked, so unmarked text would show. */
const pseudo: Translate = (message, ...args) => `⟦${untranslated(message, ...args)}⟧`;

/** The native chat's mappings, in plain Node: eslint.config.mjs keeps `vscode` out of them (test/unit/lint-rules.test.ts). */

const cite = (index: number, url: string, title = `Title ${index}`): Citation => ({ index, url, title, snippet: '', host: new URL(url).host });

function recordingSink(): ChatSink & { calls: [string, ...string[]][] } {
  const calls: [string, ...string[]][] = [];
  return {
    calls,
    markdown: (text) => calls.push(['markdown', text]),
    progress: (message) => calls.push(['progress', message]),
    reference: (url, title) => calls.push(['reference', url, title]),
  };
}

async function collect(gen: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const s of gen) out.push(s);
  return out;
}

describe('RunEvent → Chat view parts', () => {
  test('text streams in order as Markdown, steps as progress, sources as references then a numbered list', async () => {
    const sink = recordingSink();
    const events: RunEvent[] = [
      { type: 'started', runId: 'r1' },
      { type: 'progress', kind: 'step', message: 'Searching the web' },
      { type: 'progress', kind: 'debug', message: 'response.unknown' },
      { type: 'text', delta: 'Paris is ' },
      { type: 'citations', citations: [cite(1, 'https://a.example/x'), cite(2, 'https://b.example/y')] },
      { type: 'text', delta: 'the capital [[1]](https://a.example/x).' },
      { type: 'citations', citations: [cite(1, 'https://a.example/x'), cite(3, 'https://c.example/(z)', 'Paren [title]')] },
      { type: 'done' },
    ];
    const outcome = await streamRunToChat(iterate(events), sink);
    assert.deepEqual(sink.calls.slice(0, 6), [
      ['progress', 'Searching the web'],
      ['markdown', 'Paris is '],
      ['reference', 'https://a.example/x', 'Title 1'],
      ['reference', 'https://b.example/y', 'Title 2'],
      ['markdown', 'the capital [[1]](https://a.example/x).'],
      ['reference', 'https://c.example/(z)', 'Paren [title]'],
    ]);
    const last = sink.calls.at(-1)!;
    assert.equal(last[0], 'markdown');
    assert.equal(last[1], sourcesMarkdown(outcome.citations));
    assert.match(last[1]!, /1\. \[Title 1\]\(https:\/\/a\.example\/x\) — a\.example\n2\. /);
    assert.match(last[1]!, /3\. \[Paren \\\[title\\\]\]\(https:\/\/c\.example\/%28z%29\)/, 'brackets escaped, parentheses percent-encoded');
    assert.equal(outcome.text, 'Paris is the capital [[1]](https://a.example/x).');
    assert.equal(outcome.done, true);
    assert.equal(outcome.error, undefined);
  });

  test('a failed run reports its error after the partial text, and still lists the sources it had', async () => {
    const sink = recordingSink();
    const error = new AgentError('http', { code: 'http-status', service: 'You.com', status: 401 }, { status: 401, action: { kind: 'set-key' } });
    const outcome = await streamRunToChat(
      iterate<RunEvent>([
        { type: 'text', delta: 'Half' },
        { type: 'citations', citations: [cite(1, 'https://a.example/')] },
        { type: 'error', error, partialText: 'Half' },
      ]),
      sink,
    );
    assert.equal(outcome.error, error);
    assert.equal(outcome.done, false);
    assert.equal(outcome.text, 'Half');
    assert.match(sink.calls.at(-1)![1]!, /\*\*Sources\*\*/);
  });

  test('the sources heading is localised in every output; a translation cannot break its Markdown', async () => {
    assert.equal(sourcesHeading(), '\n\n---\n**Sources**\n');
    assert.equal(sourcesHeading(pseudo), '\n\n---\n**⟦Sources⟧**\n');
    assert.equal(sourcesHeading(() => '*Quellen*'), '\n\n---\n**\\*Quellen\\***\n');
    const citations = [cite(1, 'https://a.example/')];
    assert.ok(sourcesMarkdown(citations, pseudo).startsWith(sourcesHeading(pseudo)));
    const sink = recordingSink();
    await streamRunToChat(iterate<RunEvent>([{ type: 'citations', citations }]), sink, pseudo);
    assert.ok(sink.calls.at(-1)![1]!.startsWith(sourcesHeading(pseudo)), 'Markdown links under the localised heading');
    const lm = await collect(runToLmText(iterate<RunEvent>([{ type: 'citations', citations }]), pseudo));
    assert.deepEqual(lm, [sourcesMarkdown(citations, pseudo)]);
  });

  test('non-http sources are neither referenced nor listed', async () => {
    const sink = recordingSink();
    const unsafe = { ...cite(1, 'https://ok.example/'), url: 'javascript:alert(1)' };
    await streamRunToChat(iterate<RunEvent>([{ type: 'citations', citations: [unsafe] }, { type: 'done' }]), sink);
    assert.deepEqual(sink.calls, []);
  });

  test('an ACP pause shows the prompt as a quote', async () => {
    const sink = recordingSink();
    const outcome = await streamRunToChat(iterate<RunEvent>([{ type: 'await', runId: 'r', prompt: 'Which city?\nPick one.' }]), sink);
    assert.equal(outcome.awaitPrompt, 'Which city?\nPick one.');
    assert.deepEqual(sink.calls, [['markdown', '\n\n> Which city?\n> Pick one.\n']]);
  });
});

describe('RunEvent → language model text', () => {
  test('deltas pass through as they come, the sources list comes last', async () => {
    const parts = await collect(
      runToLmText(
        iterate<RunEvent>([
          { type: 'progress', kind: 'step', message: 'x' },
          { type: 'text', delta: 'A' },
          { type: 'citations', citations: [cite(1, 'https://a.example/')] },
          { type: 'text', delta: 'B' },
          { type: 'done' },
        ]),
      ),
    );
    assert.deepEqual(parts.slice(0, 2), ['A', 'B']);
    assert.equal(parts.length, 3);
    assert.ok(parts[2]!.startsWith(sourcesHeading()));
  });

  test('an error event is thrown after what was already streamed', async () => {
    const error = new AgentError('network', { code: 'connection-dropped' }, { action: { kind: 'retry' } });
    const seen: string[] = [];
    await assert.rejects(async () => {
      const events = iterate<RunEvent>([{ type: 'text', delta: 'partial' }, { type: 'error', error, partialText: 'partial' }]);
      for await (const s of runToLmText(events)) seen.push(s);
    }, error);
    assert.deepEqual(seen, ['partial']);
  });

  test('no sources, no list', async () => {
    assert.deepEqual(await collect(runToLmText(iterate<RunEvent>([{ type: 'text', delta: 'only' }, { type: 'done' }]))), ['only']);
  });
});

describe('history → question', () => {
  test('without history the prompt goes alone, unchanged', () => {
    assert.equal(questionWithContext('What is SSE?', []), 'What is SSE?');
    assert.equal(questionWithContext('What is SSE?', [{ role: 'assistant', text: '   ' }]), 'What is SSE?');
  });

  test('earlier turns come first as context, in order, without the appended sources list', () => {
    const q = questionWithContext('And in Python?', [
      { role: 'user', text: 'How do I read a file in Node?' },
      { role: 'assistant', text: `Use fs.readFile.${sourcesMarkdown([cite(1, 'https://nodejs.org/')])}` },
    ]);
    assert.equal(
      q,
      'Earlier in this conversation (context only):\n\nUser: How do I read a file in Node?\n\nAssistant: Use fs.readFile.\n\nQuestion: And in Python?',
    );
  });

  test('bounded: the newest turns are kept, each turn clipped, the total capped', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), text: `turn ${i} ${'x'.repeat(3000)}` }));
    const q = questionWithContext('now?', many);
    const context = q.slice(0, q.indexOf('\n\nQuestion: now?'));
    assert.ok(context.length <= CONTEXT_LIMITS.totalChars + 100, `context is ${context.length} chars`);
    assert.match(q, /turn 39 x+…/, 'the newest turn is kept, clipped');
    assert.doesNotMatch(q, /turn 0 /, 'the oldest is dropped');
    const few = questionWithContext('q', many.slice(0, 30).map((t) => ({ ...t, text: 'short' })), { ...CONTEXT_LIMITS, turns: 3 });
    assert.equal(few.match(/short/g)?.length, 3);
  });

  test('a sources list under the localised heading (or the English one) is not sent back either', () => {
    const citations = [cite(1, 'https://nodejs.org/')];
    for (const answer of [`Use fs.${sourcesMarkdown(citations, pseudo)}`, `Use fs.${sourcesMarkdown(citations)}`]) {
      const q = questionWithContext('Next?', [{ role: 'assistant', text: answer }], CONTEXT_LIMITS, pseudo);
      assert.equal(q, 'Earlier in this conversation (context only):\n\nAssistant: Use fs.\n\nQuestion: Next?');
    }
  });

  test('LM messages: the last user message is the question, earlier ones and system text are context', () => {
    assert.equal(questionFromMessages([{ role: 'user', text: '  Hello?  ' }]), 'Hello?');
    const q = questionFromMessages([
      { role: 'system', text: 'Be brief.' },
      { role: 'user', text: 'First' },
      { role: 'assistant', text: 'Answer one' },
      { role: 'user', text: 'Second' },
      { role: 'assistant', text: '' },
    ]);
    assert.equal(q, 'Earlier in this conversation (context only):\n\nUser: Be brief.\n\nUser: First\n\nAssistant: Answer one\n\nQuestion: Second');
    assert.equal(questionFromMessages([{ role: 'assistant', text: 'no user' }]), '');
  });
});

describe('choices', () => {
  test('a slash command wins, then a You.com model picked in the Chat view, then the default agent', () => {
    assert.deepEqual(chooseAgent('research', { vendor: 'you', id: 'you:express' }, 'you:express'), { agentId: 'you:research' });
    assert.deepEqual(chooseAgent('advanced', undefined, 'you:express'), { agentId: 'you:advanced' });
    assert.deepEqual(chooseAgent('express', undefined, 'you:advanced'), { agentId: 'you:express' });
    assert.deepEqual(chooseAgent(undefined, { vendor: 'you', id: 'acp:local/echo' }, 'you:express'), { agentId: 'acp:local/echo' });
    assert.deepEqual(chooseAgent(undefined, { vendor: 'copilot', id: 'gpt-4o' }, 'you:advanced'), { agentId: 'you:advanced' });
  });

  test('error buttons: the action first, Show Logs always', () => {
    const retry = { query: 'q', agentId: 'you:express' };
    const commands = (kind: Parameters<typeof errorButtons>[0]) => errorButtons(kind, retry).map((b) => b.command);
    assert.deepEqual(commands({ kind: 'set-key' }), ['youAgents.setApiKey', 'youAgents.showLogs']);
    // Retry asks the agent that failed again (not whichever is picked by then).
    assert.deepEqual(errorButtons({ kind: 'retry' }, { query: retryQuery('advanced', 'why?'), agentId: 'a2a:team' })[0], {
      command: 'youAgents.askInNativeChat',
      title: 'Retry',
      arguments: ['/advanced why?', 'a2a:team'],
    });
    assert.deepEqual(commands({ kind: 'wait', seconds: 7 }), ['youAgents.askInNativeChat', 'youAgents.showLogs']);
    assert.deepEqual(commands({ kind: 'check-settings' }), ['workbench.action.openSettings', 'youAgents.showLogs']);
    assert.deepEqual(errorButtons({ kind: 'add-credits', url: 'https://you.com/platform/upgrade' }, retry)[0]?.arguments, ['https://you.com/platform/upgrade']);
    assert.deepEqual(commands({ kind: 'none' }), ['youAgents.showLogs']);
    assert.equal(errorButtons({ kind: 'set-key' }, retry, (s) => `«${s}»`)[0]?.title, '«Set API Key»');
  });

  test('follow-ups only after a good answer from You.com: research unless it was research, Advanced after Express; none after an agent server', () => {
    assert.deepEqual(followupsFor(undefined), []);
    assert.deepEqual(followupsFor({ question: 'q', agentId: 'a2a:team', ok: true }), [], 'no one-click way to send an agent server\'s question to You.com');
    assert.deepEqual(followupsFor({ question: 'q', agentId: 'acp:local/echo', ok: true }), []);
    assert.deepEqual(followupsFor({ question: 'q', agentId: 'you:express', ok: false }), []);
    assert.deepEqual(
      followupsFor({ question: 'q', agentId: 'you:express', ok: true }).map((f) => f.command),
      ['research', 'advanced'],
    );
    assert.deepEqual(followupsFor({ question: 'q', agentId: 'you:advanced', command: 'research', ok: true }), []);
    assert.ok(followupsFor({ question: 'q', agentId: 'you:advanced', ok: true }).every((f) => f.prompt === 'q'));
  });

  test('models are described honestly: text only, no tool calling, realistic limits', () => {
    const express = modelInfo({ id: 'you:express', label: 'Express', group: 'You.com', description: 'Fast' });
    assert.deepEqual(express.capabilities, { toolCalling: false, imageInput: false });
    assert.equal(express.name, 'You.com Express');
    assert.equal(express.family, 'you-express');
    assert.ok(express.maxInputTokens >= 4_000 && express.maxInputTokens <= 200_000);
    assert.ok(express.maxOutputTokens > 0 && express.maxOutputTokens <= express.maxInputTokens);
    assert.equal(modelInfo({ id: 'acp:local/echo', label: 'echo', group: 'ACP · local' }).family, 'acp');
    assert.equal(modelInfo({ id: 'a2a:team', label: 'team', group: 'A2A' }).family, 'a2a');
    assert.equal(modelInfo({ id: 'you:0f8c1b2a-1111-2222-3333-444455556666', label: 'Mine', group: 'You.com' }).family, 'you-custom');
  });

  test('the tool confirmation shows exactly the query and the host, fenced so the query cannot break out', () => {
    const query = 'What changed in ```Node 24``` streams?';
    const { title, message } = toolConfirmation(query, 'api.you.com');
    assert.equal(title, 'Send this to You.com?');
    assert.match(message, /api\.you\.com/);
    assert.ok(message.includes(`\`\`\`\`text\n${query}\n\`\`\`\``), message);
  });
});

describe('tool output', () => {
  test('answer then sources, unchanged when it fits', () => {
    const out = toolOutput('The answer.', [cite(1, 'https://a.example/')]);
    assert.equal(out, `The answer.${sourcesMarkdown([cite(1, 'https://a.example/')])}`);
  });

  test('bounded: a long answer is cut and says so, the sources survive', () => {
    const citations = [cite(1, 'https://a.example/'), cite(2, 'https://b.example/')];
    const out = toolOutput('y'.repeat(50_000), citations, 20_000);
    assert.ok(out.length <= 20_000, `${out.length}`);
    assert.match(out, /\[Answer cut to \d+ of 50000 characters\.\]/);
    assert.ok(out.endsWith(sourcesMarkdown(citations)));
  });

  test('an empty answer says it is empty', () => {
    assert.match(toolOutput('  ', []), /no text/);
  });
});

type ParticipantHandler = (request: unknown, context: unknown, stream: unknown, token: unknown) => Promise<{ errorDetails?: { message: string } }>;

describe('the @you participant, with a stand-in vscode', () => {
  let registered: ParticipantHandler | undefined;
  class Part {}
  /** The few parts of `vscode` participant.ts uses; l10n.t is the pseudo-locale. */
  const fakeVscode = {
    l10n: { t: pseudo },
    // No http.proxy set (proxySettings.ts reads it for every run).
    workspace: { getConfiguration: () => ({ get: () => undefined }) },
    chat: {
      createChatParticipant: (_id: string, handler: ParticipantHandler) => {
        registered = handler;
        return { dispose() {} };
      },
    },
    Uri: { parse: (value: string) => ({ value, toString: () => value }) },
    MarkdownString: class {
      constructor(
        readonly value: string,
        readonly supportThemeIcons = false,
      ) {}
    },
    ChatRequestTurn: Part,
    ChatResponseTurn: Part,
    ChatResponseMarkdownPart: Part,
  };

  const loadParticipant = () => requireWithVscode<typeof Participant>('../../src/host/nativeChat/participant', fakeVscode);

  /** The handler `@you` runs, on an ACP-like agent (no key needed) answering with `events`, and on You.com Express (no key set). */
  function participantAnswering(events: RunEvent[], unavailable?: string): ParticipantHandler {
    const route = (id: string, needsYouKey: boolean): AgentRoute => ({
      info: { id, label: id, group: 'test', ...(unavailable && !needsYouKey ? { unavailable } : {}) },
      needsYouKey,
      run: () => iterate(events),
    });
    const routes = [route('acp:local/echo', false), route('you:express', true)];
    return participantOn({
      sources: [{ agents: () => routes.map((r) => r.info), route: (id) => routes.find((r) => r.info.id === id) }],
      log: silentLog,
      hasKey: () => false,
      settings: () => DEFAULT_SETTINGS,
      youEndpoint: () => undefined,
      defaultAgentId: () => 'acp:local/echo',
      pickedAgentId: () => 'acp:local/echo',
    });
  }

  function participantOn(deps: NativeChatDeps): ParticipantHandler {
    registered = undefined;
    loadParticipant().registerParticipant(deps);
    assert.ok(registered);
    return registered;
  }

  function recordingStream(): { stream: object; calls: unknown[][] } {
    const calls: unknown[][] = [];
    const stream = {
      markdown: (text: string | { value: string }) => calls.push(['markdown', typeof text === 'string' ? text : text.value]),
      progress: (text: string) => calls.push(['progress', text]),
      reference: (uri: { value: string }, ...rest: unknown[]) => calls.push(['reference', uri.value, ...rest]),
      button: (command: { title: string }) => calls.push(['button', command.title]),
    };
    return { stream, calls };
  }

  const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
  const ask = (handler: ParticipantHandler, stream: object, command?: string) => handler({ prompt: 'Why?', command }, { history: [] }, stream, token);
  const sourcesOf = (calls: unknown[][]) => calls.filter((c) => c[0] === 'reference');
  /** The error as the response shows it (escaped Markdown after a $(error) icon), unescaped; undefined without one. */
  const shownError = (calls: unknown[][]) => {
    const part = calls.find((c) => c[0] === 'markdown' && String(c[1]).startsWith('\n\n$(error) '));
    return part && String(part[1]).slice('\n\n$(error) '.length, -1).replace(/\\(.)/g, '$1');
  };
  /** Asks, and returns what the user sees of an error (the result no longer carries it as errorDetails). */
  const askShown = async (handler: ParticipantHandler, command?: string) => {
    const { stream, calls } = recordingStream();
    const result = await ask(handler, stream, command);
    assert.equal(result.errorDetails, undefined, 'errorDetails would draw the text below the buttons');
    return { calls, error: shownError(calls) };
  };

  test('a failed run: the error then its buttons, in the display language, not the English log text; sources keep their titles', async () => {
    const error = new AgentError('http', { code: 'http-status', service: 'You.com', status: 402 }, { status: 402, action: { kind: 'retry' } });
    const handler = participantAnswering([
      { type: 'text', delta: 'Half' },
      { type: 'citations', citations: [cite(1, 'https://a.example/x', 'A title'), cite(2, 'https://b.example/', 'B title')] },
      { type: 'error', error, partialText: 'Half' },
    ]);
    const { calls, error: shown } = await askShown(handler);
    assert.equal(shown, errorText(error.reason, pseudo));
    assert.match(shown!, /^⟦.*⟧$/);
    assert.notEqual(shown, error.message);
    const errorAt = calls.findIndex((c) => c[0] === 'markdown' && String(c[1]).includes('$(error)'));
    const firstButton = calls.findIndex((c) => c[0] === 'button');
    assert.ok(errorAt >= 0 && errorAt < firstButton, 'the error text stands above its buttons');
    assert.deepEqual(sourcesOf(calls), [
      ['reference', 'https://a.example/x'],
      ['reference', 'https://b.example/'],
    ]);
    const list = calls.find((c) => c[0] === 'markdown' && String(c[1]).includes('**⟦Sources⟧**'));
    assert.match(String(list?.[1]), /1\. \[A title\]\(https:\/\/a\.example\/x\)[\s\S]*2\. \[B title\]/);
    assert.deepEqual(
      calls.filter((c) => c[0] === 'button'),
      [
        ['button', '⟦Retry⟧'],
        ['button', '⟦Show Logs⟧'],
      ],
    );
  });

  test('a run that cannot start (no key) is worded too; sources end the answer as titled Markdown links', async () => {
    const noKey = await askShown(participantAnswering([]), 'express');
    assert.equal(noKey.error, '⟦Set a You.com API key to ask this agent.⟧');

    const handler = participantAnswering([{ type: 'citations', citations: [cite(1, 'https://a.example/x', 'A title')] }, { type: 'done' }]);
    const { stream, calls } = recordingStream();
    const result = await ask(handler, stream);
    assert.equal(result.errorDetails, undefined);
    assert.deepEqual(sourcesOf(calls), [['reference', 'https://a.example/x']]);
    assert.equal(calls.at(-1)![1], sourcesMarkdown([cite(1, 'https://a.example/x', 'A title')], pseudo));
    assert.match(String(calls.at(-1)![1]), /\[A title\]/);
  });

  test('an unreachable agent is classified as the webview chat does it (one preflight): a network problem with Retry', async () => {
    const { calls, error: shown } = await askShown(participantAnswering([], 'Cannot reach http://127.0.0.1:9'));
    assert.equal(shown, '⟦The agent is unavailable: {0}⟧'.replace('{0}', 'Cannot reach http://127.0.0.1:9'));
    assert.deepEqual(calls.filter((c) => c[0] === 'button')[0], ['button', '⟦Retry⟧']);
  });

  test('/advanced goes through the You.com route and honours youAgents.batchTimeoutMinutes', async () => {
    const server = await startYouServer();
    try {
      server.setScenario('slow-headers'); // the batch answer takes 2 s
      const { YouSource } = requireWithVscode<typeof YouSourceModule>('../../src/host/youSource', fakeVscode);
      // 0.02 min = 1.2 s: the batch deadline fires before the 2 s answer, and leaves a loaded machine time to send the request.
      const settings: Settings = { ...DEFAULT_SETTINGS, baseUrl: server.url, stream: false, batchTimeoutMinutes: 0.02 };
      const you = new YouSource(() => settings, { apiKey: 'test-key' } as KeyStore, silentLog);
      const handler = participantOn({
        sources: [you],
        log: silentLog,
        hasKey: () => true,
        settings: () => settings,
        youEndpoint: () => you.endpoint(),
        defaultAgentId: () => 'you:express',
        pickedAgentId: () => 'you:express',
      });
      const { error: shown } = await askShown(handler, 'advanced');
      assert.match(shown ?? '', /the whole answer did not arrive within 1\.2 s/);
      // Under load the deadline can pass before the server has read the request: wait for it (bounded).
      for (let i = 0; i < 40 && server.requests.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      const body = server.requests.at(-1)?.body as { agent: string };
      assert.equal(body.agent, 'advanced');
    } finally {
      await server.close();
    }
  });
});

test('VS Code Chat asks the picked agent with its own model; one it cannot ask now is asked elsewhere, never another agent', () => {
  const source = (...agents: { id: string; unavailable?: string }[]) => ({
    agents: () => agents.map((a) => ({ label: a.id, group: 'test', ...a })),
    route: () => undefined,
  });
  const you = source({ id: 'you:express' }, { id: 'you:advanced' }, { id: 'you:0f1e2d3c-aaaa-bbbb-cccc-123456789abc' });
  const servers = source({ id: 'acp:local/echo' }, { id: 'a2a:team' }, { id: 'a2a:gone', unavailable: 'connection refused' });
  const sources = [you, servers];
  const host = { selectable: true, defaultAgentId: 'you:express' };
  assert.equal(nativeModelFor('you:advanced', sources, host), 'you:advanced');
  assert.equal(nativeModelFor('you:0f1e2d3c-aaaa-bbbb-cccc-123456789abc', sources, host), 'you:0f1e2d3c-aaaa-bbbb-cccc-123456789abc');
  assert.equal(nativeModelFor('acp:local/echo', sources, host), 'acp:local/echo');
  assert.equal(nativeModelFor('a2a:team', sources, host), 'a2a:team');
  assert.equal(nativeModelFor('a2a:gone', sources, host), undefined, 'an unreachable server offers no model: VS Code would refuse the selector');
  assert.equal(nativeModelFor('a2a:not-yet-found', sources, host), undefined);
  // A VS Code that cannot select our models asks the default agent: only the default goes there.
  const noModels = { selectable: false, defaultAgentId: 'you:express' };
  assert.equal(nativeModelFor('you:express', sources, noModels), 'you:express');
  assert.equal(nativeModelFor('a2a:team', sources, noModels), undefined, 'not the default: @you would ask Express');
  assert.equal(nativeModelFor('you:advanced', sources, noModels), undefined);
  assert.equal(nativeModelFor('a2a:team', sources, { selectable: false, defaultAgentId: 'a2a:team' }), 'a2a:team');
  // The offered models are the provider's list.
  const offered = offeredAgents(sources).map((a) => a.id);
  assert.deepEqual(offered, ['you:express', 'you:advanced', 'you:0f1e2d3c-aaaa-bbbb-cccc-123456789abc', 'acp:local/echo', 'a2a:team']);
});
