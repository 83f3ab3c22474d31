import type { Disposable, Memento } from 'vscode';
import type { Log } from '../core/redact';
import type { HostMessage } from '../shared/messages';
import { FIRST_PAGE_KEY, firstPageUpdate } from './common/firstPage';
import type { ChatSurface } from './chatController';

/** What streams within an answer: the page is kept when the answer ends, not on each of these. */
const STREAMING: ReadonlySet<HostMessage['type']> = new Set(['delta', 'citations', 'progress']);
/** After the chat last changed: one write per burst of changes, off the streaming path. */
const KEEP_AFTER_MS = 1000;

/**
 * Keeps the chat's first page in workspace state for the next window (src/host/common/firstPage.ts),
 * a second after the chat last changed or as the window closes; unchanged pages are not written again.
 */
export function keepFirstPages(parts: {
  controller: { attach(surface: ChatSurface): Disposable };
  workspaceState: Memento;
  /** What a view would open on now (src/host/common/webviewHandlers.ts). */
  viewMessages: () => HostMessage[];
  log: Log;
}): Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let written: string | undefined;
  const keep = async () => {
    const update = firstPageUpdate(parts.viewMessages());
    if (update === 'leave') return;
    const value = update === 'remove' ? undefined : update.keep;
    const text = update === 'remove' ? 'null' : update.json;
    if (text === written) return;
    written = text;
    await parts.workspaceState.update(FIRST_PAGE_KEY, value);
    parts.log.info(value ? `kept the chat's first page for the next window (${text.length} characters)` : "the chat's first page is too large to keep");
  };
  const keepNow = () => {
    timer = undefined;
    void keep().catch((err: unknown) => parts.log.warn(`keeping the chat's first page: ${String(err)}`));
  };
  const surface = parts.controller.attach({
    post: (message) => {
      if (STREAMING.has(message.type)) return;
      clearTimeout(timer);
      timer = setTimeout(keepNow, KEEP_AFTER_MS);
    },
  });
  return {
    // A window closing within the second keeps its last change too (a deleted chat is not shown again).
    dispose: () => {
      surface.dispose();
      if (timer === undefined) return;
      clearTimeout(timer);
      keepNow();
    },
  };
}
