import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { givenAgent, givenChatView, givenKey, givenNewChat } from './given';
import { eventually, startE2E, type E2E } from './setup';

/**
 * Living in a conversation: edit and resend, regenerate and switch answers, rename, delete,
 * full-text search from Show History, the keybindings and the status bar item. Every test
 * sets up its own key, agent and conversation, so each runs alone.
 */
let e2e: E2E;
const T = { timeout: 180_000 };

before(
  async () => {
    e2e = await startE2E('conversations');
    await givenChatView(e2e);
    await e2e.workbench.widenSideBar(560);
  },
  { timeout: 600_000 },
);
after(() => e2e?.close());

const turns = (chat: Frame) => chat.locator('.turn');
const inputs = () => e2e.you.requests.map((r) => (r.body as { input?: string } | undefined)?.input).filter((i): i is string => typeof i === 'string');

/** Asks in the composer and waits until that question's turn is done. */
async function ask(chat: Frame, text: string): Promise<void> {
  const before = await turns(chat).count();
  const input = chat.locator('.composer-input');
  await input.fill(text);
  await input.press('Enter');
  await eventually(async () => (await turns(chat).count()) > before, `the turn for "${text}"`);
  await turns(chat).last().and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 30_000 });
}

/** A fresh chat with a key and `agentId` selected. */
async function givenFreshChat(agentId = 'you:express'): Promise<Frame> {
  await givenKey(e2e);
  const chat = await givenNewChat(e2e);
  await givenAgent(e2e, chat, agentId);
  return chat;
}

/** The rows Show History lists after typing `query` (empty: the whole list); the picker is closed again. */
async function historyRows(query = '', expectAtLeastOne = true): Promise<string[]> {
  const page = e2e.workbench.page;
  await e2e.workbench.runCommand('You.com: Show History');
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: 'Chat history' }).waitFor({ timeout: 10_000 });
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  if (query) {
    await widget.locator('input').fill(query);
    // The search runs after a short pause in typing; its rows show the snippet where the words were found.
    const hits = widget.locator('.quick-input-list .monaco-list-row', { hasText: query });
    await eventually(async () => (await hits.count()) > 0 || !expectAtLeastOne, 'search hits');
  } else if (expectAtLeastOne) await rows.first().waitFor({ timeout: 10_000 });
  const texts = (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  await page.keyboard.press('Escape');
  return texts;
}

