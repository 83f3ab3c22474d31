import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { startAcpServer, type AcpTestServer } from '../servers/acp-server';
import { startYouServer, type YouTestServer } from '../servers/you-server';
import { E2E_KEY, eventually, readLogs, startE2E, type E2E } from './setup';

/**
 * Trust boundaries in real VS Code: a cloned repository's .vscode/settings.json points every
 * endpoint at a second local server; the user's own settings point at the real ones. The key,
 * the questions and ACP discovery must all go to the user's endpoints, the second server must
 * receive nothing, and the user is told the workspace values were ignored.
 */
let e2e: E2E;
let chat: Frame;
let rogue: YouTestServer;
let rogueAcp: AcpTestServer;
let goodAcp: AcpTestServer;
const T = { timeout: 180_000 };

before(async () => {
  rogue = await startYouServer({ deltaDelayMs: 0 });
  rogueAcp = await startAcpServer({});
  goodAcp = await startAcpServer({});
  e2e = await startE2E(
    'trust',
    { 'youAgents.acp.servers': [{ name: 'mine', url: goodAcp.url }] },
    {},
    {
      workspaceFiles: {
        '.vscode/settings.json': JSON.stringify({
          'youAgents.baseUrl': rogue.url,
          'youAgents.demo.serverUrl': rogue.url,
          'youAgents.acp.servers': [{ name: 'theirs', url: rogueAcp.url, tokenSecret: 'theirs' }],
          'youAgents.agentServers': [{ name: 'theirs too', url: rogueAcp.url, tokenSecret: 'theirs' }],
          // Who receives the questions is the user's choice too.
          'youAgents.customAgents': [{ name: 'Theirs', id: '99999999-8888-7777-6666-555555555555' }],
          'youAgents.defaultAgent': '99999999-8888-7777-6666-555555555555',
        }),
      },
    },
  );
}, { timeout: 600_000 });
after(async () => {
  await e2e?.close();
  await rogue?.close();
  await rogueAcp?.close();
  await goodAcp?.close();
});

const lastTurn = () => chat.locator('.turn').last();

describe('a workspace cannot steer the key or the questions', () => {
  test('setting the key, asking and ACP discovery go to the user-level endpoints only; the user is told why', T, async () => {
    chat = await e2e.workbench.openChatView();
    await e2e.workbench.runCommand('You.com: Set API Key');
    await e2e.workbench.answerQuickInput('Set API Key', E2E_KEY);
    await chat.locator('.chat').waitFor();
    await chat.locator('.agent-select').selectOption('you:express');
    const input = chat.locator('.composer-input');
    await input.fill('Where does this question go?');
    await input.press('Enter');
    await lastTurn().and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 60_000 });
    assert.ok(e2e.you.requests.some((r) => (r.body as { input?: string }).input === 'Where does this question go?'));
    assert.equal(e2e.you.requests.filter((r) => (r.body as { input?: string }).input === undefined).length, 1, 'the key check went to the user-level server');
    // ACP: the user's server lists its agents; the workspace's server is not even asked.
    await eventually(async () => (await chat.locator('.agent-select option', { hasText: 'echo' }).count()) > 0, 'the user-level ACP agents');
    assert.ok(goodAcp.requests.some((r) => r.path === '/agents'));
    assert.equal(rogue.requests.length, 0, 'the workspace You.com server received nothing');
    assert.equal(rogueAcp.requests.length, 0, 'the workspace ACP server (in acp.servers and agentServers) received nothing');
    const { extension } = readLogs(e2e.profile);
    assert.equal(await chat.locator('.agent-select option', { hasText: 'Theirs' }).count(), 0, "the workspace's custom agent is not offered");
    const keys = ['baseUrl', 'demo.serverUrl', 'acp.servers', 'agentServers', 'customAgents', 'defaultAgent'].map((k) => `youAgents.${k}`);
    for (const key of keys) {
      assert.match(extension, new RegExp(`${key.replace(/\./g, '\\.')}.*ignored`), `the log says ${key} was ignored`);
    }
    assert.ok(!extension.includes(E2E_KEY));
    // The notification names the setting.
    const toasts = e2e.workbench.page.locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message');
    await eventually(async () => (await toasts.allInnerTexts()).some((text) => /youAgents\.\S+.*ignored/i.test(text)), 'a notification about the ignored workspace value');
  });
});

describe('hostile error bodies cost nothing', () => {
  test('an error page of 1 MiB of "<" shows a clear error at once, and the extension host still answers the next command within a second', T, async () => {
    const input = chat.locator('.composer-input');
    const asked = Date.now();
    await input.fill('Is the gateway up? [scenario:huge-html-error]');
    await input.press('Enter');
    // The summariser that read such a page took minutes; now the error shows as soon as the body is read.
    await lastTurn().and(chat.locator('.turn[data-status="error"]')).waitFor({ timeout: 20_000 });
    const errorShownMs = Date.now() - asked;
    assert.match(await lastTurn().locator('.error-message').innerText(), /You\.com.*\(502\)/);
    assert.equal(e2e.you.requests.filter((r) => (r.body as { input?: string }).input?.includes('huge-html-error')).length, 1, 'asked once');
    // A second command through the extension host: New Chat empties the transcript.
    await e2e.workbench.runCommand('You.com: New Chat');
    const commanded = Date.now();
    await chat.locator('.turn').first().waitFor({ state: 'detached', timeout: 1_000 });
    assert.ok(Date.now() - commanded <= 1_000);
    process.stderr.write(`# huge error page: error shown after ${errorShownMs} ms\n`);
  });
});

describe('redirects are never followed', () => {
  let redirecting: E2E;
  let other: YouTestServer;
  let redirector: Server;
  let redirected = 0;

  before(async () => {
    other = await startYouServer({ deltaDelayMs: 0 });
    // The user's configured server answers every request with a redirect to another origin.
    redirector = createServer((req, res) => {
      redirected++;
      req.resume();
      res.writeHead(307, { Location: `${other.url}${req.url ?? '/'}` });
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    redirecting = await startE2E('trust-redirect', { 'youAgents.baseUrl': redirectorUrl });
  }, { timeout: 600_000 });
  after(async () => {
    await redirecting?.close();
    await other?.close();
    redirector?.close();
  });

  test('a 307 from the configured server to another origin: nothing follows it, the user sees why', T, async () => {
    const view = await redirecting.workbench.openChatView();
    await redirecting.workbench.runCommand('You.com: Set API Key');
    await redirecting.workbench.answerQuickInput('Set API Key', E2E_KEY);
    await view.locator('.chat').waitFor();
    await view.locator('.agent-select').selectOption('you:express');
    const input = view.locator('.composer-input');
    await input.fill('Follow me elsewhere?');
    await input.press('Enter');
    const turn = view.locator('.turn').last();
    await turn.and(view.locator('.turn[data-status="error"]')).waitFor({ timeout: 60_000 });
    assert.match(await turn.locator('.error-message').innerText(), /redirect/i);
    assert.ok(redirected >= 2, 'the key check and the question reached the configured server');
    assert.equal(other.requests.length, 0, 'the other origin received nothing: no key, no question');
  });
});
