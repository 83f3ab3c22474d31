import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Workbench } from '../harness/workbench';
import { E2E_KEY, E2E_KEY_2, eventually, readLogs, startE2E, type E2E } from './setup';

/**
 * `@you` in VS Code's own Chat view (code-server 4.139.1, no Copilot), installed from the .vsix:
 * "You.com: Ask in VS Code Chat" opens the Chat view with a You.com model selected, and the
 * participant streams answers from the local test server.
 */
let e2e: E2E;
const T = { timeout: 300_000 };
/** The Chat view paces its rendering, and the machine is shared: answers get this long to finish. */
const ANSWER_MS = 120_000;

// On a loaded machine the first workbench load can outlast page.goto's 30 s 'load' wait; then wait
// for the workbench itself, longer, instead of failing (and leaking the code-server startE2E started).
// TODO(lead): a longer navigation timeout in test/harness/workbench.ts would make this unnecessary.
const load = Workbench.prototype.load;
Workbench.prototype.load = async function (this: Workbench, url?: string) {
  try {
    await load.call(this, url);
  } catch (err) {
    if (!url || !(err instanceof Error) || err.name !== 'TimeoutError') throw err;
    await this.page.waitForSelector('.monaco-workbench .activitybar', { timeout: 120_000 });
  }
};

before(async () => {
  // The Chat view exists only while AI features are on (the shared quiet settings turn them off).
  e2e = await startE2E('native-chat', { 'chat.disableAIFeatures': false });
}, { timeout: 600_000 });
after(() => e2e?.close());

/** On failure keeps what the Chat view showed (HTML and a screenshot in test-results), to see why. */
function keepOnFailure(fn: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await fn();
    } catch (err) {
      const html = await session().evaluate((e) => e.outerHTML).catch((e: unknown) => String(e));
      writeFileSync(join(e2e.shots, 'native-chat-failure.html'), html);
      await e2e.workbench.screenshot(join(e2e.shots, 'native-chat-failure.png')).catch(() => undefined);
      throw err;
    }
  };
}

const page = () => e2e.workbench.page;
const session = () => page().locator('.interactive-session').first();
const responses = () => session().locator('.interactive-item-container.interactive-response');
const lastResponse = () => responses().last();
type RunBody = { input?: string; agent?: string };

/** Asks through our command, the way a user does from the palette; resolves with the run request the server got (not a key check). */
async function askInNativeChat(question: string): Promise<{ body: RunBody; authorization: string | undefined }> {
  const before = e2e.you.requests.length;
  const prompt = question.replace(/^\/\w+ /, '');
  await e2e.workbench.runCommand('You.com: Ask in VS Code Chat');
  await e2e.workbench.answerQuickInput('Ask in VS Code Chat', question);
  const request = await eventually(
    () => e2e.you.requests.slice(before).find((r) => ((r.body as RunBody | undefined)?.input ?? '').endsWith(prompt)),
    'the question to reach the test server',
    30_000,
  );
  return { body: request.body as RunBody, authorization: request.headers.authorization as string | undefined };
}

/** For a readable screenshot: the Chat view maximized (where the title bar offers it), scrolled to the end of the answer. */
async function showWholeChat(): Promise<void> {
  const maximize = page().locator('.part.auxiliarybar .action-label[aria-label^="Maximize"]').first();
  if (await maximize.isVisible()) await maximize.click();
  const scrollDown = session().locator('.chat-scroll-down');
  if (await scrollDown.isVisible()) await scrollDown.click();
  await lastResponse().locator('.rendered-markdown ol li', { hasText: 'html.spec.whatwg.org' }).waitFor({ timeout: 10_000 });
}