describe('conversations people live in', () => {
  test('edit and resend: the question is replaced, later turns go (the view says so first), history agrees', T, async () => {
    const chat = await givenFreshChat();
    await ask(chat, 'Edit test first question');
    await ask(chat, 'Edit test second question');
    await ask(chat, 'Edit test third question');
    const second = turns(chat).nth(1);
    await second.locator('.question').hover();
    await second.locator('.question-edit').click();
    assert.match(await second.locator('.edit-note').innerText(), /replaces this answer and the 1 later/);
    await second.locator('.edit-input').fill('Edit test second question, rewritten');
    await second.locator('button[data-edit="send"]').click();
    await eventually(async () => (await turns(chat).count()) === 2, 'the later turn is gone');
    await eventually(() => inputs().at(-1) === 'Edit test second question, rewritten', 'the edited question sent');
    // The turn first shows its old answer, then streams the new one in its place.
    await eventually(async () => /rewritten/.test(await turns(chat).last().locator('.answer').innerText()), 'the new answer');
    await turns(chat).last().and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 30_000 });
    assert.equal(inputs().filter((i) => i.startsWith('Edit test')).length, 4, 'one new run');

    // The saved conversation is the edited one: reopen it from history.
    await givenNewChat(e2e);
    await e2e.workbench.runCommand('You.com: Show History');
    await e2e.workbench.answerQuickInput('Chat history', 'Edit test first question');
    const reopened = await givenChatView(e2e);
    await eventually(async () => (await turns(reopened).count()) === 2, 'the reopened chat has two turns');
    assert.deepEqual(
      (await reopened.locator('.question-text').allTextContents()).map((s) => s.trim()),
      ['Edit test first question', 'Edit test second question, rewritten'],
    );
  });

  test('regenerate with another agent keeps the first answer: 2 of 2, switch back and forth', T, async () => {
    const chat = await givenFreshChat('you:express');
    await ask(chat, 'Regenerate test question');
    const turn = turns(chat).last();
    assert.doesNotMatch(await turn.locator('.answer').innerText(), /Research report/);
    await givenAgent(e2e, chat, 'you:advanced');
    const requests = inputs().length;
    await turn.locator('button[data-turn-action="regenerate"]').click();
    await turn.locator('.answer-version-label', { hasText: '2 of 2' }).waitFor({ timeout: 30_000 });
    await turn.and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 30_000 });
    assert.equal(inputs().length, requests + 1, 'one new run');
    assert.equal(inputs().at(-1), 'Regenerate test question');
    assert.match(await turn.locator('.answer').innerText(), /Research report/);
    await turn.locator('button[data-turn-action="prevAnswer"]').click();
    await turn.locator('.answer-version-label', { hasText: '1 of 2' }).waitFor();
    await eventually(async () => !/Research report/.test(await turn.locator('.answer').innerText()), 'the first answer shows');
    assert.equal((await turn.locator('.agent-label').innerText()).trim(), 'Express');
    await turn.locator('button[data-turn-action="nextAnswer"]').click();
    await turn.locator('.answer-version-label', { hasText: '2 of 2' }).waitFor();
    await eventually(async () => /Research report/.test(await turn.locator('.answer').innerText()), 'the second answer shows again');
    assert.equal(inputs().length, requests + 1, 'switching runs nothing');
    await turn.locator('.answer-tools').scrollIntoViewIfNeeded();
    await e2e.workbench.page.locator('.part.sidebar').screenshot({ path: join(e2e.shots, 'regenerate-versions.png') });
  });

  test('rename and delete the chat from the view; history follows', T, async () => {
    const chat = await givenFreshChat();
    await ask(chat, 'Rename test question');
    await e2e.workbench.runCommand('You.com: Rename Chat…');
    await e2e.workbench.answerQuickInput('Rename chat', 'Renamed by the e2e test');
    await eventually(async () => (await historyRows()).some((row) => row.includes('Renamed by the e2e test')), 'the new name in history');

    await e2e.workbench.runCommand('You.com: Delete Chat…');
    const dialog = e2e.workbench.page.locator('.monaco-dialog-box');
    await dialog.locator('.dialog-message-text', { hasText: 'Renamed by the e2e test' }).waitFor({ timeout: 10_000 });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await eventually(async () => (await turns(chat).count()) === 0, 'the view shows an empty chat');
    assert.ok(!(await historyRows('', false)).some((row) => row.includes('Renamed by the e2e test')), 'gone from history');
  });

  test('search in Show History finds a word that is only in an old answer', T, async () => {
    let chat = await givenFreshChat('you:advanced');
    // The advanced agent's answer has a "Findings" section; no question or title says that word.
    await ask(chat, 'Search test old research');
    chat = await givenNewChat(e2e);
    await givenAgent(e2e, chat, 'you:express');
    await ask(chat, 'Search test newer express');
    const rows = await historyRows('Findings');
    assert.ok(rows.some((row) => row.includes('Search test old research')), `the old chat is found: ${rows.join(' | ')}`);
    assert.ok(!rows.some((row) => row.includes('Search test newer express')), 'the chat without the word is not');
    // Open the hit: Enter once the search has listed it.
    await e2e.workbench.runCommand('You.com: Show History');
    const widget = e2e.workbench.page.locator('.quick-input-widget');
    await widget.locator('input').fill('Findings');
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Search test old research' }).waitFor({ timeout: 15_000 });
    await widget.locator('input').press('Enter');
    const opened = await givenChatView(e2e);
    await opened.locator('.question-text', { hasText: 'Search test old research' }).waitFor({ timeout: 15_000 });
  });

  test('keybindings focus the composer and start a new chat; the status bar shows the agent and picks another', T, async () => {
    const chat = await givenFreshChat('you:express');
    await ask(chat, 'Keyboard test question');
    const page = e2e.workbench.page;
    // Focus the editor area first, so the chord has to move focus into the webview.
    await page.locator('.part.editor').click({ position: { x: 50, y: 50 } });
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Control+y');
    await eventually(() => chat.evaluate(() => document.activeElement?.classList.contains('composer-input') ?? false), 'the composer has focus');
    // Ctrl+L while the chat has focus: a new, empty chat.
    await page.keyboard.press('Control+l');
    await eventually(async () => (await turns(chat).count()) === 0, 'a new chat').catch(async (err: unknown) => {
      await e2e.workbench.screenshot('/tmp/ctrl-l.png');
      throw err;
    });

    const item = page.locator('.statusbar-item', { has: page.locator('.codicon-hubot') });
    await eventually(async () => /Express/.test(await item.innerText()), 'the status bar names the agent');
    await item.click();
    await e2e.workbench.answerQuickInput('Select an agent', 'Advanced');
    await eventually(async () => /Advanced/.test(await item.innerText()), 'the status bar follows the pick');
    await eventually(async () => (await chat.locator('.agent-select').inputValue()) === 'you:advanced', 'the chat follows the pick');
  });
});
