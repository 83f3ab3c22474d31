import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { givenAgent, givenKey, givenNewChat, givenNoEditors } from './given';
import { eventually, startE2E, type E2E } from './setup';

/**
 * Editor-grade code in real VS Code: the Quick Fix "Ask You.com about this problem" on a real
 * TypeScript error, a code block applied as a reviewed diff (Accept, undo, refused when the file
 * changed underneath), context attached from the composer as chips, and code blocks highlighted
 * in the colours of the current theme.
 */
let e2e: E2E;
let chat: Frame;
const T = { timeout: 240_000 };
const BROKEN = 'export const n: number = "x";\nexport function twice(x: number): number {\n  return x * 2;\n}\n';

before(async () => {
  // VS Code in a browser saves edits after 1 s by default; here, as on the desktop, only Ctrl+S (or Accept) writes.
  e2e = await startE2E('code', { 'files.autoSave': 'off' }, {}, { workspaceFiles: { 'broken.ts': BROKEN } });
}, { timeout: 600_000 });
after(() => e2e?.close());

const turns = () => chat.locator('.turn');
const lastTurn = () => turns().last();
const lastRequestInput = () => (e2e.you.requests.at(-1)?.body as { input?: string } | undefined)?.input ?? '';
const editorText = async () => (await e2e.workbench.page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
/** Waits until the chat has `count` turns and the last one is done. */
async function answered(count: number) {
  await eventually(async () => (await turns().count()) >= count, `turn ${count}`, 30_000);
  await lastTurn().and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 30_000 });
}
/**
 * Picks a colour theme in "Preferences: Color Theme" the way a user does (its name typed, Enter)
 * and returns the theme that was current (the row focused when the picker opens).
 */
async function pickColorTheme(choose: (current: string) => string | Promise<string>): Promise<string> {
  const page = e2e.workbench.page;
  await e2e.workbench.runCommand('Preferences: Color Theme');
  const focused = page.locator('.quick-input-list .monaco-list-row.focused');
  await focused.waitFor({ timeout: 10_000 });
  // A row's label is "Name" or "Name, Description, group".
  const current = ((await focused.getAttribute('aria-label')) ?? '').split(', ')[0]!;
  const name = await choose(current);
  const input = page.locator('.quick-input-widget input');
  await input.fill(name);
  await eventually(async () => ((await focused.getAttribute('aria-label').catch(() => null)) ?? '').split(', ')[0] === name, `the theme ${name} in the picker`);
  await input.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  return current;
}
/** What every test here starts from: a key stored, an empty chat with express, no editors, broken.ts as written. */
async function givenCodeState(): Promise<void> {
  chat = await givenKey(e2e);
  await givenNewChat(e2e);
  await givenAgent(e2e, chat, 'you:express');
  await givenNoEditors(e2e);
  writeFileSync(join(e2e.workspace, 'broken.ts'), BROKEN);
}
/** No toast left over (the key's comes late) to cover a screenshot. */
async function noToasts(): Promise<void> {
  await eventually(async () => {
    await e2e.workbench.dismissNotifications();
    return (await e2e.workbench.page.locator('.notification-toast').count()) === 0;
  }, 'no notifications');
}
function toast(text: string | RegExp) {
  return e2e.workbench.page.locator('.notification-toast', { hasText: text }).last();
}