describe('You.com in VS Code Chat', () => {
  test('the command opens the Chat view; @you /advanced streams a cited answer with its sources as references', T, keepOnFailure(async () => {
    await e2e.workbench.openChatView(); // activates the extension, as a user's first click does
    await e2e.workbench.runCommand('You.com: Set API Key');
    await e2e.workbench.answerQuickInput('Set API Key', E2E_KEY);
    await eventually(() => e2e.you.requests.some((r) => r.headers.authorization === `Bearer ${E2E_KEY}`), 'the key check', 30_000);
    await page().locator('.notification-toast', { hasText: 'You.com API key saved' }).first().waitFor({ timeout: 30_000 });
    const registered = 'VS Code Chat: participant registered, models registered, tool registered';
    await eventually(() => readLogs(e2e.profile).extension.includes(registered), 'the native chat registration');

    const sent = await askInNativeChat('/advanced Compare SSE and WebSocket');
    assert.equal(sent.body.agent, 'advanced');
    assert.equal(sent.body.input, 'Compare SSE and WebSocket', 'a first question goes without context');
    assert.equal(sent.authorization, `Bearer ${E2E_KEY}`);

    // The request shows as `@you /advanced …`; the answer streams in as rendered Markdown.
    await session().locator('.interactive-request', { hasText: 'Compare SSE and WebSocket' }).waitFor({ timeout: 30_000 });
    const heading = lastResponse().locator('.rendered-markdown h2', { hasText: 'Research report: Compare SSE and WebSocket' });
    await heading.waitFor({ state: 'attached', timeout: ANSWER_MS });
    const sources = lastResponse().locator('.rendered-markdown ol li', { hasText: 'developer.mozilla.org' });
    await sources.first().waitFor({ timeout: ANSWER_MS });
    // The Chat view reveals a response progressively: wait until the whole list is shown.
    const list = await eventually(async () => {
      const text = await lastResponse().locator('.rendered-markdown ol').last().innerText();
      return (text.match(/—/g) ?? []).length === 4 && text;
    }, 'the four sources, numbered', ANSWER_MS);
    assert.match(list, /Using server-sent events - Web APIs \| MDN — developer\.mozilla\.org/);
    const links = await lastResponse().locator('.rendered-markdown a[href^="https://developer.mozilla.org/"]').count();
    assert.ok(links >= 2, 'inline citation and source link');

    // The sources are also the response's references, in the collapsible list above the answer
    // (scrolled out of the view by now, so it is opened and read through the DOM).
    // 4.139 nests them in the "Completed N steps" disclosure: "Used 4 references", each opening its URL.
    const steps = lastResponse().locator('summary.chat-used-context-label').first();
    await steps.waitFor({ state: 'attached', timeout: 30_000 });
    await steps.evaluate((e) => (e as HTMLElement).click());
    const used = lastResponse().locator('.chat-used-context-label a[aria-label="Used 4 references"]');
    await used.waitFor({ state: 'attached', timeout: 10_000 });
    await used.evaluate((e) => (e as HTMLElement).click());
    const rows = lastResponse().locator('.chat-used-context-list .monaco-list-row .monaco-icon-label');
    await eventually(async () => (await rows.count()) === 4, 'the four references to show');
    const references = await rows.evaluateAll((labels) => labels.map((l) => l.getAttribute('aria-label')));
    assert.deepEqual(references, [
      'https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events/Using_server-sent_events',
      'https://nodejs.org/api/stream.html',
      'https://code.visualstudio.com/api/extension-guides/webview',
      'https://html.spec.whatwg.org/multipage/server-sent-events.html',
    ]);
    await steps.evaluate((e) => (e as HTMLElement).click());
    // A follow-up is offered.
    await session().locator('.interactive-session-followups .monaco-button', { hasText: 'Research this in depth' }).waitFor({ timeout: 10_000 });
    await showWholeChat();
    await e2e.workbench.screenshot(join(e2e.shots, 'native-chat.png'));
    const restore = page().locator('.part.auxiliarybar .action-label[aria-label^="Restore"]').first();
    if (await restore.isVisible()) await restore.click();
    assert.ok(!(await session().innerText()).includes(E2E_KEY));
  }));

  test('a follow-up question carries the earlier turns as bounded context', T, keepOnFailure(async () => {
    const sent = await askInNativeChat('And how do I read a stream in Node?');
    const input = sent.body.input ?? '';
    assert.equal(sent.body.agent, 'express', 'no slash command: the selected You.com model (the default agent)');
    assert.match(input, /^Earlier in this conversation \(context only\):\n\nUser: Compare SSE and WebSocket\n\nAssistant: ## Research report/);
    assert.match(input, /\n\nQuestion: And how do I read a stream in Node\?$/);
    assert.doesNotMatch(input, /\*\*Sources\*\*/, 'the appended sources list is not sent back');
    assert.ok(input.length < 9_000);
    await lastResponse().locator('.rendered-markdown', { hasText: 'That is all it takes to read a stream in Node 20.' }).waitFor({ timeout: ANSWER_MS });
  }));

  test('a revoked key: the 401 is the response error, with a Set API Key button that stores a new key', T, keepOnFailure(async () => {
    e2e.you.setApiKey(E2E_KEY_2);
    const count = await responses().count();
    await askInNativeChat('Is my key still good?');
    await eventually(async () => (await responses().count()) > count, 'the new response');
    await lastResponse().getByText(/401/).first().waitFor({ timeout: ANSWER_MS });
    const button = lastResponse().locator('.monaco-button', { hasText: 'Set API Key' });
    await button.waitFor({ timeout: 10_000 });
    // The error text stands above the buttons that act on it.
    const errorBox = await lastResponse().getByText(/401/).first().boundingBox();
    const buttonBox = await button.boundingBox();
    const where = `error ${JSON.stringify(errorBox)}, button ${JSON.stringify(buttonBox)}`;
    assert.ok(errorBox && buttonBox && errorBox.y + errorBox.height <= buttonBox.y + 1, where);
    await e2e.workbench.screenshot(join(e2e.shots, 'native-chat-401.png'));
    assert.equal(await lastResponse().locator('.monaco-button', { hasText: 'Show Logs' }).count(), 1);
    await button.click();
    await e2e.workbench.answerQuickInput('Set API Key', E2E_KEY_2);
    await eventually(() => e2e.you.requests.some((r) => r.headers.authorization === `Bearer ${E2E_KEY_2}`), 'the new key to be checked');
    const sent = await askInNativeChat('Is my new key good?');
    assert.equal(sent.authorization, `Bearer ${E2E_KEY_2}`);
    await lastResponse().locator('.rendered-markdown', { hasText: 'That is all it takes' }).waitFor({ timeout: ANSWER_MS });
  }));

  test('cancel in the Chat view closes the HTTP stream to the server', T, keepOnFailure(async () => {
    await askInNativeChat('[scenario:stall] a long answer');
    // Half the answer arrives, then the server stalls (for 30 s) until the client gives up.
    await lastResponse().locator('.rendered-markdown', { hasText: 'Server-sent events' }).waitFor({ timeout: 30_000 });
    assert.equal(e2e.you.closedByClient.length, 0);
    const stop = '.interactive-input-part .action-label.codicon-stop-circle, .interactive-input-part .action-label[aria-label^="Cancel"]';
    await page().locator(stop).first().click();
    const closed = await eventually(() => e2e.you.closedByClient.find((i) => i.includes('a long answer')), 'the server to see the stream closed', 10_000);
    assert.ok(closed);
  }));
});
