import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { startAcpServer, type AcpTestServer } from '../servers/acp-server';
import { startForwardProxy, type ForwardProxy } from '../servers/proxy';
import { makeTestCertificate, type TestCertificate } from '../servers/testCertificate';
import { givenAgent, givenKey, givenNewChat } from './given';
import { eventually, readLogs, startE2E, type E2E } from './setup';

/**
 * Behind a company proxy, in real VS Code: `http.proxy` points at a local forwarding proxy.
 * VS Code sends loopback requests direct, so the You.com stand-in is reached by a test name,
 * `https://you.test:<port>`, which only the proxy resolves (to 127.0.0.1): an answer that
 * arrives came through the proxy. The stand-in serves https with a certificate made at test
 * time; the extension host trusts it through NODE_EXTRA_CA_CERTS, which applies only while
 * `http.systemCertificates` is off (on, VS Code's fetch passes its own CA list, the system's).
 */
let e2e: E2E;
let chat: Frame;
let proxy: ForwardProxy;
let certificate: TestCertificate;
let acp: AcpTestServer;
const T = { timeout: 180_000 };
const HOST = 'you.test';
const ACP_HOST = 'acp.test';

before(
  async () => {
    certificate = makeTestCertificate(HOST, ACP_HOST);
    proxy = await startForwardProxy({ [HOST]: '127.0.0.1', [ACP_HOST]: '127.0.0.1' });
    acp = await startAcpServer({ tls: { hostName: ACP_HOST, cert: certificate.cert, key: certificate.key } });
    e2e = await startE2E(
      'proxy',
      {
        'http.proxy': proxy.url,
        'http.proxySupport': 'override',
        'http.systemCertificates': false,
        'youAgents.acp.servers': [{ name: 'corp', url: acp.url }],
      },
      { tls: { hostName: HOST, cert: certificate.cert, key: certificate.key } },
      { env: { NODE_EXTRA_CA_CERTS: certificate.certFile } },
    );
  },
  { timeout: 600_000 },
);
after(async () => {
  await e2e?.close();
  await proxy?.close();
  await acp?.close();
  certificate?.dispose();
});

const lastTurn = () => chat.locator('.turn').last();
const youPort = () => new URL(e2e.you.url).port;

describe('behind a proxy (http.proxy)', () => {
  test('the key check, an answer and ACP discovery go through the proxy, and the answer streams', T, async () => {
    assert.match(e2e.you.url, /^https:\/\/you\.test:\d+$/);
    chat = await givenKey(e2e);
    await givenNewChat(e2e);
    await givenAgent(e2e, chat, 'you:express');
    const input = chat.locator('.composer-input');
    await input.fill('What is the capital of France?');
    await input.press('Enter');
    await lastTurn().and(chat.locator('.turn[data-status="done"]')).waitFor({ timeout: 60_000 });
    assert.match(await lastTurn().locator('.answer').innerText(), /What is the capital of France\?/);
    const inputs = e2e.you.requests.map((r) => (r.body as { input?: string }).input);
    assert.ok(inputs.includes(undefined), 'the key check reached the stand-in');
    assert.ok(inputs.includes('What is the capital of France?'), 'the question reached the stand-in');
    // Only the proxy knows you.test: every request above came through it.
    assert.ok(proxy.log.filter((line) => line === `CONNECT ${HOST}:${youPort()}`).length >= 1, proxy.log.join('\n'));
    assert.deepEqual(proxy.log.filter((line) => line.endsWith('refused')), []);
    // ACP: the agents of https://acp.test:<port> are listed, which only the proxy could reach.
    await eventually(async () => (await chat.locator('.agent-select option', { hasText: 'echo' }).count()) > 0, 'the ACP agents through the proxy');
    assert.ok(acp.requests.some((r) => r.path === '/agents'));
    assert.ok(proxy.log.includes(`CONNECT ${ACP_HOST}:${new URL(acp.url).port}`), proxy.log.join('\n'));
  });

  test('with the proxy down, the error names the proxy', T, async () => {
    chat = await givenNewChat(e2e);
    await proxy.close();
    const before = e2e.you.requests.length;
    const input = chat.locator('.composer-input');
    await input.fill('Is the proxy there?');
    await input.press('Enter');
    await lastTurn().and(chat.locator('.turn[data-status="error"]')).waitFor({ timeout: 60_000 });
    const shown = await lastTurn().locator('.error-message').innerText();
    await e2e.workbench.screenshot(join(e2e.shots, 'proxy-error.png'));
    assert.ok(shown.includes(`could not connect to the proxy ${proxy.url}/`), shown);
    assert.match(shown, /ECONNREFUSED/);
    assert.equal(e2e.you.requests.length, before, 'nothing reached the stand-in');
    await eventually(() => readLogs(e2e.profile).extension.includes(`proxy ${proxy.url}/`), 'the log names the proxy');
  });
});
