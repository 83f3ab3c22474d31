import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { givenAgent, givenKey, givenNewChat, givenNoEditors } from './given';
import { eventually, readLogs, startE2E, type E2E } from './setup';

/**
 * Library versions in real VS Code: a TypeScript file in a workspace with a package-lock.json.
 * Ask about Selection says which locked versions go along before it sends, the request names
 * them, the question's label and "What was sent" show them; attached files add a removable chip;
 * the Quick Fix on a problem sends the versions its lines import;
 * with youAgents.context.libraryVersions off, nothing is looked up or sent (the test waits for the
 * extension's log to say it read the changed setting, not for a fixed time).
 */
let e2e: E2E;
let chat: Frame;
const T = { timeout: 240_000 };

const LIST_TS = [
  "import { useState } from 'react';",
  "import { z } from 'zod';",
  "import { helper } from './helper';",
  '',
  'export function useCount(start: number) {',
  '  const [count, setCount] = useState(start);',
  '  return { count, increment: () => setCount(count + 1) };',
  '}',
  '',
  'export const Item = z.object({ id: z.string() });',
  '',
].join('\n');
const PACKAGE_JSON = JSON.stringify({ name: 'versions-app', version: '1.0.0', dependencies: { react: '^18.3.0', zod: '^3.23.0' } }, null, 2);
const PACKAGE_LOCK = JSON.stringify(
  {
    name: 'versions-app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'versions-app', version: '1.0.0', dependencies: { react: '^18.3.0', zod: '^3.23.0' } },
      'node_modules/react': { version: '18.3.1', resolved: 'https://registry.npmjs.org/react/-/react-18.3.1.tgz' },
      'node_modules/zod': { version: '3.23.8', resolved: 'https://registry.npmjs.org/zod/-/zod-3.23.8.tgz' },
      'node_modules/loose-envify': { version: '1.4.0' },
    },
  },
  null,
  2,
);

before(
  async () => {
    e2e = await startE2E('versions', {}, {}, { workspaceFiles: { 'package.json': PACKAGE_JSON, 'package-lock.json': PACKAGE_LOCK, 'src/list.ts': LIST_TS } });
  },
  { timeout: 600_000 },
);
after(() => e2e?.close());

const turns = () => chat.locator('.turn');
const lastTurn = () => turns().last();
const lastRequestInput = () => (e2e.you.requests.at(-1)?.body as { input?: string } | undefined)?.input ?? '';
async function answered(count: number) {
  await eventually(async () => (await turns().count()) >= count, `turn ${count}`, 30_000);
  await lastTurn().and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 30_000 });
}
/** A workspace setting, as a repository's .vscode/settings.json would set it (VS Code picks it up live). */
function workspaceSettings(settings: Record<string, unknown> | undefined): void {
  const dir = join(e2e.workspace, '.vscode');
  if (!settings) return rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
}
/** A key, an empty chat with express, src/list.ts open with lines 6-7 (the useState call) selected. */
async function givenSelection(): Promise<void> {
  chat = await givenKey(e2e);
  await givenNewChat(e2e);
  await givenAgent(e2e, chat, 'you:express');
  await givenNoEditors(e2e);
  await e2e.workbench.openFile('list.ts', 6);
  const page = e2e.workbench.page;
  // The cursor is at the start of line 6: two lines down selects lines 6 and 7.
  for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+ArrowDown');
}