describe('code features in real VS Code', () => {
  test('the Quick Fix on a TypeScript error asks about it with its message, code, source and range', T, async () => {
    const { workbench } = e2e;
    await givenCodeState();
    await workbench.openFile('broken.ts', 1);
    const page = workbench.page;
    // The TypeScript server reports the error (it starts on first use: give it time).
    await page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ timeout: 150_000 });
    await page.keyboard.press('Home');
    for (let i = 0; i < 13; i++) await page.keyboard.press('ArrowRight');
    const requestsBefore = e2e.you.requests.length;
    await noToasts();
    await page.keyboard.press('Control+Period');
    const askRow = page.locator('.action-widget .monaco-list-row', { hasText: 'Ask You.com about this problem' }).first();
    await askRow.waitFor({ timeout: 30_000 });
    await e2e.workbench.screenshot(join(e2e.shots, 'quick-fix.png'));
    await askRow.click();
    await answered(1);
    assert.ok(e2e.you.requests.length > requestsBefore);
    const input = lastRequestInput();
    assert.match(input, /^Explain this problem and how to fix it\.\n\nProblem: Type 'string' is not assignable to type 'number'\./);
    assert.match(input, /\nSeverity: error, Source: ts, Code: 2322\n/);
    assert.match(input, /\nFile: broken\.ts \(line 1, columns 14-15\), language: typescript\n/);
    assert.match(input, /```typescript\n> 1 \| export const n: number = "x";\n {2}2 \| export function twice/);
    // The label shows what is sent: the problem, where, and the question's size.
    assert.match(await lastTurn().locator('.question-text').innerText(), /^ts 2322: Type 'string' is not assignable to type 'number'\. — broken\.ts:1 \(\d+ bytes\)$/);
    assert.ok((await lastTurn().locator('.answer').innerText()).length > 50, 'the answer streamed in');

    // The same problem from the palette, with the cursor on it.
    await workbench.runCommand('You.com: Ask about Problem at Cursor');
    await answered(2);
    assert.match(lastRequestInput(), /Problem: Type 'string' is not assignable to type 'number'\.[\s\S]*Code: 2322/);
  });

  test('Apply shows a diff and writes nothing until Accept; the block replaces the selection asked about, tracked; one undo reverts it', T, async () => {
    const { workbench } = e2e;
    const page = workbench.page;
    await givenCodeState();
    await workbench.openFile('broken.ts', 2);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    await workbench.runCommand('You.com: Ask about Selection…');
    await workbench.answerQuickInput('Ask about selection', 'Rewrite this');
    await answered(1);
    // An edit above the selection after the question: the range moves with it.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('// header');
    await eventually(async () => (await editorText()).startsWith('// header'), 'the edit above');

    const block = lastTurn().locator('.code-block').first();
    const code = await block.locator('code').innerText();
    await noToasts();
    await block.locator('button[data-code-action="apply"]').click();
    await page.locator('.tabs-container .tab', { hasText: 'with the code applied' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.editor-instance .monaco-diff-editor').first().waitFor();
    assert.equal(readFileSync(join(e2e.workspace, 'broken.ts'), 'utf8'), BROKEN, 'nothing written before Accept');
    const accept = toast('Nothing is changed until you accept').locator('.monaco-button', { hasText: 'Accept' });
    // The toast fully shown (its fade-in over) for the screenshot.
    await page.locator('.notification-toast.notification-fade-in-done', { hasText: 'Nothing is changed until you accept' }).waitFor({ timeout: 15_000 });
    await page.locator('.monaco-diff-editor .view-lines', { hasText: 'parser.feed' }).first().waitFor({ timeout: 15_000 });
    await e2e.workbench.screenshot(join(e2e.shots, 'apply-diff.png'));
    await accept.click();
    await page.locator('.tabs-container .tab', { hasText: 'with the code applied' }).first().waitFor({ state: 'detached' });
    await eventually(async () => (await editorText()).includes('parser.feed(decoder.decode(chunk'), 'the block in the file');
    const applied = await editorText();
    assert.ok(applied.startsWith('// header\nexport const n: number = "x";\nconst response = await fetch'), applied);
    assert.doesNotMatch(applied, /function twice/);
    assert.ok(code.includes('parser.feed'));

    // One undo step reverts the whole block (and only it: the header typed before stays).
    await page.keyboard.press('Control+z');
    await eventually(async () => (await editorText()).includes('function twice'), 'the undo');
    assert.doesNotMatch(await editorText(), /parser\.feed/);
    assert.ok((await editorText()).startsWith('// header\nexport const n'));
    await page.keyboard.press('Control+s');
    await eventually(() => readFileSync(join(e2e.workspace, 'broken.ts'), 'utf8').startsWith('// header\n'), 'the file saved');

    // The file changes underneath an open diff: Accept is refused and says why.
    await block.locator('button[data-code-action="apply"]').click();
    await page.locator('.tabs-container .tab', { hasText: 'with the code applied' }).first().waitFor({ timeout: 15_000 });
    const changed = `// changed on disk\n${BROKEN}`;
    writeFileSync(join(e2e.workspace, 'broken.ts'), changed);
    // The diff's left side is the document itself: it shows the reload (the right side is the proposal).
    await page.locator('.monaco-diff-editor .view-lines', { hasText: 'changed on disk' }).first().waitFor({ timeout: 30_000 });
    await toast('Nothing is changed until you accept').locator('.monaco-button', { hasText: 'Accept' }).click();
    await toast('changed after the diff was made').waitFor({ timeout: 15_000 });
    assert.equal(readFileSync(join(e2e.workspace, 'broken.ts'), 'utf8'), changed);
    await workbench.dismissNotifications();
  });

  test('Apply on a whole line selected with Home, Shift+End puts exactly the block in its place: no empty line after it', T, async () => {
    const { workbench } = e2e;
    const page = workbench.page;
    await givenCodeState();
    await workbench.openFile('broken.ts', 1);
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await workbench.runCommand('You.com: Ask about Selection…');
    await workbench.answerQuickInput('Ask about selection', 'Rewrite this');
    await answered(1);
    assert.match(lastRequestInput(), /\nFile: broken\.ts \(line 1\), language: typescript\n/);

    const block = lastTurn().locator('.code-block').first();
    const code = (await block.locator('code').innerText()).replace(/\n+$/, '');
    assert.ok(code.includes('parser.feed'), code);
    await block.locator('button[data-code-action="apply"]').click();
    await page.locator('.tabs-container .tab', { hasText: 'with the code applied' }).first().waitFor({ timeout: 15_000 });
    // Accepted from the palette: a toast left by an earlier step cannot be clicked by mistake.
    await workbench.runCommand('You.com: Accept Proposed Change');
    await page.locator('.tabs-container .tab', { hasText: 'with the code applied' }).first().waitFor({ state: 'detached' });
    await eventually(async () => (await editorText()).includes('parser.feed'), 'the block in the file');
    await page.keyboard.press('Control+s');
    const rest = BROKEN.slice(BROKEN.indexOf('\n') + 1);
    // Saved in full: a read during the save can see the file empty (written over), which is not BROKEN either.
    const saved = () => readFileSync(join(e2e.workspace, 'broken.ts'), 'utf8');
    await eventually(() => saved() !== BROKEN && saved().endsWith(rest), 'the file saved');
    assert.equal(readFileSync(join(e2e.workspace, 'broken.ts'), 'utf8'), `${code}\n${rest}`);
    await workbench.dismissNotifications();
  });

  test('attached context shows as chips with sizes, can be removed, and goes with the next question only', T, async () => {
    const { workbench } = e2e;
    await givenCodeState();
    await workbench.openFile('broken.ts');
    const composer = chat.locator('.composer');
    await composer.locator('button.attach').click();
    await composer.locator('[data-attach="file"]').click();
    const chip = composer.locator('.chip');
    await chip.first().waitFor();
    assert.equal(await chip.locator('.chip-label').innerText(), 'broken.ts');
    assert.match(await chip.locator('.chip-size').innerText(), /^\d+ B$/);
    await chip.locator('.chip-remove').click();
    await chip.first().waitFor({ state: 'detached' });

    await composer.locator('button.attach').click();
    await composer.locator('[data-attach="file"]').click();
    await chip.first().waitFor();
    const before = await turns().count();
    await chat.locator('.composer-input').fill('What is in this file?');
    await chat.locator('.composer-input').press('Enter');
    await answered(before + 1);
    const input = lastRequestInput();
    assert.match(input, /^What is in this file\?\n\nAttached context:\n\nFile: broken\.ts, language: typescript\n\n```typescript\nexport const n: number = "x";\n/);
    assert.equal(await lastTurn().locator('.question-text').innerText(), 'What is in this file? [attached: broken.ts]');
    assert.equal(await chip.count(), 0, 'the chips went with the question');

    await chat.locator('.composer-input').fill('And without?');
    await chat.locator('.composer-input').press('Enter');
    await answered(before + 2);
    assert.equal(lastRequestInput(), 'And without?');
  });

  test('code blocks in ts and python are highlighted, and a theme change recolours them without reloading the webview', T, async () => {
    await givenCodeState();
    // The test server answers with a ```ts and a ```python block (no marker in the question, for the screenshot).
    e2e.you.setScenario('code-ts-python');
    try {
      await chat.locator('.composer-input').fill('How do I read the lines of a file in TypeScript and in Python?');
      await chat.locator('.composer-input').press('Enter');
      await answered(1);
    } finally {
      e2e.you.setScenario(undefined);
    }
    const ts = lastTurn().locator('.code-block[data-language="ts"] code');
    const python = lastTurn().locator('.code-block[data-language="python"] code');
    const tsKeyword = ts.locator('span.hljs-keyword', { hasText: /^function$/ });
    const pythonKeyword = python.locator('span.hljs-keyword', { hasText: /^def$/ });
    // The highlighter is loaded on the first code block; both blocks are marked up once it is in.
    await tsKeyword.waitFor({ timeout: 30_000 });
    await pythonKeyword.waitFor({ timeout: 30_000 });
    assert.ok(await ts.evaluate((el) => el.classList.contains('hljs')));
    assert.ok(await python.evaluate((el) => el.classList.contains('hljs')));
    assert.ok((await ts.locator('span.hljs-string').count()) > 0, 'strings in the ts block');
    assert.ok((await python.locator('span.hljs-string').count()) > 0, 'strings in the python block');
    assert.ok((await python.locator('span.hljs-keyword', { hasText: /^return$/ }).count()) > 0);
    // The side bar wide enough for the blocks' lines, and only it in the screenshot.
    await e2e.workbench.widenSideBar(640);
    await e2e.workbench.dismissNotifications();
    const sideBar = await e2e.workbench.page.locator('.part.sidebar').boundingBox();
    assert.ok(sideBar);
    await e2e.workbench.page.screenshot({
      path: join(e2e.shots, 'highlighted-answer.png'),
      clip: { x: 0, y: sideBar.y, width: sideBar.x + sideBar.width - 3, height: sideBar.height },
    });

    const colour = (keyword: typeof tsKeyword) => keyword.evaluate((el) => getComputedStyle(el).color);
    const plain = (code: typeof ts) => code.evaluate((el) => getComputedStyle(el).color);
    const before = { ts: await colour(tsKeyword), python: await colour(pythonKeyword), text: await plain(ts) };
    assert.notEqual(before.ts, before.text, 'a keyword has its own colour');
    assert.equal(before.python, before.ts, 'keywords share one colour in both languages');

    // A mark in the webview's window: it is gone if the webview reloads.
    await chat.evaluate(() => ((window as unknown as { __themeProbe?: string }).__themeProbe = 'same page'));
    const dark = (await e2e.workbench.page.locator('.monaco-workbench.vs-dark').count()) > 0;
    const original = await pickColorTheme(() => (dark ? 'Light Modern' : 'Dark Modern'));
    try {
      await eventually(async () => (await colour(tsKeyword)) !== before.ts, 'the keyword recoloured by the other theme', 30_000);
      const after = { ts: await colour(tsKeyword), python: await colour(pythonKeyword), text: await plain(ts) };
      assert.equal(after.python, after.ts);
      assert.notEqual(after.text, before.text, 'the code text follows the theme too');
      assert.equal(await chat.evaluate(() => (window as unknown as { __themeProbe?: string }).__themeProbe), 'same page', 'the webview was not reloaded');
      assert.ok(await tsKeyword.isVisible(), 'the same answer is still shown');
    } finally {
      await pickColorTheme(() => original);
    }
    await eventually(async () => (await colour(tsKeyword)) === before.ts, 'the theme restored', 30_000);
  });
});
