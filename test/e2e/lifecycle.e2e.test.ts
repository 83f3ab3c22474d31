import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { Workbench } from '../harness/workbench';
import { givenKey } from './given';
import { eventually, readLogs, startE2E, type E2E } from './setup';

/**
 * No user action loses a turn: New chat while an answer streams, a window reload mid-answer, and
 * two windows on one profile asking at once. Answers are slow here (80 ms per delta) so there is
 * time to act while they stream.
 */
let e2e: E2E;
const T = { timeout: 180_000 };

before(async () => {
  e2e = await startE2E('lifecycle', {}, { deltaDelayMs: 80 });
}, { timeout: 600_000 });
after(() => e2e?.close());

async function ask(chat: Frame, text: string): Promise<void> {
  const input = chat.locator('.composer-input');
  await input.fill(text);
  await input.press('Enter');
}

/** A new chat with the express agent, where `question` has been answered. */
async function answeredInNewChat(question: string): Promise<Frame> {
  const chat = await givenKey(e2e);
  await e2e.workbench.runCommand('You.com: New Chat');
  await chat.locator('.agent-select').selectOption('you:express');
  await ask(chat, question);
  await chat.locator('.turn[data-status="done"]', { hasText: question }).waitFor({ timeout: 60_000 });
  return chat;
}

/** Waits until the turn asking `question` shows some streamed text. */
async function streaming(chat: Frame, question: string): Promise<void> {
  const turn = chat.locator('.turn', { hasText: question });
  await turn.and(chat.locator('.turn[data-status="streaming"]')).waitFor({ timeout: 30_000 });
  await eventually(async () => (await turn.locator('.answer').innerText()).length > 20, `text streaming for "${question}"`);
}

/** The titles Show History lists. */
async function historyTitles(workbench: Workbench): Promise<string[]> {
  await workbench.runCommand('You.com: Show History');
  const rows = workbench.page.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ timeout: 10_000 });
  const titles = (await rows.allInnerTexts()).map((text) => text.trim());
  await workbench.page.keyboard.press('Escape');
  return titles;
}

async function openFromHistory(workbench: Workbench, title: string): Promise<void> {
  await workbench.runCommand('You.com: Show History');
  await workbench.answerQuickInput('Chat history', title);
}

