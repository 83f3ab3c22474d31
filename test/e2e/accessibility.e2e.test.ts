import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { THEME_KINDS, givenAgent, givenChatView, givenKey, givenNewChat, givenNoKey, givenTheme } from './given';
import { eventually, startE2E, type E2E } from './setup';

/**
 * Accessibility in real VS Code: axe-core (WCAG 2.1 A and AA rules) run inside the chat webview
 * in each of the four kinds of built-in theme and in each state the chat shows, and a keyboard-only
 * walk that checks where focus lands after every action that removes the focused control.
 */
let e2e: E2E;
let chat: Frame;
const T = { timeout: 300_000 };
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

before(
  async () => {
    e2e = await startE2E('a11y', { 'files.autoSave': 'off' });
    await givenChatView(e2e);
    await e2e.workbench.widenSideBar(560);
  },
  { timeout: 600_000 },
);
after(() => e2e?.close());

const turns = () => chat.locator('.turn');
const lastTurn = () => turns().last();

async function ask(text: string, agentId = 'you:express'): Promise<void> {
  await givenAgent(e2e, chat, agentId);
  const before = await turns().count();
  const input = chat.locator('.composer-input');
  await input.fill(text);
  await input.press('Enter');
  await eventually(async () => (await turns().count()) > before, 'the new turn');
}
const waitStatus = (status: string, timeout = 60_000) => lastTurn().and(chat.locator(`.turn[data-status="${status}"]`)).waitFor({ timeout });

