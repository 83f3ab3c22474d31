import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { ROOT } from '../harness/codeServer';
import { givenAgent, givenKey, givenNewChat } from './given';
import { E2E_KEY, eventually, readLogs, startE2E, type E2E } from './setup';

/**
 * You.com's Answer, Search and Contents APIs in real VS Code (code-server 4.139.1), installed from
 * the .vsix, against the local test server serving both origins (`baseUrl` and `searchBaseUrl`):
 * the search and page-contents tools answer through `vscode.lm.invokeTool`, called by another
 * extension (test/fixtures/tool-driver-extension) as agent mode would; the "You.com Answer" agent
 * answers in the chat view with its sources and their excerpts; a citation's context menu opens the
 * page as Markdown.
 */
let e2e: E2E;
let chat: Frame;
let driver: { vsix: string; remove(): void };
const T = { timeout: 300_000 };

/** Packages the tool driver into a temporary folder, as the bench packages its floor extension. */
function packageToolDriver(): { vsix: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tool-driver-'));
  const vsix = join(dir, 'tool-driver.vsix');
  const args = ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix];
  const cwd = join(ROOT, 'test', 'fixtures', 'tool-driver-extension');
  const built = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), args, { cwd, stdio: ['ignore', 'ignore', 2] });
  if (built.status !== 0) throw new Error('packaging test/fixtures/tool-driver-extension failed');
  return { vsix, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

before(async () => {
  driver = packageToolDriver();
  // Tools exist only while AI features are on (the shared quiet settings turn them off).
  e2e = await startE2E('search-tools', { 'chat.disableAIFeatures': false, 'youAgents.searchBaseUrl': '$YOU' }, {}, { extraExtensions: [driver.vsix] });
  await e2e.workbench.widenSideBar(560);
  chat = await givenKey(e2e);
}, { timeout: 600_000 });
after(async () => {
  await e2e?.close();
  driver?.remove();
});

interface ToolResults {
  tools: { name: string; schema: { properties?: Record<string, unknown>; required?: string[] } }[];
  results: { name: string; ok: boolean; text?: string; error?: string }[];
}

/** Invokes `requests` through the tool driver and returns what it wrote. */
async function invokeTools(requests: { name: string; input: unknown }[]): Promise<ToolResults & { confirmations: string[] }> {
  const results = join(e2e.workspace, 'tool-results.json');
  rmSync(results, { force: true });
  writeFileSync(join(e2e.workspace, 'tool-requests.json'), JSON.stringify(requests));
  await e2e.workbench.runCommand('Tool Driver: Invoke Tools');
  const confirmations: string[] = [];
  const page = e2e.workbench.page;
  try {
    await eventually(async () => {
      if (existsSync(results)) return true;
      // A tool called outside a chat asks in a dialog: its text is kept, and it is allowed.
      const dialog = page.locator('.monaco-dialog-box');
      if (await dialog.isVisible().catch(() => false)) {
        const text = await dialog.innerText();
        confirmations.push(text);
        if (confirmations.length === 1) await e2e.workbench.screenshot(join(e2e.shots, 'search-tool-confirmation.png'));
        await dialog.locator('.monaco-button', { hasText: /^(Allow|Continue|Run|Yes)/ }).first().click();
        // The next tool's confirmation may open at once: this one is answered when it is gone or another shows.
        const answered = async () => !(await dialog.isVisible().catch(() => false)) || (await dialog.innerText().catch(() => '')) !== text;
        await eventually(answered, 'the confirmation to close', 10_000);
      }
      return false;
    }, 'the tool driver to write its results', 90_000);
  } catch (err) {
    await e2e.workbench.screenshot(join(e2e.shots, 'search-tools-failure.png')).catch(() => undefined);
    throw err;
  }
  return { ...(JSON.parse(readFileSync(results, 'utf8')) as ToolResults), confirmations };
}

describe('You.com Answer, Search and Contents', () => {
  test('the search and page-contents tools return results through vscode.lm.invokeTool, with the key on the search origin only', T, async () => {
    const before = e2e.you.requests.length;
    const { tools, results, confirmations } = await invokeTools([
      { name: 'youcom_search', input: { query: 'server-sent events reconnect', count: 2, freshness: 'month' } },
      { name: 'youcom_contents', input: { urls: ['https://nodejs.org/api/stream.html', 'https://example.com/page'] } },
      { name: 'youcom_search', input: { query: 'q', count: 500 } },
    ]);
    assert.deepEqual(tools.map((t) => t.name).sort(), ['youcom', 'youcom_contents', 'youcom_search']);
    // Where VS Code asks before a tool runs, the confirmation names the host and shows what is sent.
    const host = new URL(e2e.you.url).host;
    assert.ok(confirmations.length <= 2, 'a bad input is refused before any confirmation');
    for (const text of confirmations) assert.ok(text.includes(host), text);
    if (confirmations.length === 2) {
      assert.match(confirmations[0]!, /server-sent events reconnect/);
      assert.match(confirmations[1]!, /https:\/\/nodejs\.org\/api\/stream\.html/);
    }
    assert.deepEqual(tools.find((t) => t.name === 'youcom_search')?.schema.required, ['query']);

    const [search, contents, bad] = results;
    assert.ok(search?.ok, search?.error);
    assert.match(search!.text!, /^Web results for: server-sent events reconnect\n\n1\. \[HTML Standard: Server-sent events\]\(https:\/\/html\.spec\.whatwg\.org\/multipage\/server-sent-events\.html\)/);
    assert.match(search!.text!, /> The EventSource interface is used to receive server-sent events\./);
    assert.doesNotMatch(search!.text!, /^3\. /m, 'count 2: two results');
    assert.ok(contents?.ok, contents?.error);
    assert.match(contents!.text!, /^<https:\/\/nodejs\.org\/api\/stream\.html>\n\n# Stream \| Node\.js Documentation\n\nA stream is an abstract interface/);
    assert.match(contents!.text!, /<https:\/\/example\.com\/page>\n\n# example\.com\n\nDemo page content\./);
    assert.equal(bad?.ok, false);
    assert.match(bad!.error!, /The input count cannot be 500: use 1-20\./);

    const sent = e2e.you.requests.slice(before).filter((r) => r.path === '/v1/search' || r.path === '/v1/contents');
    assert.deepEqual(sent.map((r) => [r.method, r.path]), [['POST', '/v1/search'], ['POST', '/v1/contents']], 'an invalid count is refused before sending');
    assert.deepEqual(sent[0]!.body, { query: 'server-sent events reconnect', count: 2, freshness: 'month' });
    for (const r of sent) {
      assert.equal(r.headers['x-api-key'], E2E_KEY);
      assert.equal(r.headers.authorization, undefined);
    }
    assert.ok(!readLogs(e2e.profile).extension.includes(E2E_KEY), 'the key is in no log');
  });

  test('"You.com Answer" answers in the chat view with its sources and their excerpts; a citation opens as Markdown', T, async () => {
    chat = await givenNewChat(e2e);
    await givenAgent(e2e, chat, 'you:answer');
    const before = e2e.you.requests.length;
    const input = chat.locator('.composer-input');
    await input.fill('How do server-sent events reconnect?');
    await input.press('Enter');
    const turn = chat.locator('.turn').last();
    await turn.and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 60_000 });

    const sent = e2e.you.requests.slice(before).filter((r) => r.path === '/v1/answer');
    assert.equal(sent.length, 1, 'asked once');
    assert.deepEqual(sent[0]!.body, { query: 'How do server-sent events reconnect?' });
    assert.equal(sent[0]!.headers['x-api-key'], E2E_KEY);

    assert.match(await turn.locator('.answer').innerText(), /server-sent events push text events over one open HTTP response/);
    assert.equal(await turn.locator('.answer a.cite').count(), 2, 'both markers are citations');
    const sources = turn.locator('.source-list li');
    assert.equal(await sources.count(), 2);
    // Title and host in the list; the excerpts on keyboard focus (and hover), as for every source.
    const excerptsOf = async (i: number) => {
      await sources.nth(i).locator('.source-title').focus();
      const excerpts = sources.nth(i).locator('.source-snippets');
      await excerpts.waitFor({ state: 'visible', timeout: 10_000 });
      return excerpts.innerText();
    };
    assert.match(await sources.nth(0).innerText(), /HTML Standard: Server-sent events[\s\S]*html\.spec\.whatwg\.org/);
    assert.match(await excerptsOf(0), /The EventSource interface is used to receive server-sent events\./);
    assert.match(await sources.nth(1).innerText(), /Using server-sent events[\s\S]*developer\.mozilla\.org/);
    assert.match(await excerptsOf(1), /Last-Event-ID/);
    await e2e.workbench.screenshot(join(e2e.shots, 'answer-agent.png'));

    // Right-click the first citation: VS Code's context menu offers the command, which opens the page as Markdown.
    const page = e2e.workbench.page;
    await turn.locator('.answer a.cite[data-cite="1"]').first().click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu .action-label', { hasText: 'Open Source as Markdown' });
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    // A click that lands while the menu is still settling leaves it open; the focused item then runs on Enter.
    await item.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => page.keyboard.press('Enter'));
    const editors = page.locator('.editor-instance .monaco-editor .view-lines');
    const text = await eventually(async () => {
      const shown = (await editors.allInnerTexts().catch(() => [])).map((t) => t.replace(/\u00a0/g, ' '));
      return shown.find((t) => t.includes('The EventSource interface'));
    }, 'the page as Markdown in an editor', 30_000);
    assert.match(text, /<https:\/\/html\.spec\.whatwg\.org\/multipage\/server-sent-events\.html>\s+# HTML Standard: Server-sent events/);
    const contents = e2e.you.requests.slice(before).filter((r) => r.path === '/v1/contents');
    assert.deepEqual(contents.map((r) => r.body), [{ urls: ['https://html.spec.whatwg.org/multipage/server-sent-events.html'], formats: ['markdown'] }]);
    await e2e.workbench.screenshot(join(e2e.shots, 'open-source-markdown.png'));
  });
});
