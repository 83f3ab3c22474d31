import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { sentMessages, startA2aServer, type A2aTestServer } from '../servers/a2a';
import { freePort } from '../servers/ports';
import { givenAgent, givenKey, givenNoEditors } from './given';
import { eventually, readLogs, startE2E, type E2E } from './setup';

/**
 * Agent servers in VS Code's own Chat view (code-server 4.139.1, no Copilot): the agent the user
 * picked answers `@you` there with its own model preselected, and a picked agent the Chat view does
 * not offer now (its server unreachable) is asked in the You.com chat instead, which says so. The
 * question goes to no other agent. A You.com key is stored in every test, so a question that went
 * to You.com instead would reach the test server.
 */
let e2e: E2E;
let a2a: A2aTestServer;
const T = { timeout: 300_000 };
const ANSWER_MS = 120_000;

before(async () => {
  a2a = await startA2aServer({ chunkDelayMs: 5 });
  const gone = `http://127.0.0.1:${await freePort()}`;
  e2e = await startE2E(
    'native-chat-agents',
    {
      'chat.disableAIFeatures': false,
      'youAgents.defaultAgent': 'a2a:gone',
      'youAgents.preferNativeChat': true,
      'youAgents.agentServers': [
        { name: 'echo', url: a2a.agents.echo },
        { name: 'gone', url: gone },
      ],
    },
    {},
    { workspaceFiles: { 'pick.ts': 'export const x = 1;\nexport const y = 2;\nexport const z = 3;\n' } },
  );
}, { timeout: 600_000 });
after(async () => {
  await e2e?.close();
  await a2a?.close();
});

const page = () => e2e.workbench.page;
const lastResponse = () => page().locator('.interactive-session').first().locator('.interactive-item-container.interactive-response').last();
/** The texts of the messages the A2A server was sent. */
const sentTexts = () => sentMessages(a2a).map(({ message }) => message.parts.map((p) => p.text ?? '').join(''));
/** Requests to the You.com test server that carried `text` (none should). */
const toYou = (text: string) => e2e.you.requests.filter((r) => JSON.stringify(r.body ?? '').includes(text));

/** A key stored and the chat view with `agentId` picked (its card read, so VS Code Chat offers it as a model). */
async function givenPicked(agentId: string): Promise<Frame> {
  const chat = await givenKey(e2e);
  await eventually(() => readLogs(e2e.profile).extension.includes('VS Code Chat: participant registered'), 'the participant', 30_000);
  await givenAgent(e2e, chat, agentId);
  return chat;
}

/** Lines 1-2 of pick.ts selected in its editor. */
async function givenSelection(): Promise<void> {
  await givenNoEditors(e2e);
  await e2e.workbench.openFile('pick.ts', 1);
  for (let i = 0; i < 2; i++) await page().keyboard.press('Shift+ArrowDown');
}

describe('agent servers in VS Code Chat', () => {
  // First: the picker cannot pick an agent that is unavailable, so this starts from the default, which a new profile has picked.
  test('the picked agent\'s server is unreachable: Ask in VS Code Chat asks in the You.com chat, which says so; no dialog, no other agent', T, async () => {
    const chat = await givenKey(e2e);
    await eventually(async () => (await chat.locator('.agent-select').inputValue()) === 'a2a:gone', 'the default agent a2a:gone picked');
    const before = sentTexts().length;
    await e2e.workbench.runCommand('You.com: Ask in VS Code Chat');
    await e2e.workbench.answerQuickInput('Ask in VS Code Chat', 'Is anyone there?');
    const turn = chat.locator('.turn').last();
    await eventually(async () => /Is anyone there\?/.test(await turn.innerText()), 'the question in the You.com chat', 30_000);
    await turn.getByText(/The agent is unavailable/).waitFor({ timeout: 30_000 });
    assert.equal(await page().locator('.monaco-dialog-box').count(), 0, 'no error dialog from VS Code');
    assert.equal(sentTexts().length, before, 'nothing went to the other agent server');
    assert.deepEqual(toYou('Is anyone there?'), [], 'nor to You.com');
    assert.match(readLogs(e2e.profile).extension, /VS Code Chat cannot ask a2a:gone now; not asked there/);
    await e2e.workbench.screenshot(join(e2e.shots, 'native-chat-unoffered-agent.png'));
  });

  test('Ask about Selection, VS Code Chat preferred: the picked A2A agent, its model preselected, answers there; nothing to You.com', T, async () => {
    await givenPicked('a2a:echo');
    await givenSelection();
    await e2e.workbench.runCommand('You.com: Ask about Selection…');
    await e2e.workbench.answerQuickInput('Ask about selection', 'What is y?');
    const asked = await eventually(() => sentTexts().find((t) => t.includes('What is y?')), 'the selection at the A2A server', 30_000);
    assert.match(asked, /export const x = 1;\nexport const y = 2;/);
    await lastResponse().locator('.rendered-markdown', { hasText: /Echo: .*What is y\?/s }).waitFor({ timeout: ANSWER_MS });
    await e2e.workbench.screenshot(join(e2e.shots, 'native-chat-a2a.png'));
    assert.deepEqual(toYou('What is y?'), []);
    const posts = a2a.requests.filter((r) => r.method === 'POST');
    assert.ok(posts.length > 0 && posts.every((r) => r.headers.authorization === undefined), 'no credential goes to the agent server');
  });

  test('Ask in VS Code Chat asks the agent picked in the side bar (not the default one), its model preselected', T, async () => {
    await givenPicked('a2a:echo');
    await e2e.workbench.runCommand('You.com: Ask in VS Code Chat');
    await e2e.workbench.answerQuickInput('Ask in VS Code Chat', 'Hello over A2A');
    // The Chat view's earlier turns go along as context before the question.
    await eventually(() => sentTexts().some((text) => text.endsWith('Hello over A2A')), 'the question at the picked agent', 30_000);
    await lastResponse().locator('.rendered-markdown', { hasText: /Echo: .*Hello over A2A/s }).waitFor({ timeout: ANSWER_MS });
    assert.deepEqual(toYou('Hello over A2A'), []);
  });
});