describe('library versions in real VS Code', () => {
  test('Ask about Selection shows the locked version before sending, the request names it, and the label shows it', T, async () => {
    workspaceSettings(undefined);
    await givenSelection();
    const { workbench } = e2e;
    const page = workbench.page;
    const before = await turns().count();
    await workbench.runCommand('You.com: Ask about Selection…');
    // The box says what goes along once the lockfile is read, before anything is sent.
    const widget = page.locator('.quick-input-widget');
    await widget.getByText('Sent with it: versions used by this project: react 18.3.1.').waitFor({ timeout: 15_000 });
    await widget.locator('input').fill('Why does the count lag by one?');
    await workbench.screenshot(join(e2e.shots, 'versions-selection-prompt.png'));
    await workbench.answerQuickInput('Ask about selection');
    await answered(before + 1);

    const input = lastRequestInput();
    assert.match(input, /^Why does the count lag by one\?\n\nFile: src\/list\.ts \(lines 6-7\), language: typescript\n/);
    assert.match(input, /\n\nVersions used by this project: react 18\.3\.1$/, 'the locked version, after the code');
    assert.doesNotMatch(input, /zod/, 'zod is imported by the file but not used by the selection');
    assert.equal(await lastTurn().locator('.question-text').innerText(), 'Why does the count lag by one? — src/list.ts:6-7 [versions: react 18.3.1]');
    const sent = lastTurn().locator('.question-sent');
    await sent.locator('summary').click();
    assert.match(await sent.locator('pre').innerText(), /Versions used by this project: react 18\.3\.1/);
    // For the screenshot: the question at the top of the chat, the end of what was sent in view.
    await lastTurn().evaluate((turn) => turn.scrollIntoView({ block: 'start' }));
    await sent.locator('pre').evaluate((pre) => (pre.scrollTop = pre.scrollHeight));
    await workbench.screenshot(join(e2e.shots, 'versions-label.png'));
  });

  test('an attached file adds a removable versions chip; removed, the line is not sent', T, async () => {
    workspaceSettings(undefined);
    await givenSelection();
    const composer = chat.locator('.composer');
    const chips = composer.locator('.chip');
    const versionsChip = chips.filter({ hasText: 'Versions:' });
    const before = await turns().count();

    await composer.locator('button.attach').click();
    await composer.locator('[data-attach="file"]').click();
    await versionsChip.waitFor({ timeout: 15_000 });
    assert.equal(await versionsChip.locator('.chip-label').innerText(), 'Versions: react 18.3.1, zod 3.23.8');
    await e2e.workbench.screenshot(join(e2e.shots, 'versions-chip.png'));
    await chat.locator('.composer-input').fill('What does this file export?');
    await chat.locator('.composer-input').press('Enter');
    await answered(before + 1);
    assert.match(lastRequestInput(), /\n\nVersions used by this project: react 18\.3\.1, zod 3\.23\.8$/);
    const label = 'What does this file export? [attached: src/list.ts, Versions: react 18.3.1, zod 3.23.8]';
    assert.equal(await lastTurn().locator('.question-text').innerText(), label);

    await composer.locator('button.attach').click();
    await composer.locator('[data-attach="file"]').click();
    await versionsChip.waitFor({ timeout: 15_000 });
    await versionsChip.locator('.chip-remove').click();
    await versionsChip.waitFor({ state: 'detached' });
    assert.equal(await chips.count(), 1, 'the file stays attached');
    await chat.locator('.composer-input').fill('And again?');
    await chat.locator('.composer-input').press('Enter');
    await answered(before + 2);
    assert.doesNotMatch(lastRequestInput(), /Versions used by this project/);
    assert.equal(await lastTurn().locator('.question-text').innerText(), 'And again? [attached: src/list.ts]');
  });

  test('the Quick Fix question about a problem names the versions the lines around it import', T, async () => {
    workspaceSettings(undefined);
    chat = await givenKey(e2e);
    await givenNewChat(e2e);
    await givenAgent(e2e, chat, 'you:express');
    await givenNoEditors(e2e);
    const { workbench } = e2e;
    // Without node_modules, TypeScript reports "Cannot find module 'react'" on line 1 (its server starts on first use).
    await workbench.openFile('list.ts', 1);
    await workbench.page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ timeout: 150_000 });
    const before = await turns().count();
    await workbench.runCommand('You.com: Ask about Problem at Cursor');
    await answered(before + 1);
    assert.match(lastRequestInput(), /^Explain this problem and how to fix it\.\n\nProblem: Cannot find module 'react'/);
    assert.match(lastRequestInput(), /\n\nVersions used by this project: react 18\.3\.1, zod 3\.23\.8$/);
    assert.match(await lastTurn().locator('.question-text').innerText(), /src\/list\.ts:1 \([^)]+\) \[versions: react 18\.3\.1, zod 3\.23\.8\]$/);
  });

  test('with youAgents.context.libraryVersions off, no versions are shown or sent', T, async () => {
    await givenSelection();
    // VS Code reads a changed .vscode/settings.json from its file watcher; the extension logs the change it sees.
    const changes = (to: 'on' | 'off') => readLogs(e2e.profile).extension.split(`library versions: ${to} (youAgents.context.libraryVersions changed)`).length;
    const [offBefore, onBefore] = [changes('off'), changes('on')];
    workspaceSettings({ 'youAgents.context.libraryVersions': false });
    try {
      await eventually(() => changes('off') > offBefore, 'the extension to read the setting turned off');
      const { workbench } = e2e;
      const before = await turns().count();
      await workbench.runCommand('You.com: Ask about Selection…');
      await workbench.answerQuickInput('Ask about selection', 'Why does the count lag by one?');
      await answered(before + 1);
      const input = lastRequestInput();
      assert.match(input, /^Why does the count lag by one\?\n\nFile: src\/list\.ts/);
      assert.doesNotMatch(input, /Versions used by this project|18\.3\.1/);
      assert.equal(await lastTurn().locator('.question-text').innerText(), 'Why does the count lag by one? — src/list.ts:6-7');
    } finally {
      workspaceSettings(undefined);
      await eventually(() => changes('on') > onBefore, 'the extension to read the setting back on');
    }
  });
});
