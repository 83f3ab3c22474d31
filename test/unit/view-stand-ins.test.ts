import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import type * as StandIns from '../../src/host/standIns';
import type { SavedPage } from '../../src/host/savedPage';
import { FIRST_PAGE_KEY } from '../../src/host/common/firstPage';
import { FakeMemento, requireWithVscode } from './helpers';

/**
 * The chat view before the rest of the extension has loaded (src/host/standIns.ts): it opens on the
 * page the last window kept, and the rest loads once that page says it is idle or passes on what the
 * user did, after ten seconds at most, or when a command loads it first; with no kept page the rest loads at once and writes the page.
 * `vscode` is a stand-in with the few parts activation uses; the page is written from the built dist/.
 */
const ROOT = join(__dirname, '..', '..');
type Listener = (message: unknown) => void;
type Provider = { resolveWebviewView(view: unknown): unknown };

const uri = (fsPath: string) => ({ fsPath, path: fsPath, toString: () => `file://${fsPath}` });
let registered: { provider?: Provider; options?: { webviewOptions?: { retainContextWhenHidden?: boolean } } } = {};
const disposable = { dispose() {} };
const fakeVscode = {
  window: {
    registerWebviewViewProvider: (_id: string, provider: Provider, options: typeof registered.options) => {
      registered = { provider, options };
      return disposable;
    },
    registerWebviewPanelSerializer: () => disposable,
  },
  Uri: { joinPath: (base: { fsPath: string }, ...parts: string[]) => uri(join(base.fsPath, ...parts)) },
  env: { language: 'en' },
  l10n: { t: (message: string) => message, bundle: undefined },
  chat: {},
  lm: {},
  commands: {},
  Disposable: class {},
  EventEmitter: class {},
};

const { registerViewStandIns } = requireWithVscode<typeof StandIns>('../../src/host/standIns', fakeVscode);

/** A webview view whose page can speak (`say`) and be closed. */
function fakeView() {
  const listeners: Listener[] = [];
  const closers: (() => void)[] = [];
  const webview = {
    html: '',
    options: {},
    cspSource: 'vscode-resource:',
    asWebviewUri: (u: unknown) => u,
    onDidReceiveMessage: (listener: Listener) => {
      listeners.push(listener);
      return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
    },
  };
  return {
    webview,
    onDidDispose: (closer: () => void) => {
      closers.push(closer);
      return disposable;
    },
    say: (message: unknown) => [...listeners].forEach((listener) => listener(message)),
  };
}

const KEPT = [{ type: 'state', state: { conversation: { id: 'c1', title: 'Kept chat', createdAt: 1, updatedAt: 2, turns: [] } } }];

/** Activation's view stand-ins over a workspace state holding `kept`, with a rest that records how it was used. */
function standIns(kept: unknown) {
  const adopted: { view: unknown; held: unknown[] | undefined }[] = [];
  const resolved: unknown[] = [];
  let loads = 0;
  const surfaces = {
    adoptView: (view: unknown, page: SavedPage) => adopted.push({ view, held: page.takeOver() }),
    resolveWebviewView: (view: unknown) => void resolved.push(view),
    deserializeWebviewPanel: async () => undefined,
  };
  const load = () => {
    loads++;
    return { surfaces } as unknown as ReturnType<Parameters<typeof registerViewStandIns>[0]>;
  };
  const workspaceState = new FakeMemento();
  if (kept !== undefined) void workspaceState.update(FIRST_PAGE_KEY, kept);
  const context = { workspaceState, extensionUri: uri(ROOT) };
  const views = registerViewStandIns(load, () => loads > 0, context as unknown as Parameters<typeof registerViewStandIns>[2]);
  const open = () => {
    const view = fakeView();
    void registered.provider!.resolveWebviewView(view);
    return view;
  };
  return { views, open, adopted, resolved, loads: () => loads };
}

const settled = () => new Promise((done) => setImmediate(done));

describe('the chat view before the rest has loaded', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  test('opens on the kept page; the rest loads once the page says it is idle, and takes over what it said', async () => {
    const { open, adopted, loads } = standIns(KEPT);
    const view = open();
    assert.match(view.webview.html, /Kept chat/, 'the page is written from the kept one');
    view.say({ type: 'ready' });
    await settled();
    assert.equal(loads(), 0, 'nothing loads while the page has only shown');
    view.say({ type: 'idle' });
    await settled();
    assert.equal(loads(), 1);
    assert.deepEqual(adopted, [{ view, held: [{ type: 'ready' }, { type: 'idle' }] }]);
    mock.timers.tick(20_000);
    assert.equal(adopted.length, 1, 'the fallback does not adopt it again');
  });

  test('what the user does before the page is idle loads the rest at once, which handles it', async () => {
    const { open, adopted, loads } = standIns(KEPT);
    const view = open();
    view.say({ type: 'ready' });
    view.say({ type: 'ask', text: 'asked at once' });
    await settled();
    assert.equal(loads(), 1);
    assert.deepEqual(adopted, [{ view, held: [{ type: 'ready' }, { type: 'ask', text: 'asked at once' }] }]);
  });

  test('a page that never says it is idle: the rest loads ten seconds after the view opened', async () => {
    const { open, adopted, loads } = standIns(KEPT);
    const view = open();
    view.say({ type: 'ready' });
    mock.timers.tick(9_999);
    await settled();
    assert.equal(loads(), 0);
    mock.timers.tick(1);
    await settled();
    assert.equal(loads(), 1);
    assert.deepEqual(adopted, [{ view, held: [{ type: 'ready' }] }]);
  });

  test('a command that loads the rest first hands it the waiting page, once', async () => {
    const { views, open, adopted, loads } = standIns(KEPT);
    const view = open();
    assert.equal(loads(), 0);
    views.adoptWaiting();
    assert.deepEqual(adopted, [{ view, held: [] }]);
    view.say({ type: 'ready' });
    view.say({ type: 'idle' });
    mock.timers.tick(20_000);
    await settled();
    assert.equal(adopted.length, 1, 'neither the page nor the fallback adopts it again');
  });

  test('no kept page: the rest loads at once and writes the view itself; the view keeps its page while hidden', async () => {
    const { open, adopted, resolved, loads } = standIns(undefined);
    const view = open();
    assert.equal(loads(), 1);
    assert.deepEqual(resolved, [view]);
    assert.equal(view.webview.html, '', 'the stand-in wrote nothing');
    assert.equal(adopted.length, 0);
    assert.equal(registered.options?.webviewOptions?.retainContextWhenHidden, true);
  });
});
