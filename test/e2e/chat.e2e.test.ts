import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { givenAgent, givenChatView, givenKey, givenNewChat, givenNoEditors, givenNoExports, givenNoKey } from './given';
import { E2E_KEY, E2E_KEY_2, eventually, readLogs, startE2E, type E2E } from './setup';

/**
 * The extension in real VS Code (code-server 4.139.1), installed from its .vsix, driven through
 * the workbench like a user: palette, quick input, editor selection, the sidebar webview.
 * Each test sets up what it needs with the given* helpers, so any one of them can run alone.
 */
let e2e: E2E;
let chat: Frame;
const T = { timeout: 120_000 };
/** Tests that reload the window take longer on a slow machine (a restarted extension host took over 60 s under load). */
const T_RELOAD = { timeout: 240_000 };

before(
  async () => {
    // VS Code in a browser saves edits after a second by default; the tests decide when files change.
    e2e = await startE2E('chat', { 'files.autoSave': 'off' });
    await givenChatView(e2e);
    await e2e.workbench.widenSideBar(560);
  },
  { timeout: 600_000 },
);
after(() => e2e?.close());

const turns = () => chat.locator('.turn');
const lastTurn = () => turns().last();
let turnsBefore = 0;
/** The question the last ask typed; undefined when a test counts turns itself. */
let asked: string | undefined;
/**
 * Waits until the turn the last ask added (or retried) reaches `status`. The count alone is not
 * enough: a transcript being re-rendered (after Set Key or a new agent) briefly has fewer turns,
 * so the last turn must also be the question just asked.
 */
async function waitStatus(status: string, timeout = 30_000) {
  await eventually(async () => (await turns().count()) > turnsBefore, 'the new turn');
  const question = asked;
  if (question !== undefined) {
    const shown = () => lastTurn().locator('.question-text').innerText({ timeout: 5_000 }).catch(() => '');
    await eventually(async () => (await shown()).includes(question), `the turn of "${question}"`);
  }
  await lastTurn()
    .and(chat.locator(`.turn[data-status="${status}"]`))
    .waitFor({ timeout });
}
async function askInComposer(text: string) {
  turnsBefore = await turns().count();
  asked = text;
  const input = chat.locator('.composer-input');
  await input.fill(text);
  await input.press('Enter');
}
async function askInPalette(text: string) {
  turnsBefore = await turns().count();
  asked = text;
  await e2e.workbench.runCommand('You.com: Ask You.com Agent…');
  await e2e.workbench.answerQuickInput('Ask You.com Agent', text);
}
/** A conversation of two answered questions: one to Express, one cited answer from Advanced. */
async function givenTwoQuestions() {
  await givenAgent(e2e, chat, 'you:express');
  await askInComposer('What is the capital of France?');
  await waitStatus('done');
  await givenAgent(e2e, chat, 'you:advanced');
  await askInComposer('Compare SSE and WebSocket for agent answers');
  await waitStatus('done');
}
const lastRequestInput = () => (e2e.you.requests.at(-1)?.body as { input?: string } | undefined)?.input ?? '';

