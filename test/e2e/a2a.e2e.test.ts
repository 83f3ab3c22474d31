import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { sentMessages, startA2aServer, type A2aTestServer } from '../servers/a2a';
import { freePort } from '../servers/ports';
import { givenAgent, givenChatView, givenNewChat } from './given';
import { eventually, startE2E, type E2E } from './setup';

/**
 * A2A agents through the same chat, in real VS Code, against agents built on the official SDK's
 * own server (test/servers/a2a.ts). No You.com key is needed. Each test starts its own
 * conversation, so any one can run alone.
 */
let e2e: E2E;
let a2a: A2aTestServer;
/** Its card names its interface at http://localhost:PORT, while the user configured http://127.0.0.1:PORT: another origin. */
let elsewhere: A2aTestServer;
let chat: Frame;
const T = { timeout: 120_000 };

before(async () => {
  a2a = await startA2aServer({ chunkDelayMs: 20 });
  const port = await freePort();
  elsewhere = await startA2aServer({ port, interfaceOrigin: `http://localhost:${port}`, chunkDelayMs: 5 });
  const offline = `http://127.0.0.1:${await freePort()}`;
  e2e = await startE2E('a2a', {
    'youAgents.agentServers': [
      { name: 'echo', url: a2a.agents.echo },
      { name: 'asker', url: a2a.agents.asker, protocol: 'a2a' },
      { name: 'slow', url: a2a.agents.slow },
      { name: 'offline', url: offline },
      { name: 'elsewhere', url: elsewhere.agents.echo },
    ],
  });
  await givenChatView(e2e);
  await e2e.workbench.widenSideBar(560);
}, { timeout: 600_000 });
after(async () => {
  await e2e?.close();
  await a2a?.close();
  await elsewhere?.close();
});

const turns = () => chat.locator('.turn');
const lastTurn = () => turns().last();
async function ask(agentId: string, text: string, status = 'done') {
  await givenAgent(e2e, chat, agentId);
  const before = await turns().count();
  await chat.locator('.composer-input').fill(text);
  await chat.locator('.composer-input').press('Enter');
  await eventually(async () => (await turns().count()) > before, 'the new turn');
  await lastTurn().and(chat.locator(`.turn[data-status="${status}"]`)).waitFor({ timeout: 30_000 });
}
const sent = () => sentMessages(a2a);

