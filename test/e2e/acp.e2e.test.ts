import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { startAcpServer, type AcpTestServer } from '../servers/acp-server';
import { freePort } from '../servers/ports';
import { givenAgent, givenChatView, givenNewChat } from './given';
import { eventually, startE2E, type E2E } from './setup';

/**
 * ACP agents through the same UI, in real VS Code, against the local ACP test server. No You.com
 * key is needed: ACP agents make the chat ready. Each test starts its own conversation, so any one can run alone.
 */
let e2e: E2E;
let acp: AcpTestServer;
let chat: Frame;
const T = { timeout: 120_000 };

before(async () => {
  acp = await startAcpServer({ partDelayMs: 5 });
  const offline = `http://127.0.0.1:${await freePort()}`;
  e2e = await startE2E('acp', { 'youAgents.acp.servers': [{ name: 'local', url: acp.url }, { name: 'offline', url: offline }] });
  await givenChatView(e2e);
  await e2e.workbench.widenSideBar(560);
}, { timeout: 600_000 });
after(async () => {
  await e2e?.close();
  await acp?.close();
});

const turns = () => chat.locator('.turn');
const lastTurn = () => turns().last();
let turnsBefore = 0;
async function ask(agentId: string, text: string, status = 'done') {
  await givenAgent(e2e, chat, agentId);
  turnsBefore = await turns().count();
  await chat.locator('.composer-input').fill(text);
  await chat.locator('.composer-input').press('Enter');
  await eventually(async () => (await turns().count()) > turnsBefore, 'the new turn');
  await lastTurn().and(chat.locator(`.turn[data-status="${status}"]`)).waitFor({ timeout: 30_000 });
}
const runRequests = () => acp.requests.filter((r) => r.method === 'POST' && r.path === '/runs');
/** A conversation taller than the view (so it scrolls), of writer answers; bounded. */
async function givenTallConversation() {
  const transcript = chat.locator('.transcript');
  for (let i = 0; i < 4 && !(await transcript.evaluate((el) => el.scrollHeight > el.clientHeight + 400)); i++) {
    await ask('acp:local/writer', 'A long answer first, so the conversation scrolls');
  }
}

describe('ACP agents in real VS Code', () => {
  test('the picker lists every agent of a reachable server, and an unreachable server as unavailable', T, async () => {
    chat = await givenChatView(e2e);
    await eventually(async () => (await chat.locator('.agent-select option').count()) >= 8, 'the ACP agents in the picker');
    const groups = await chat.locator('.agent-select optgroup').evaluateAll((g) => g.map((x) => x.getAttribute('label')));
    assert.deepEqual(groups, ['You.com', 'ACP · local', 'ACP · offline']);
    const local = await chat.locator('optgroup[label="ACP · local"] option').allInnerTexts();
    assert.deepEqual(local, ['echo', 'writer', 'asker', 'failing', 'slow']);
    assert.match((await chat.locator('optgroup[label="ACP · local"] option[value="acp:local/writer"]').getAttribute('title')) ?? '', /citations/);
    const offline = chat.locator('optgroup[label="ACP · offline"] option');
    assert.match(await offline.innerText(), /offline \(unavailable\)/);
    assert.equal(await offline.isDisabled(), true);
  });

  test('a streamed ACP answer with its citations and research steps', T, async () => {
    chat = await givenNewChat(e2e);
    await ask('acp:local/writer', 'Explain ACP');
    const answer = lastTurn().locator('.answer');
    assert.equal(await answer.locator('h2').innerText(), 'ACP in one page');
    assert.equal(await answer.locator('table tr').count(), 3);
    assert.deepEqual(await lastTurn().locator('.source-list .source-host').allInnerTexts(), ['agentcommunicationprotocol.dev', 'github.com']);
    assert.match(await answer.innerText(), /diagram\.png/);
    assert.equal(await lastTurn().locator('.agent-label').innerText(), 'writer');
    await e2e.workbench.screenshot(`${e2e.shots}/acp-answer.png`);
  });

  test('a follow-up continues the same ACP session', T, async () => {
    chat = await givenNewChat(e2e);
    await ask('acp:local/echo', 'first');
    assert.match(await lastTurn().locator('.answer').innerText(), /turn 1 of this session/);
    await ask('acp:local/echo', 'second');
    assert.match(await lastTurn().locator('.answer').innerText(), /Echo: second[\s\S]*turn 2 of this session/);
    const [a, b] = runRequests().slice(-2).map((r) => (r.body as { session_id?: string }).session_id);
    assert.ok(b, 'the follow-up names a session');
    assert.equal(a, undefined, 'the first run lets the server create the session');
  });

  test('Stop cancels the run on the server and keeps the partial answer', T, async () => {
    chat = await givenNewChat(e2e);
    await givenTallConversation();
    const cancelledBefore = acp.cancelled.length;
    await ask('acp:local/slow', 'write slowly', 'streaming');
    await eventually(async () => /word3/.test(await lastTurn().locator('.answer').innerText()), 'some words');
    // Scrolling up while it streams stops the follow and offers Jump to latest, which resumes it.
    const transcript = chat.locator('.transcript');
    assert.ok(await transcript.evaluate((el) => el.scrollHeight > el.clientHeight + 200), 'the conversation is taller than the view');
    await transcript.evaluate((el) => el.scrollTo({ top: 0 }));
    const jump = chat.locator('.jump');
    await jump.waitFor({ state: 'visible' });
    assert.equal(await transcript.evaluate((el) => el.scrollTop), 0, 'the stream does not pull the view back down');
    await jump.click();
    await eventually(async () => transcript.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 5), 'the view at the latest text');
    await jump.waitFor({ state: 'hidden' });
    await chat.locator('.composer .stop').click();
    await lastTurn().and(chat.locator('.turn[data-status="stopped"]')).waitFor();
    await eventually(() => acp.cancelled.length > cancelledBefore, 'POST /runs/{id}/cancel on the server');
    assert.match(await lastTurn().locator('.answer').innerText(), /word1 word2 word3/);
  });

  test('an awaiting run asks in the conversation and resumes with the answer', T, async () => {
    chat = await givenNewChat(e2e);
    const requestsBefore = acp.requests.length;
    await ask('acp:local/asker', 'Show me an example', 'awaiting');
    const box = lastTurn().locator('.await-box');
    assert.match(await box.innerText(), /Which language should the example use\?/);
    await box.locator('textarea').fill('Rust');
    await box.locator('textarea').press('Enter');
    await lastTurn().and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 30_000 });
    const answer = await lastTurn().locator('.answer').innerText();
    assert.match(answer, /To tailor the example, I need one detail\.[\s\S]*Rust[\s\S]*Here is the example in Rust/);
    assert.equal(await lastTurn().locator('.code-block[data-language="rust"]').count(), 1);
    const resume = acp.requests.slice(requestsBefore).find((r) => r.method === 'POST' && /^\/runs\/[^/]+$/.test(r.path));
    assert.equal((resume?.body as { await_resume: { message: { parts: { content: string }[] } } }).await_resume.message.parts[0]?.content, 'Rust');
  });

  test('a failing run shows its error with Retry', T, async () => {
    chat = await givenNewChat(e2e);
    await ask('acp:local/failing', 'please fail', 'interrupted');
    const error = lastTurn().locator('.error-box');
    assert.match(await error.innerText(), /local: the agent failed: The agent crashed on purpose \(server_error\)/);
    assert.equal(await error.locator('button', { hasText: 'Retry' }).count(), 1);
    assert.match(await lastTurn().locator('.answer').innerText(), /Starting…/);
  });
});
