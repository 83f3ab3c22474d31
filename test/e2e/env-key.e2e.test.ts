import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { givenAgent, givenKey } from './given';
import { E2E_KEY, E2E_KEY_2, eventually, readLogs, startE2E, type E2E } from './setup';

/**
 * `YOU_API_KEY` in the extension host's environment, in real VS Code (the packaged extension
 * runs in Production mode, so it is never taken silently): used only after the prompt that
 * names it is accepted, and never in place of a key the user stored.
 */
let e2e: E2E;
const T = { timeout: 180_000 };

before(
  async () => {
    e2e = await startE2E('env-key', {}, {}, { env: { YOU_API_KEY: E2E_KEY } });
  },
  { timeout: 600_000 },
);
after(() => e2e?.close());

const prompt = () => e2e.workbench.page.locator('.notification-toast', { hasText: 'Use the You.com key from the environment (YOU_API_KEY)?' });
/** Our log from every extension host of every session (a window reload starts exthost2, …). */
function allLogs(): string {
  const root = join(e2e.profile.userDataDir, 'logs');
  let text = '';
  for (const session of readdirSync(root).sort()) {
    for (const host of readdirSync(join(root, session)).filter((d) => d.startsWith('exthost')).sort()) {
      const file = join(root, session, host, 'you-agents.you-agents', 'You.com.log');
      if (existsSync(file)) text += readFileSync(file, 'utf8');
    }
  }
  return text;
}
const bearerOf = (index: number) => e2e.you.requests.at(index)?.headers.authorization;

async function ask(question: string): Promise<void> {
  const chat = await e2e.workbench.openChatView();
  await givenAgent(e2e, chat, 'you:express');
  const input = chat.locator('.composer-input');
  await input.fill(question);
  await input.press('Enter');
  await chat.locator('.turn').last().and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 60_000 });
}

describe('YOU_API_KEY from the environment', () => {
  test('with no key stored, VS Code asks first; accepted, the key is used', T, async () => {
    // The extension starts on first use (no start-up activation): opening the chat is that use.
    await e2e.workbench.openChatView();
    await prompt().waitFor({ timeout: 60_000 });
    assert.equal(e2e.you.requests.length, 0, 'nothing is sent before the answer');
    await prompt().locator('a.monaco-button, .monaco-button', { hasText: 'Use This Key' }).first().click();
    await ask('Which key am I using?');
    assert.equal(bearerOf(-1), `Bearer ${E2E_KEY}`);
    assert.match(readLogs(e2e.profile).extension, /YOU_API_KEY from the environment: used/);
  });

  test('a key the user stores is kept: after a reload the environment key is neither asked about nor used', T, async () => {
    await givenKey(e2e, E2E_KEY_2);
    await e2e.workbench.load();
    await e2e.workbench.openChatView();
    await eventually(() => /YOU_API_KEY from the environment: kept-stored/.test(allLogs()), 'the next activation');
    assert.equal(await prompt().count(), 0, 'no prompt');
    await ask('Is my own key kept?');
    assert.equal(bearerOf(-1), `Bearer ${E2E_KEY_2}`);
  });
});
