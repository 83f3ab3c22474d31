import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { E2E_KEY, eventually, type E2E } from './setup';

/**
 * Preconditions for one end-to-end test, so that it sets up the state it needs instead of
 * relying on what an earlier test left. Each returns the side bar chat frame (re-found, since a
 * reload or a new panel replaces frames) and waits, bounded, until the state shows.
 */

const toast = (e2e: E2E, text: string) => e2e.workbench.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();

/** The chat view in the side bar, opened by its focus command. */
export function givenChatView(e2e: E2E): Promise<Frame> {
  return e2e.workbench.openChatView();
}

/** `key` is stored (set through "You.com: Set API Key", checked by the test server, which accepts it). */
export async function givenKey(e2e: E2E, key = E2E_KEY): Promise<Frame> {
  e2e.you.setApiKey(key);
  const chat = await givenChatView(e2e);
  // VS Code shows no new toast for a message that is still in the notification centre (an earlier
  // "API key saved"): clear them all first, so the toast awaited below is this command's.
  await e2e.workbench.runCommand('Notifications: Clear All Notifications');
  await e2e.workbench.runCommand('You.com: Set API Key');
  await e2e.workbench.answerQuickInput('Set API Key', key);
  // The toast comes after the key is stored (a stale one was cleared by runCommand).
  await toast(e2e, 'API key saved').waitFor({ timeout: 30_000 });
  await e2e.workbench.dismissNotifications();
  await chat.locator('.chat').waitFor({ timeout: 15_000 });
  return chat;
}

/**
 * No key is stored ("You.com: Clear API Key"), and the view shows its welcome. A demo server
 * that "Try the demo" started lives as long as the extension host, so then the window is reloaded.
 */
export async function givenNoKey(e2e: E2E): Promise<Frame> {
  let chat = await givenChatView(e2e);
  await e2e.workbench.runCommand('You.com: Clear API Key');
  await toast(e2e, 'API key removed').waitFor({ timeout: 30_000 });
  await e2e.workbench.dismissNotifications();
  const welcome = () => chat.locator('.welcome');
  const demo = () => chat.locator('.chat .badge', { hasText: 'Demo' });
  await eventually(async () => (await welcome().isVisible()) || (await demo().isVisible()), 'the welcome (or the demo) after clearing the key');
  if (await demo().isVisible()) {
    await e2e.workbench.load();
    chat = await givenChatView(e2e);
  }
  await welcome().waitFor({ timeout: 30_000 });
  return chat;
}

/** An empty conversation ("You.com: New Chat"). */
export async function givenNewChat(e2e: E2E): Promise<Frame> {
  for (let attempt = 1; ; attempt++) {
    await e2e.workbench.runCommand('You.com: New Chat');
    // New Chat focuses an open editor panel rather than the view; the side bar view is what tests use.
    const chat = await givenChatView(e2e);
    const empty = () => eventually(async () => (await chat.locator('.turn').count()) === 0, 'an empty conversation');
    if (attempt === 2) {
      await empty();
      return chat;
    }
    // Once in a full CI run the conversation stayed as it was (the command lost on the way?): keep
    // what the window showed, say so in the test output, and run New Chat once more.
    if (await empty().then(() => true, () => false)) return chat;
    const shot = join(e2e.shots, `new-chat-not-empty-${Date.now()}.png`);
    await e2e.workbench.screenshot(shot).catch(() => undefined);
    process.stderr.write(`givenNewChat: the conversation was not empty 15 s after New Chat; running it again (screenshot: ${shot})\n`);
  }
}

/**
 * `agentId` (e.g. `you:express`, `acp:local/echo`) is selected: in the picker when the chat shows,
 * else (the welcome hides the picker) through "You.com: Select Agent…".
 */
export async function givenAgent(e2e: E2E, chat: Frame, agentId: string): Promise<void> {
  const picker = chat.locator('.agent-select');
  const option = picker.locator(`option[value="${agentId}"]`);
  await eventually(async () => (await option.count()) > 0, `the agent ${agentId} in the picker`);
  if (await picker.isVisible()) await picker.selectOption(agentId);
  else {
    await e2e.workbench.runCommand('You.com: Select Agent…');
    await e2e.workbench.answerQuickInput('Select an agent', (await option.innerText()).trim());
  }
  await eventually(async () => (await picker.inputValue()) === agentId, `the agent ${agentId} selected`);
}

/** No editor is open (an editor chat panel included), unsaved changes discarded. */
export async function givenNoEditors(e2e: E2E): Promise<void> {
  await e2e.workbench.closeAllEditors();
}

/** No Markdown file in the workspace (an export from an earlier test would be asked about overwriting). */
export function givenNoExports(e2e: E2E): void {
  for (const file of readdirSync(e2e.workspace)) if (file.endsWith('.md')) rmSync(join(e2e.workspace, file));
}

/**
 * A built-in theme of each of the four kinds: its id (the `workbench.colorTheme` value, which a
 * webview's body carries as data-vscode-theme-id), its name in the theme picker, and its kind's body class.
 */
export const THEME_KINDS = [
  { theme: 'Light Modern', label: 'Light Modern', bodyClass: 'vscode-light' },
  { theme: 'Dark Modern', label: 'Dark Modern', bodyClass: 'vscode-dark' },
  { theme: 'Default High Contrast', label: 'Dark High Contrast', bodyClass: 'vscode-high-contrast' },
  { theme: 'Default High Contrast Light', label: 'Light High Contrast', bodyClass: 'vscode-high-contrast-light' },
] as const;

/**
 * `kind.theme` is the colour theme, picked the way a user does ("Preferences: Color Theme"), and the
 * chat webview shows it: its body carries the theme's id and its kind's class.
 */
export async function givenTheme(e2e: E2E, chat: Frame, kind: (typeof THEME_KINDS)[number]): Promise<void> {
  const shows = () =>
    chat.evaluate(({ theme, bodyClass }) => document.body.dataset.vscodeThemeId === theme && document.body.dataset.vscodeThemeKind === bodyClass, kind);
  if (await shows()) return;
  const page = e2e.workbench.page;
  await e2e.workbench.runCommand('Preferences: Color Theme');
  // The picker is up once a row is focused; typing earlier would go to the closing palette.
  await page.locator('.quick-input-list .monaco-list-row.focused').waitFor({ timeout: 10_000 });
  await page.locator('.quick-input-widget input').fill(kind.label);
  // Rows read "Label" or "Label, Description" ("Dark High Contrast, Default High Contrast").
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const index = await eventually(async () => {
    const labels = await rows.evaluateAll((els) => els.map((r) => r.getAttribute('aria-label') ?? ''));
    return labels.findIndex((label) => label.split(', ')[0] === kind.label) + 1;
  }, `the theme ${kind.label} in the picker`);
  await rows.nth(index - 1).click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  await eventually(shows, `the ${kind.theme} theme in the chat`, 60_000);
}