describe('You.com Agents in real VS Code', () => {
  test('activates without errors; with no key the view welcomes with Set key, Get a key, Try the demo', T, async () => {
    chat = await givenNoKey(e2e);
    assert.deepEqual(await chat.locator('.welcome button').allInnerTexts(), ['Set API key', 'Get a key', 'Try the demo']);
    // The page the user gets carries our CSP: nothing but nonce'd scripts, no eval, no network.
    const csp = (await chat.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9]{16,}'/);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|connect-src/);
    assert.equal(await chat.locator('.chat').isHidden(), true);
    const { extension, host } = readLogs(e2e.profile);
    assert.match(extension, /\[info\] activated/);
    assert.doesNotMatch(extension, /\[error\]/);
    assert.doesNotMatch(host, /Activating extension 'you-agents\.you-agents' failed/);
    assert.deepEqual(await chat.locator('.agent-select option').allInnerTexts(), ['Express', 'Advanced', 'You.com Answer', 'You.com Research']);
  });

  test('a palette ask with no key asks for one (checked by a cheap call), then goes on with the question', T, async () => {
    e2e.you.setApiKey(E2E_KEY);
    chat = await givenNoKey(e2e);
    await givenAgent(e2e, chat, 'you:express');
    await askInPalette('What is the capital of France?');
    await e2e.workbench.answerQuickInput('Set API Key', E2E_KEY);
    await chat.locator('.chat').waitFor();
    await waitStatus('done');
    assert.match(await lastTurn().locator('.answer').innerText(), /What is the capital of France\?/);
    assert.equal(e2e.you.requests.at(-1)?.headers.authorization, `Bearer ${E2E_KEY}`);
    assert.equal((e2e.you.requests.at(-2)?.body as { input?: string }).input, undefined, 'the key check runs no agent');
    // The key lives in SecretStorage only: not in settings, the webview or the log.
    assert.ok(!readFileSync(join(e2e.profile.userDataDir, 'User', 'settings.json'), 'utf8').includes(E2E_KEY));
    assert.ok(!(await chat.content()).includes(E2E_KEY));
    assert.ok(!readLogs(e2e.profile).extension.includes(E2E_KEY));
  });

  test('a revoked key: 401 offers Set API key, and the question retried with the new key succeeds', T, async () => {
    chat = await givenKey(e2e, E2E_KEY);
    await givenAgent(e2e, chat, 'you:express');
    e2e.you.setApiKey(E2E_KEY_2);
    await askInPalette('Is my key still good?');
    await waitStatus('error');
    await lastTurn().locator('.error-message', { hasText: '401' }).waitFor();
    await lastTurn().locator('button', { hasText: 'Set API key' }).click();
    await e2e.workbench.answerQuickInput('Set API Key', E2E_KEY_2);
    await waitStatus('done');
    assert.match(await lastTurn().locator('.answer').innerText(), /Is my key still good\?/);
    assert.equal(e2e.you.requests.at(-1)?.headers.authorization, `Bearer ${E2E_KEY_2}`);
    assert.ok(!readFileSync(join(e2e.profile.userDataDir, 'User', 'settings.json'), 'utf8').includes(E2E_KEY_2));
  });

  test('palette ask streams the answer into the webview', T, async () => {
    chat = await givenKey(e2e);
    await givenAgent(e2e, chat, 'you:express');
    await askInPalette('How do I read a stream in Node?');
    await waitStatus('done');
    const answer = lastTurn().locator('.answer');
    assert.equal(await answer.locator('h4').innerText(), 'How do I read a stream in Node?');
    assert.equal(await answer.locator('.code-block[data-language="typescript"]').count(), 1);
    assert.match(await chat.locator('[aria-live="polite"]').innerText(), /^Answer finished\./);
    await e2e.workbench.screenshot(join(e2e.shots, 'palette-answer.png'));
  });

  test('sidebar ask with the advanced agent: cited answer, sources listed, citation opens only through the host', T, async () => {
    chat = await givenKey(e2e);
    await givenAgent(e2e, chat, 'you:advanced');
    await askInComposer('Compare SSE and WebSocket for agent answers');
    await waitStatus('done');
    const sources = lastTurn().locator('.source-list li');
    assert.equal(await sources.count(), 4);
    assert.match(await sources.first().innerText(), /Using server-sent events[\s\S]*developer\.mozilla\.org/);
    assert.ok((await lastTurn().locator('.answer a.cite').count()) >= 4);
    assert.equal(
      await lastTurn().locator('.answer a.cite[data-cite="1"]').first().getAttribute('title'),
      'Using server-sent events - Web APIs | MDN — developer.mozilla.org',
    );
    const body = e2e.you.requests.at(-1)?.body as { agent: string; tools: unknown };
    assert.equal(body.agent, 'advanced');
    assert.deepEqual(body.tools, [{ type: 'research', search_effort: 'auto', report_verbosity: 'medium' }]);
    await e2e.workbench.screenshot(join(e2e.shots, 'sidebar-cited-answer.png'));
    // A citation click goes to the host, which asks VS Code to open the http(s) URL.
    await lastTurn().locator('.answer a.cite[data-cite="1"]').click();
    const dialog = e2e.workbench.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), /developer\.mozilla\.org/);
    await e2e.workbench.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  test('hostile server content is shown inert: nothing runs, loads or navigates', T, async () => {
    chat = await givenKey(e2e);
    await givenAgent(e2e, chat, 'you:express');
    await askInComposer('[scenario:hostile] show me');
    await waitStatus('done');
    const answer = lastTurn().locator('.answer');
    assert.equal(await answer.locator('script, img, svg, iframe, [onerror], [onload], [onmouseover]').count(), 0);
    const hrefs = await lastTurn()
      .locator('a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.length >= 3);
    for (const href of hrefs) assert.match(String(href), /^https:\/\//, `unsafe link ${href}`);
    // The raw markup shows as text, the dangerous links as plain text.
    assert.match(await answer.innerText(), /<script>window\.__pwned = 'script'<\/script>/);
    await answer.getByText('js link').click();
    await answer.getByText('hover me').hover();
    assert.equal(await chat.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    assert.equal(await e2e.workbench.page.locator('.monaco-dialog-box').count(), 0);
    // Only the safe source of the two is listed.
    assert.deepEqual(
      await lastTurn()
        .locator('.source-list a')
        .evaluateAll((l) => l.map((a) => a.getAttribute('href'))),
      ['https://example.com/safe'],
    );
  });

  test('ask about a selection sends the code with its language, file and lines; copy and insert work', T, async () => {
    const page = e2e.workbench.page;
    chat = await givenKey(e2e);
    await givenAgent(e2e, chat, 'you:express');
    await givenNoEditors(e2e);
    await e2e.workbench.openFile('example.ts', 2);
    const editor = page.locator('.editor-instance .monaco-editor').first();
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowDown');
    turnsBefore = await turns().count();
    asked = 'What does this do?';
    await e2e.workbench.runCommand('You.com: Ask about Selection…');
    await e2e.workbench.answerQuickInput('Ask about selection', 'What does this do?');
    await waitStatus('done');
    const input = lastRequestInput();
    assert.match(input, /^What does this do\?\n\nFile: example\.ts \(lines 2-6\), language: typescript\n\n```typescript\nexport function parseRetryAfter/);
    assert.match(input, /return Number\.isFinite\(seconds\) \? seconds : undefined;\n}\n\n```$/);
    assert.match(await lastTurn().locator('.question-text').innerText(), /What does this do\? — example\.ts:2-6/);
    assert.ok(await page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null), 'the answer did not take focus from the editor');
    await e2e.workbench.screenshot(join(e2e.shots, 'selection-answer.png'));

    const block = lastTurn().locator('.code-block').first();
    const code = await block.locator('code').innerText();
    await block.locator('button[data-code-action="copy"]').click();
    await eventually(async () => (await page.evaluate(() => navigator.clipboard.readText())) === code, 'the code on the clipboard');

    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await block.locator('button[data-code-action="insert"]').click();
    await eventually(
      async () => (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ').includes('parser.feed(decoder.decode(chunk'),
      'the code in the editor',
    );

    await block.locator('button[data-code-action="open"]').click();
    const untitled = page.locator('.tabs-container .tab', { hasText: 'Untitled' });
    await untitled.first().waitFor();
    await eventually(
      async () =>
        (await page.locator('.editor-instance .monaco-editor .view-lines').last().innerText())
          .replace(/\u00a0/g, ' ')
          .includes('const response = await fetch(url'),
      'the code in a new editor',
    );
    assert.match((await page.locator('.statusbar').innerText()).replace(/\s+/g, ' '), /TypeScript/);

    // Leave no dirty editors behind (a later window reload would stop to ask about them): close
    // them all without saving (auto-save is off here, so example.ts on disk stays as it was).
    await givenNoEditors(e2e);
    assert.equal(await page.locator('.tabs-container .tab.dirty').count(), 0, 'no dirty editors');
  });

  test('Stop closes the HTTP stream and keeps the partial answer', T, async () => {
    chat = await givenKey(e2e);
    await givenAgent(e2e, chat, 'you:express');
    await askInComposer('[scenario:stall] stop me');
    await waitStatus('streaming');
    await eventually(async () => (await lastTurn().locator('.answer').innerText()).length > 10, 'some streamed text');
    await chat.locator('.composer .stop').click();
    await waitStatus('stopped');
    await eventually(() => e2e.you.closedByClient.includes('[scenario:stall] stop me'), 'the server to see the stream closed');
    assert.match(await lastTurn().locator('.answer').innerText(), /stop me/);
    assert.match(await lastTurn().locator('.turn-note').innerText(), /Stopped/);
  });

  test('export writes Markdown with the sources', T, async () => {
    await givenKey(e2e);
    chat = await givenNewChat(e2e);
    givenNoExports(e2e);
    await givenTwoQuestions();
    await e2e.workbench.runCommand('You.com: Export Chat as Markdown…');
    await e2e.workbench.answerQuickInput('Export chat as Markdown');
    // Written in one writeFile, which truncates before it writes: wait until the file has content.
    const exported = () => readdirSync(e2e.workspace).find((f) => f.endsWith('.md'));
    const markdown = await eventually(() => {
      const file = exported();
      const text = file ? readFileSync(join(e2e.workspace, file), 'utf8') : '';
      return text || undefined;
    }, 'the exported file');
    const file = exported()!;
    assert.match(markdown, /^# What is the capital of France\?/);
    assert.match(markdown, /## Compare SSE and WebSocket for agent answers\n\n\*\*Agent:\*\* Advanced/);
    // Titles are escaped so they cannot inject Markdown: the `|` of a table cell comes out as `\|`.
    assert.match(markdown, /### Sources\n\n1\. \[Using server-sent events - Web APIs \\\| MDN\]\(https:\/\/developer\.mozilla\.org/);
    assert.ok(!markdown.includes(E2E_KEY));
    // The export opens the file; close it unchanged so a later reload has nothing to ask about.
    await e2e.workbench.page.locator('.tabs-container .tab', { hasText: file }).first().waitFor();
    await e2e.workbench.runCommand('View: Revert and Close Editor');
    await e2e.workbench.page.locator('.tabs-container .tab', { hasText: file }).first().waitFor({ state: 'detached' });
  });

  test('the conversation survives a window reload', T_RELOAD, async () => {
    await givenKey(e2e);
    await givenNoEditors(e2e);
    chat = await givenNewChat(e2e);
    await givenTwoQuestions();
    await e2e.workbench.load();
    chat = await givenChatView(e2e);
    await eventually(async () => (await turns().count()) === 2, 'the restored turns', 120_000);
    assert.match((await turns().first().locator('.question-text').textContent()) ?? '', /What is the capital of France\?/);
    assert.equal(await turns().filter({ hasText: 'Compare SSE and WebSocket' }).locator('.source-list li').count(), 4);
    assert.ok(existsSync(join(e2e.profile.userDataDir, 'User', 'globalStorage', 'you-agents.you-agents', 'history')));
  });

  test('history lists the saved conversation', T, async () => {
    await givenKey(e2e);
    chat = await givenNewChat(e2e);
    await givenAgent(e2e, chat, 'you:express');
    const question = `Which conversation is this? ${Date.now()}`;
    await askInComposer(question);
    await waitStatus('done');
    await e2e.workbench.runCommand('You.com: Show History');
    const row = e2e.workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: question });
    await row.waitFor();
    assert.match(await row.innerText(), /\b1 question\(s\)/);
    await e2e.workbench.page.keyboard.press('Escape');
  });

  test('the chat opens as an editor panel, which is restored after a window reload', T_RELOAD, async () => {
    await givenKey(e2e);
    await givenNoEditors(e2e);
    chat = await givenNewChat(e2e);
    await givenAgent(e2e, chat, 'you:express');
    await askInComposer('What is the capital of France?');
    await waitStatus('done');
    const panel = await e2e.workbench.openChatEditor();
    await eventually(async () => (await panel.locator('.turn').count()) === 1, 'the conversation in the panel');
    const tab = e2e.workbench.page.locator('.tabs-container .tab', { hasText: 'You.com Chat' });
    await tab.waitFor();
    assert.equal((await e2e.workbench.chatFrames('sidebar')).length, 1, 'the side bar view stays next to the panel');
    await e2e.workbench.load();
    await tab.waitFor({ timeout: 30_000 });
    // Selecting the tab (not a toggle) makes sure its webview is shown.
    await tab.click();
    const restored = await e2e.workbench.chatFrame(120_000, 'editor');
    await eventually(async () => (await restored.locator('.turn').count()) === 1, 'the restored panel with the conversation', 60_000);
    assert.match((await restored.locator('.turn .question-text').first().textContent()) ?? '', /What is the capital of France\?/);
  });

  test('after Clear API Key the welcome returns, and Try the demo answers with no key', T, async () => {
    chat = await givenNoKey(e2e);
    await chat.locator('.welcome button', { hasText: 'Try the demo' }).click();
    await chat.locator('.chat .badge', { hasText: 'Demo' }).waitFor();
    const before = e2e.you.requests.length;
    await givenAgent(e2e, chat, 'you:express');
    await askInComposer('Hello demo');
    await waitStatus('done');
    assert.match(await lastTurn().locator('.answer').innerText(), /Hello demo/);
    assert.equal(e2e.you.requests.length, before, 'the embedded demo server answered, not the configured one');
  });
});
