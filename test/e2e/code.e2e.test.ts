import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { E2E_KEY, eventually, startE2E, type E2E } from './setup';

/**
 * Editor-grade code in real VS Code: the Quick Fix "Ask You.com about this problem" on a real
 * TypeScript error, a code block applied as a reviewed diff (Accept, undo, refused when the file
 * changed underneath), and context attached from the composer as chips.
 */
let e2e: E2E;
let chat: Frame;
const T = { timeout: 240_000 };
const BROKEN = 'export const n: number = "x";\nexport function twice(x: number): number {\n  return x * 2;\n}\n';

before(async () => {
  e2e = await startE2E('code', {}, {}, { workspaceFiles: { 'broken.ts': BROKEN } });
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
function toast(text: string | RegExp) {
  return e2e.workbench.page.locator('.notification-toast', { hasText: text }).last();
}

describe('code features in real VS Code', () => {
  test('the Quick Fix on a TypeScript error asks about it with its message, code, source and range', T, async () => {
    const { workbench } = e2e;
    await workbench.runCommand('You.com: Set API Key');
    await workbench.answerQuickInput('Set API Key', E2E_KEY);
    chat = await workbench.openChatView();
    await chat.locator('.composer-input').waitFor();
    await workbench.openFile('broken.ts', 1);
    const page = workbench.page;
    // The TypeScript server reports the error (it starts on first use: give it time).
    await page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ timeout: 150_000 });
    await page.keyboard.press('Home');
    for (let i = 0; i < 13; i++) await page.keyboard.press('ArrowRight');
    const requestsBefore = e2e.you.requests.length;
    await page.keyboard.press('Control+Period');
    await page.locator('.action-widget .monaco-list-row', { hasText: 'Ask You.com about this problem' }).first().click({ timeout: 30_000 });
    await answered(1);
    assert.ok(e2e.you.requests.length > requestsBefore);
    const input = lastRequestInput();
    assert.match(input, /^Explain this problem and how to fix it\.\n\nProblem: Type 'string' is not assignable to type 'number'\./);
    assert.match(input, /\nSeverity: error, Source: ts, Code: 2322\n/);
    assert.match(input, /\nFile: broken\.ts \(line 1, columns 14-15\), language: typescript\n/);
    assert.match(input, /```typescript\n> 1 \| export const n: number = "x";\n {2}2 \| export function twice/);
    assert.equal(await lastTurn().locator('.question-text').innerText(), "ts 2322: Type 'string' is not assignable to type 'number'. — broken.ts:1");
    assert.ok((await lastTurn().locator('.answer').innerText()).length > 50, 'the answer streamed in');

    // The same problem from the palette, with the cursor on it.
    await workbench.runCommand('You.com: Ask about Problem at Cursor');
    await answered(2);
    assert.match(lastRequestInput(), /Problem: Type 'string' is not assignable to type 'number'\.[\s\S]*Code: 2322/);
  });

  test('Apply shows a diff and writes nothing until Accept; the block replaces the selection asked about, tracked; one undo reverts it', T, async () => {
    const { workbench } = e2e;
    const page = workbench.page;
    await workbench.openFile('broken.ts', 2);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    await workbench.runCommand('You.com: Ask about Selection…');
    await workbench.answerQuickInput('Ask about selection', 'Rewrite this');
    await answered(3);
    // An edit above the selection after the question: the range moves with it.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('// header');
    await eventually(async () => (await editorText()).startsWith('// header'), 'the edit above');

    const block = lastTurn().locator('.code-block').first();
    const code = await block.locator('code').innerText();
    await block.locator('button[data-code-action="apply"]').click();
    await page.locator('.tabs-container .tab', { hasText: 'with the code applied' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.editor-instance .monaco-diff-editor').first().waitFor();
    assert.equal(readFileSync(join(e2e.workspace, 'broken.ts'), 'utf8'), BROKEN, 'nothing written before Accept');
    await toast('Nothing is changed until you accept').locator('.monaco-button', { hasText: 'Accept' }).click();
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

  test('attached context shows as chips with sizes, can be removed, and goes with the next question only', T, async () => {
    const { workbench } = e2e;
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
    assert.match(input, /^What is in this file\?\n\nAttached context:\n\nFile: broken\.ts, language: typescript\n\n```typescript\n\/\/ changed on disk\n/);
    assert.equal(await lastTurn().locator('.question-text').innerText(), 'What is in this file? [attached: broken.ts]');
    assert.equal(await chip.count(), 0, 'the chips went with the question');

    await chat.locator('.composer-input').fill('And without?');
    await chat.locator('.composer-input').press('Enter');
    await answered(before + 2);
    assert.equal(lastRequestInput(), 'And without?');
  });
});