/** axe's WCAG 2.1 A/AA violations in the chat webview, one line per rule and element. */
async function axeViolations(where: string): Promise<string[]> {
  // Evaluated through the debugger protocol, so the webview's CSP (nonce'd scripts only) does not apply.
  if (!(await chat.evaluate(() => 'axe' in window))) await chat.evaluate(AXE_SOURCE);
  const violations = await chat.evaluate(async (tags) => {
    type AxeResult = { violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[] };
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`));
  }, WCAG21_AA);
  return violations.map((v) => `${where}: ${v}`);
}

/** What has keyboard focus in the chat webview ('body' when focus dropped to nothing). */
function focused(): Promise<string> {
  return chat.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const turn = el.closest<HTMLElement>('.turn')?.dataset.turnId;
    return `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${turn ? ` in turn ${turn}` : ''}`;
  });
}
const focusIs = (selector: string, what: string) =>
  eventually(() => chat.evaluate((s) => document.activeElement?.matches(s) ?? false, selector), `focus on ${what}`, 30_000).catch(async (err: unknown) => {
    throw new Error(`${String(err)} (focus is on ${await focused()})`);
  });

/** Presses Tab (or Shift+Tab) until focus is on `selector`, at most `limit` times: the control is reachable by keyboard. */
async function tabTo(selector: string, what: string, backward = false, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await chat.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await chat.page().keyboard.press(backward ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${what} is not reachable with ${backward ? 'Shift+Tab' : 'Tab'} (focus is on ${await focused()})`);
}

describe('accessibility in real VS Code', () => {
  for (const kind of THEME_KINDS) {
    const { theme, bodyClass } = kind;
    test(`axe: no WCAG 2.1 A/AA violations in ${theme} (welcome, empty chat, cited, code and streaming answers)`, T, async () => {
      const found: string[] = [];
      chat = await givenNoKey(e2e);
      await givenTheme(e2e, chat, kind);
      found.push(...(await axeViolations(`${theme} / welcome`)));
      await givenKey(e2e);
      chat = await givenNewChat(e2e);
      found.push(...(await axeViolations(`${theme} / empty chat`)));
      await ask('Compare SSE and WebSocket for agent answers', 'you:advanced');
      await waitStatus('done');
      await lastTurn().locator('.source-list li').first().waitFor();
      found.push(...(await axeViolations(`${theme} / cited answer`)));
      if (bodyClass === 'vscode-high-contrast') {
        // The README's picture: the answer's top, with a citation chip focused (its ring in the theme's focus colour).
        await e2e.workbench.runCommand('Notifications: Clear All Notifications');
        await lastTurn().evaluate((turn) => turn.scrollIntoView({ block: 'start' }));
        await chat.page().keyboard.press('Shift+Tab'); // a key press first, so the focus ring shows as for keyboard users
        await lastTurn().locator('.answer a.cite').first().focus();
        await e2e.workbench.screenshot(join(e2e.shots, 'accessibility-high-contrast.png'));
      }
      await ask('[scenario:code-ts-python] Read a file line by line');
      await waitStatus('done');
      await lastTurn().locator('.code-block .hljs-keyword').first().waitFor();
      found.push(...(await axeViolations(`${theme} / code answer`)));
      // The stamped answer streams for ~10 s: the check runs while it streams.
      await ask('[scenario:stamped] Stream for a while');
      await lastTurn().locator('.answer p').first().waitFor({ timeout: 30_000 });
      found.push(...(await axeViolations(`${theme} / streaming answer`)));
      assert.equal(await lastTurn().getAttribute('data-status'), 'streaming', 'the check ran while the answer streamed');
      await waitStatus('done');
      assert.deepEqual(found, []);
    });
  }

  test('keyboard only: every action is reachable and focus never drops to the page', T, async () => {
    chat = await givenKey(e2e);
    chat = await givenNewChat(e2e);
    await givenAgent(e2e, chat, 'you:express');
    const input = chat.locator('.composer-input');
    await input.focus();
    await input.fill('[scenario:stamped] A long answer');
    // Send → Stop.
    await tabTo('button.send', 'Send');
    await chat.page().keyboard.press('Enter');
    await focusIs('button.stop', 'Stop after Send');
    await lastTurn().locator('.answer p').first().waitFor({ timeout: 30_000 });
    // Stop → the composer.
    await chat.page().keyboard.press('Enter');
    await waitStatus('stopped');
    await focusIs('textarea.composer-input', 'the composer after Stop');
    // Regenerate → the regenerated turn.
    const turnId = await lastTurn().getAttribute('data-turn-id');
    await tabTo('[data-turn-action="regenerate"]', 'Regenerate', true);
    await chat.page().keyboard.press('Enter');
    await focusIs(`.turn[data-turn-id="${turnId}"], .turn[data-turn-id="${turnId}"] *`, 'the regenerated turn');
    await waitStatus('done');
    assert.notEqual(await focused(), 'body');
    // Edit is in the Tab order and shows when focused; Escape puts focus back on it.
    await tabTo('.question-edit', 'Edit and resend', true);
    assert.equal(await chat.locator('.question-edit').first().evaluate((el) => getComputedStyle(el).opacity), '1');
    await chat.page().keyboard.press('Enter');
    await focusIs('textarea.edit-input', 'the question editor');
    await chat.page().keyboard.press('Escape');
    await focusIs('.question-edit', 'Edit after Cancel');
    // A closed "open external website?" dialog → the link that opened it.
    await ask('Compare SSE and WebSocket for agent answers', 'you:advanced');
    await waitStatus('done');
    await tabTo('a.source-title', 'a source link', true);
    const href = await chat.evaluate(() => document.activeElement?.getAttribute('href'));
    // A trace of focus in the webview, to tell what happened if focus is not back on the link.
    // (a string: functions passed to evaluate must not declare inner functions, which tsx names with a helper)
    await chat.evaluate(`(() => {
      const trace = (window.__focusTrace = []);
      const name = (t) => (t instanceof Element ? t.tagName + '.' + t.className : String(t));
      for (const type of ['focusin', 'focusout']) document.addEventListener(type, (e) => trace.push(type + ' ' + name(e.target)), true);
      for (const type of ['focus', 'blur']) window.addEventListener(type, (e) => e.target === window && trace.push('window ' + type));
    })()`);
    await chat.page().keyboard.press('Enter');
    const dialog = e2e.workbench.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    await e2e.workbench.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
    await focusIs(`a[href="${href}"]`, 'the link after its dialog closed').catch(async (err: unknown) => {
      const trace = await chat.evaluate(() => (window as unknown as { __focusTrace: string[] }).__focusTrace.join(' > '));
      throw new Error(`${String(err)}; webview focused: ${await chat.evaluate(() => document.hasFocus())}; trace: ${trace}`);
    });
    // VS Code gives the webview its focus back after the dialog has gone, in a later task: wait for it.
    await eventually(() => chat.evaluate(() => document.hasFocus()), 'the webview to have focus again', 10_000);
    // New chat (Ctrl+L) → the composer.
    await chat.page().keyboard.press('Control+l');
    await eventually(async () => (await turns().count()) === 0, 'the new chat');
    await focusIs('textarea.composer-input', 'the composer after New chat');
  });

  test('Alt+F2 on an answer opens it as plain text with numbered sources; citations are named by their source', T, async () => {
    chat = await givenKey(e2e);
    chat = await givenNewChat(e2e);
    await ask('Compare SSE and WebSocket for agent answers', 'you:advanced');
    await waitStatus('done');
    const cite = lastTurn().locator('.answer a.cite[data-cite="1"]').first();
    assert.equal(await cite.getAttribute('aria-label'), 'Source 1: Using server-sent events - Web APIs | MDN, developer.mozilla.org');
    await cite.focus();
    await chat.page().keyboard.press('Alt+F2');
    const page = e2e.workbench.page;
    await page.locator('.tabs-container .tab', { hasText: /^Answer 1\.txt/ }).waitFor({ timeout: 30_000 });
    const text = () => page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
    await eventually(async () => /Sources:/.test(await text()), 'the plain-text answer with its sources');
    const shown = (await text()).replace(/\u00a0/g, ' ');
    assert.match(shown, /^Question: Compare SSE and WebSocket for agent answers/);
    assert.match(shown, /1\. Using server-sent events - Web APIs \| MDN, developer\.mozilla\.org/);
    assert.doesNotMatch(shown, /\*\*|\]\(/, 'no Markdown marks');
    await e2e.workbench.closeAllEditors();
  });
});