describe('no user action loses a turn', () => {
  test('New chat while an answer streams: both conversations are in history, the first with its partial answer', T, async () => {
    let chat = await givenKey(e2e);
    await e2e.workbench.runCommand('You.com: New Chat');
    await chat.locator('.agent-select').selectOption('you:express');
    await ask(chat, 'Lifecycle one: a long answer please');
    await streaming(chat, 'Lifecycle one');
    await e2e.workbench.runCommand('You.com: New Chat');
    chat = await e2e.workbench.openChatView();
    await eventually(async () => (await chat.locator('.turn').count()) === 0, 'an empty chat');
    // Send is back: the stopped run no longer owns the composer.
    await chat.locator('.composer .send').waitFor();
    await ask(chat, 'Lifecycle two: short');
    await chat.locator('.turn[data-status="done"]', { hasText: 'Lifecycle two' }).waitFor({ timeout: 60_000 });
    const titles = await historyTitles(e2e.workbench);
    assert.ok(titles.some((t) => t.startsWith('Lifecycle one')), `history has the interrupted chat: ${titles.join(' | ')}`);
    assert.ok(titles.some((t) => t.startsWith('Lifecycle two')));
    await openFromHistory(e2e.workbench, 'Lifecycle one');
    chat = await e2e.workbench.openChatView();
    const first = chat.locator('.turn', { hasText: 'Lifecycle one' });
    await first.and(chat.locator('.turn[data-status="stopped"]')).waitFor();
    assert.ok(((await first.locator('.answer').textContent()) ?? '').length > 20, 'the partial answer was kept');
  });

  test('a window reload mid-answer: the question and the partial answer come back, marked interrupted', T, async () => {
    let chat = await givenKey(e2e);
    await e2e.workbench.runCommand('You.com: New Chat');
    // The advanced agent's long report streams for many seconds: the reload lands mid-answer.
    await chat.locator('.agent-select').selectOption('you:advanced');
    await ask(chat, 'Lifecycle reload: keep this answer');
    await streaming(chat, 'Lifecycle reload');
    const before = chat.locator('.turn', { hasText: 'Lifecycle reload' }).locator('.answer');
    await eventually(async () => (await before.innerText()).length > 300, 'a few seconds of answer');
    await e2e.workbench.load();
    chat = await e2e.workbench.openChatView();
    const turn = chat.locator('.turn', { hasText: 'Lifecycle reload' });
    await turn.and(chat.locator('.turn[data-status="interrupted"]')).waitFor({ state: 'attached', timeout: 30_000 });
    // Checkpoints come every 2 s, so what was on screen at least a checkpoint ago is kept.
    assert.ok((await turn.locator('.answer').textContent())!.length > 100, 'the partial answer survived the reload');
    await turn.locator('button', { hasText: 'Retry' }).waitFor({ state: 'attached' });
    await chat.locator('.agent-select').selectOption('you:express');
  });

  test('a reload: the chat view opens on the page the last window kept, before the rest loads, and nothing repaints it', T, async () => {
    let chat = await givenKey(e2e);
    await e2e.workbench.runCommand('You.com: New Chat');
    await chat.locator('.agent-select').selectOption('you:express');
    const kept = () => readLogs(e2e.profile).extension.split("kept the chat's first page").length;
    const keptBefore = kept();
    await ask(chat, 'Kept page: a short answer');
    await chat.locator('.turn[data-status="done"]', { hasText: 'Kept page' }).waitFor({ timeout: 60_000 });
    await eventually(() => kept() > keptBefore, 'the first page kept after the answer');
    const opened = () => readLogs(e2e.profile).extension.match(/opened on the page the last window kept; (\d+) message/g) ?? [];
    const openedBefore = opened().length;
    await e2e.workbench.load();
    // The view's own focus command (VS Code's, not ours): nothing has loaded the rest before the view asks for its page.
    chat = await e2e.workbench.openChatView();
    await chat.locator('.turn[data-status="done"]', { hasText: 'Kept page' }).waitFor({ timeout: 30_000 });
    const lines = await eventually(() => (opened().length > openedBefore ? opened() : undefined), 'the view adopted by the rest');
    assert.match(lines.at(-1)!, /kept; 0 message/, 'the restored chat equals the kept page: no message repainted it');
    // The adopted page works: a second question is answered in the same conversation.
    await ask(chat, 'Kept page: a follow-up');
    await chat.locator('.turn[data-status="done"]', { hasText: 'follow-up' }).waitFor({ timeout: 60_000 });
    assert.equal(await chat.locator('.turn').count(), 2);
  });

  test('closing and reopening the side bar keeps the chat as it was: the same page, with its unsent draft', T, async () => {
    let chat = await answeredInNewChat('Kept while hidden: a short answer');
    // A draft, and a mark on the page itself: a page written again has neither.
    await chat.locator('.composer-input').fill('an unsent draft');
    await chat.evaluate(() => ((window as unknown as { samePage?: boolean }).samePage = true));
    await e2e.workbench.runCommand('View: Close Primary Side Bar');
    await eventually(async () => (await e2e.workbench.chatFrames('sidebar')).length === 0, 'the chat hidden');
    chat = await e2e.workbench.openChatView();
    assert.equal(await chat.evaluate(() => (window as unknown as { samePage?: boolean }).samePage), true, 'the page was kept while hidden, not written again');
    assert.equal(await chat.locator('.composer-input').inputValue(), 'an unsent draft');
    assert.equal(await chat.locator('.turn', { hasText: 'Kept while hidden' }).count(), 1);
  });

  test('two windows on one profile ask in the same conversation: after reloads, no turn is lost', T, async () => {
    let chatA = await answeredInNewChat('Window A first');
    // A second browser window on the same profile and folder restores the same conversation.
    const second = await Workbench.open(e2e.workbench.page.url());
    try {
      let chatB = await givenKey({ ...e2e, workbench: second });
      await openFromHistory(second, 'Window A first');
      await chatB.locator('.turn', { hasText: 'Window A first' }).waitFor({ state: 'attached', timeout: 30_000 });
      await ask(chatB, 'Window B asks');
      await ask(chatA, 'Window A again');
      await chatB.locator('.turn[data-status="done"]', { hasText: 'Window B asks' }).waitFor({ state: 'attached', timeout: 60_000 });
      await chatA.locator('.turn[data-status="done"]', { hasText: 'Window A again' }).waitFor({ state: 'attached', timeout: 60_000 });
      await second.load();
      chatB = await second.openChatView();
      for (const question of ['Window A first', 'Window B asks', 'Window A again']) {
        await chatB.locator('.turn', { hasText: question }).waitFor({ state: 'attached', timeout: 30_000 });
      }
    } finally {
      await second.close();
    }
    await e2e.workbench.load();
    chatA = await e2e.workbench.openChatView();
    for (const question of ['Window A first', 'Window B asks', 'Window A again']) {
      await chatA.locator('.turn', { hasText: question }).waitFor({ state: 'attached', timeout: 30_000 });
    }
  });
});

