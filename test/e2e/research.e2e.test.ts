import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { givenAgent, givenChatView, givenKey, givenNewChat, givenNoEditors } from './given';
import { eventually, startE2E, type E2E } from './setup';

/**
 * You.com Research in real VS Code against the test server's Research stand-in: the price shows
 * before the question is sent; a `deep` question runs as a background task whose id is in the
 * conversation at once; the window reloads mid-run (the stand-in holds the task at `running`);
 * afterwards the report lands in the same turn with its sources, submitted once; Save Report
 * writes the Markdown file, and a second save never overwrites the first.
 */
let e2e: E2E;
let chat: Frame;
/** Reloading the window restarts the extension host: slow under load. */
const T_RELOAD = { timeout: 300_000 };

before(
  async () => {
    e2e = await startE2E('research', { 'files.autoSave': 'off' });
    await givenChatView(e2e);
    await e2e.workbench.widenSideBar(560);
  },
  { timeout: 600_000 },
);
after(() => e2e?.close());

const QUESTION = 'How do Rust lifetimes work?';
const researchTurn = () => chat.locator('.turn', { hasText: QUESTION }).last();
const submits = () => e2e.you.requests.filter((r) => r.method === 'POST' && r.path === '/v1/research');
const reports = () => (existsSync(join(e2e.workspace, 'research')) ? readdirSync(join(e2e.workspace, 'research')).filter((f) => f.endsWith('.md')) : []);

describe('You.com Research', () => {
  test('a deep research run survives a window reload, lands in the same conversation with its sources, and is saved as a report', T_RELOAD, async () => {
    await givenKey(e2e);
    await givenNoEditors(e2e);
    rmSync(join(e2e.workspace, 'research'), { recursive: true, force: true });
    chat = await givenNewChat(e2e);
    await givenAgent(e2e, chat, 'you:research');

    // The price of one call shows next to the picker before anything is sent.
    const effort = chat.locator('.research-effort-select');
    await effort.waitFor();
    await effort.selectOption('deep');
    await eventually(async () => /\$0\.10 per question/.test(await chat.locator('.research-price').innerText()), 'the deep price shown');
    assert.match(await effort.locator('option[value="exhaustive"]').innerText(), /\$0\.45/);

    e2e.you.holdResearch(true);
    const before = submits().length;
    const input = chat.locator('.composer-input');
    await input.fill(QUESTION);
    await input.press('Enter');

    // The task id is in the conversation at once, and the chat is free again.
    await eventually(async () => /Research task \S+ runs on You\.com/.test(await researchTurn().innerText().catch(() => '')), 'the task id in the turn', 60_000);
    assert.equal(await researchTurn().getAttribute('data-status'), 'streaming');
    assert.equal(submits().length, before + 1);
    const body = submits().at(-1)?.body as { research_effort?: string; background?: boolean };
    assert.deepEqual([body.research_effort, body.background], ['deep', true]);

    await e2e.workbench.load();
    chat = await givenChatView(e2e);
    await eventually(async () => (await researchTurn().count()) === 1, 'the pending research turn restored', 120_000);
    assert.equal(await researchTurn().getAttribute('data-status'), 'streaming', 'a pending task is not an interrupted answer');

    e2e.you.holdResearch(false);
    await researchTurn().and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 120_000 });
    assert.equal(await chat.locator('.turn', { hasText: QUESTION }).count(), 1, 'the report landed in the turn that asked, once');
    assert.equal(submits().length, before + 1, 'resuming never submits again');
    const sources = researchTurn().locator('.source-list li');
    assert.ok((await sources.count()) > 0, 'the report lists its sources');
    assert.ok((await researchTurn().locator('.answer a.cite').count()) > 0, 'numbered citations link to sources');

    // A source's snippets show on keyboard focus (and hover), and describe its link.
    const first = sources.first().locator('.source-title');
    await first.focus();
    const snippets = sources.first().locator('.source-snippets');
    await snippets.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await first.getAttribute('aria-describedby'), await snippets.getAttribute('id'));
    await e2e.workbench.screenshot(join(e2e.shots, 'research.png'));

    // Save Report writes the file into research/ and opens it; a second save gets a new name.
    await researchTurn().locator('button', { hasText: 'Save Report' }).click();
    // Written in one writeFile, which truncates before it writes: a read in between finds it empty (a CI run did).
    const written = () => (reports().length === 1 ? readFileSync(join(e2e.workspace, 'research', reports()[0]!), 'utf8') : '');
    await eventually(() => written().length > 0, 'the saved report', 30_000);
    const text = written();
    assert.match(text, /How do Rust lifetimes work\?/);
    assert.match(text, /\*\*Effort:\*\* Deep/);
    assert.match(text, /## Sources\n\n1\. \[/);
    assert.match(reports()[0]!, /^\d{4}-\d{2}-\d{2}-how-do-rust-lifetimes-work\.md$/);
    await e2e.workbench.page.locator('.tabs-container .tab', { hasText: reports()[0]! }).waitFor({ timeout: 30_000 });
    chat = await givenChatView(e2e);
    // The keyboard path: focus the button, Enter.
    const save = researchTurn().locator('button', { hasText: 'Save Report' });
    await save.focus();
    await save.press('Enter');
    await eventually(() => reports().length === 2, 'a second report beside the first, not over it', 30_000);
  });
});
