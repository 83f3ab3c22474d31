import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type * as HostActionsModule from '../../src/host/hostActions';
import type * as FakeVscode from '../tools/fakeVscode';
import { requireWithFakeVscode } from './helpers';

/** HostActions in plain Node, on the fake vscode (bundled in, so its `recorded` is the one the module writes to). */
let HostActions: typeof HostActionsModule.HostActions;
let recorded: typeof FakeVscode.recorded;
const warned: string[] = [];

before(async () => {
  const loaded = await requireWithFakeVscode<typeof HostActionsModule & { recorded: typeof FakeVscode.recorded }>('test/tools/hostActionsEntry.ts');
  ({ HostActions, recorded } = loaded);
});

const actions = () => new HostActions({ debug() {}, info() {}, warn: (m) => warned.push(m), error() {} });

test('openLink opens http and https links, and nothing else', async () => {
  recorded.opened.length = 0;
  const host = actions();
  await host.openLink('https://example.com/a?b=1');
  await host.openLink('http://example.com/');
  for (const url of ['javascript:alert(1)', 'command:workbench.action.terminal.new', 'file:///etc/passwd', 'vscode://x', 'data:text/html,x', 'not a url']) {
    await host.openLink(url);
  }
  assert.deepEqual(recorded.opened, ['https://example.com/a?b=1', 'http://example.com/']);
  assert.equal(recorded.warnings.length, 6);
  assert.equal(warned.length, 6);
});

test('openYouPage opens only you.com pages; anything else falls back to the credits page', async () => {
  recorded.opened.length = 0;
  const host = actions();
  await host.openYouPage('credits', 'https://you.com/platform/upgrade?plan=pro');
  await host.openYouPage('credits', 'https://evil.example/you.com');
  await host.openYouPage('credits', 'javascript:alert(1)');
  await host.openYouPage('key', 'https://evil.example/');
  assert.deepEqual(recorded.opened, ['https://you.com/platform/upgrade?plan=pro', 'https://you.com/platform', 'https://you.com/platform', 'https://you.com/platform/api-keys']);
});
