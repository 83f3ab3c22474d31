import { parseHTML } from 'linkedom';
import type { Turn } from '../../src/core/conversation';
import type { ViewState } from '../../src/shared/messages';

/**
 * The page globals the chat's parts use, on linkedom, for plain-Node tests of the webview's logic.
 * Layout does not exist here: the observers that watch it do nothing, focus is a no-op and a
 * textarea has no selection. Installed once per test process.
 */
export function installChatPage(): void {
  const globals = globalThis as unknown as Record<string, unknown>;
  if (globals.document) return;
  const page = parseHTML('<!doctype html><html><head></head><body><div id="app"></div></body></html>');
  const win = page as unknown as Record<string, unknown> & { HTMLElement: { prototype: object } };
  win.innerWidth = 800;
  win.innerHeight = 600;
  globals.window = page;
  globals.document = page.document;
  globals.Node = page.Node;
  globals.HTMLElement = page.HTMLElement;
  globals.CSS = { escape: (s: string) => s.replace(/["\\]/g, '\\$&') };
  globals.requestAnimationFrame = (run: () => void) => setTimeout(run, 0);
  globals.cancelAnimationFrame = (id: ReturnType<typeof setTimeout>) => clearTimeout(id);
  class NoLayoutObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  globals.ResizeObserver = NoLayoutObserver;
  globals.IntersectionObserver = NoLayoutObserver;
  const textarea = Object.getPrototypeOf(page.document.createElement('textarea')) as Record<string, unknown>;
  textarea.setSelectionRange ??= () => undefined;
  // linkedom's select has a value getter only; the picker sets and reads it.
  const values = new WeakMap<object, string>();
  Object.defineProperty(Object.getPrototypeOf(page.document.createElement('select')), 'value', {
    configurable: true,
    get(this: object) {
      return values.get(this) ?? '';
    },
    set(this: object, value: string) {
      values.set(this, value);
    },
  });
}

/** A bubbling, cancelable event of `type` with `fields` (linkedom has no KeyboardEvent). */
export function fire(target: EventTarget, type: string, fields: Record<string, unknown> = {}): Event {
  const event = new (window as unknown as { Event: typeof Event }).Event(type, { bubbles: true, cancelable: true });
  Object.assign(event, { key: '', shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, isComposing: false, ...fields });
  target.dispatchEvent(event);
  return event;
}

export function click(target: Element): Event {
  return fire(target, 'click');
}

export function turn(id: string, fields: Partial<Turn> = {}): Turn {
  const base: Turn = { id, question: `question ${id}`, agentId: 'express', agentLabel: 'Express',
    answer: `answer ${id}`, citations: [], status: 'done', startedAt: 1 };
  return { ...base, ...fields };
}

export function viewState(turns: Turn[], fields: Partial<ViewState> = {}): ViewState {
  return {
    conversation: { id: 'c1', title: 'Chat', createdAt: 1, updatedAt: 1, turns },
    agents: [{ id: 'express', label: 'Express', group: 'You.com' }],
    selectedAgentId: 'express',
    ready: true,
    demo: false,
    activeTurnId: null,
    phase: 'idle',
    sendKey: 'enter',
    ...fields,
  };
}
