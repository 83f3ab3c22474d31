import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as Surfaces from '../../src/host/chatSurfaces';
import type { SavedPage } from '../../src/host/savedPage';
import type { WebviewHandlers } from '../../src/host/common/webviewHandlers';
import { requireWithVscode } from './helpers';

/**
 * A view the bootstrap opened on the kept page, taken over by the rest (ChatSurfaces.adoptView):
 * what the page said before this window's chat was restored (held by the bootstrap, or arriving
 * meanwhile) is handled after it, in order, once the restored chat has been sent to the page.
 */
const disposable = { dispose() {} };
const fakeVscode = { commands: {}, l10n: { t: (m: string) => m }, Uri: {}, ViewColumn: {}, window: {} };
const { ChatSurfaces } = requireWithVscode<typeof Surfaces>('../../src/host/chatSurfaces', fakeVscode);

test('what the kept page said before the chat was restored is handled after it, in order', async () => {
  const events: string[] = [];
  let restore = () => {};
  const controller = {
    restored: new Promise<void>((resolve) => (restore = resolve)),
    attach: () => disposable,
  };
  // Every handler records its message; the ones a page sends before the restore are what matter here.
  const handlers = new Proxy({} as WebviewHandlers, {
    get: (_target, type: string) => (message: { turnId?: string }) => void events.push(`handled ${type}${message.turnId ? ` ${message.turnId}` : ''}`),
  });
  const written = [{ type: 'state', state: { conversation: { id: 'kept' } } }];
  const restoredState = { type: 'state', state: { conversation: { id: 'restored' } } };
  const log = { debug() {}, info() {}, warn() {}, error: (line: string) => events.push(`error ${line}`) };
  const surfaces = new ChatSurfaces({} as never, controller as never, handlers, log, () => [restoredState as never]);
  let say: (message: unknown) => void = () => {};
  const webview = {
    postMessage: async (message: { type: string; state?: { conversation: { id: string } } }) =>
      void events.push(`sent ${message.type} ${message.state?.conversation.id ?? ''}`.trim()),
    onDidReceiveMessage: (listener: (message: unknown) => void) => ((say = listener), disposable),
  };
  const view = { webview, onDidDispose: () => disposable, show() {} };
  const saved: SavedPage = {
    messages: written,
    spoke: Promise.resolve(),
    takeOver: () => [{ type: 'ready' }, { type: 'copyAnswer', turnId: 't1' }],
  };

  surfaces.adoptView(view as never, saved);
  say({ type: 'retry', turnId: 't1' });
  await new Promise((done) => setImmediate(done));
  assert.deepEqual(events, [], 'nothing is handled before the chat is restored');

  restore();
  await new Promise((done) => setImmediate(done));
  const inOrder = ['sent state restored', 'handled copyAnswer t1', 'handled retry t1'];
  assert.deepEqual(events, inOrder, 'the restored chat first, then the held and the later message, in order; ready needs no answer');

  say({ type: 'showAnswer', turnId: 't2', index: 0 });
  assert.deepEqual(events.at(-1), 'handled showAnswer t2', 'once restored, messages are handled as they come');
});