describe('A2A agents in real VS Code', () => {
  test('the picker lists each A2A server by its name with its card, an unreachable one as unavailable; Select Agent and the status bar follow', T, async () => {
    chat = await givenChatView(e2e);
    const group = chat.locator('.agent-select optgroup[label="A2A"] option');
    await eventually(async () => (await group.count()) === 5, 'the A2A agents in the picker');
    assert.deepEqual((await group.allInnerTexts()).map((t) => t.trim()), ['echo', 'asker', 'slow', 'offline (unavailable)', 'elsewhere']);
    assert.match((await chat.locator('option[value="a2a:echo"]').getAttribute('title')) ?? '', /Streams your message back in chunks/);
    assert.equal(await chat.locator('option[value="a2a:offline"]').isDisabled(), true);
    // Select Agent (the status bar item's command) lists them too, and the status bar names the pick.
    const page = e2e.workbench.page;
    const item = page.locator('.statusbar-item', { has: page.locator('.codicon-hubot') });
    await item.click();
    await e2e.workbench.answerQuickInput('Select an agent', 'asker');
    await eventually(async () => /asker/.test(await item.innerText()), 'the status bar names the A2A agent');
    await eventually(async () => (await chat.locator('.agent-select').inputValue()) === 'a2a:asker', 'the chat follows the pick');
  });

  test('an answer streams in artifact chunks; a follow-up goes to the same context', T, async () => {
    chat = await givenNewChat(e2e);
    const before = sent().length;
    await ask('a2a:echo', 'What is **A2A**, in one line?');
    const answer = lastTurn().locator('.answer');
    assert.match(await answer.innerText(), /Echo: What is A2A, in one line\?[\s\S]*turn 1 of this conversation/);
    assert.equal(await answer.locator('strong').innerText(), 'A2A', 'the chunks render as Markdown');
    assert.equal(await lastTurn().locator('.agent-label').innerText(), 'echo');
    await ask('a2a:echo', 'And a follow-up');
    assert.match(await lastTurn().locator('.answer').innerText(), /Echo: And a follow-up[\s\S]*turn 2 of this conversation/);
    await e2e.workbench.screenshot(`${e2e.shots}/a2a.png`);
    const [first, second] = sent().slice(before);
    assert.equal(first?.method, 'SendStreamingMessage');
    assert.equal(first?.message.contextId, undefined, 'the first message lets the server make the context');
    assert.ok(second?.message.contextId, 'the follow-up names a context');
    assert.equal(second?.message.parts[0]?.text, 'And a follow-up', 'a follow-up in a context sends only the question');
  });

  test('history lists the A2A conversation with its agent; reopened, a follow-up continues the same context', T, async () => {
    chat = await givenNewChat(e2e);
    await ask('a2a:echo', 'Remember this A2A chat');
    assert.match(await lastTurn().locator('.answer').innerText(), /turn 1 of this conversation/);
    await givenNewChat(e2e);
    await e2e.workbench.runCommand('You.com: Show History');
    const widget = e2e.workbench.page.locator('.quick-input-widget');
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Remember this A2A chat' }).first();
    await row.waitFor({ timeout: 10_000 });
    assert.match((await row.innerText()).replace(/\s+/g, ' '), /echo/, 'the row names the agent');
    await e2e.workbench.answerQuickInput('Chat history', 'Remember this A2A chat');
    chat = await givenChatView(e2e);
    await eventually(async () => (await turns().count()) === 1, 'the reopened chat');
    await ask('a2a:echo', 'Back again');
    assert.match(await lastTurn().locator('.answer').innerText(), /Echo: Back again[\s\S]*turn 2 of this conversation/, 'the saved context id was sent');
  });

  test('the input-required agent asks in the conversation and resumes the same task in the same context', T, async () => {
    chat = await givenNewChat(e2e);
    const before = sent().length;
    await ask('a2a:asker', 'Greet me', 'awaiting');
    const box = lastTurn().locator('.await-box');
    assert.match(await box.innerText(), /What is your name\?/);
    await box.locator('textarea').fill('Ada');
    await box.locator('textarea').press('Enter');
    await lastTurn().and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 30_000 });
    assert.match(await lastTurn().locator('.answer').innerText(), /Ada[\s\S]*Hello, Ada!/);
    const [asked, answered] = sent().slice(before);
    assert.equal(answered?.message.parts[0]?.text, 'Ada');
    assert.ok(answered?.message.taskId, 'the answer names the waiting task');
    assert.ok(answered?.message.contextId, 'and its context');
    assert.equal(asked?.message.taskId, undefined);
  });

  test('Stop sends CancelTask: the server sees it, the run ends stopped, the partial answer stays', T, async () => {
    chat = await givenNewChat(e2e);
    const cancelledBefore = a2a.cancelled.length;
    await ask('a2a:slow', 'write slowly', 'streaming');
    await eventually(async () => /word3/.test(await lastTurn().locator('.answer').innerText()), 'some words');
    await chat.locator('.composer .stop').click();
    await lastTurn().and(chat.locator('.turn[data-status="stopped"]')).waitFor();
    await eventually(() => a2a.cancelled.length > cancelledBefore, 'CancelTask seen by the executor');
    const cancel = a2a.requests.find((r) => (r.body as { method?: string } | undefined)?.method === 'CancelTask');
    assert.ok(cancel, 'a JSON-RPC CancelTask request');
    assert.match(await lastTurn().locator('.answer').innerText(), /word1 word2 word3/);
  });

  test('a card whose interface is on another origin: a modal asks first, nothing goes there before the yes, and it is asked once', T, async () => {
    chat = await givenNewChat(e2e);
    await givenAgent(e2e, chat, 'a2a:elsewhere');
    const posts = () => elsewhere.requests.filter((r) => r.method === 'POST').length;
    assert.equal(posts(), 0);
    await chat.locator('.composer-input').fill('Hello over there');
    await chat.locator('.composer-input').press('Enter');
    const dialog = e2e.workbench.page.locator('.monaco-dialog-box');
    const origin = `http://localhost:${new URL(elsewhere.url).port}`;
    await dialog.locator('.dialog-message-text', { hasText: origin }).waitFor({ timeout: 15_000 });
    assert.match(await dialog.locator('.dialog-message-text').innerText(), /"elsewhere" \(http:\/\/127\.0\.0\.1:\d+\/echo\)/);
    assert.equal(posts(), 0, 'no question before the answer');
    await dialog.getByRole('button', { name: 'Send Questions There', exact: true }).click();
    await lastTurn().and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 30_000 });
    assert.match(await lastTurn().locator('.answer').innerText(), /Echo: Hello over there/);
    assert.equal(posts(), 1);
    // Remembered: the follow-up is sent without asking again.
    await ask('a2a:elsewhere', 'Again');
    assert.equal(await dialog.count(), 0);
    assert.match(await lastTurn().locator('.answer').innerText(), /Echo: Again[\s\S]*turn 2 of this conversation/);
  });
});
