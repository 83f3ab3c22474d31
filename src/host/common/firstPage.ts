import type { HostMessage } from '../../shared/messages';

/**
 * The chat's first page: the messages a view paints before any message from the host (its state,
 * the attachment chips). The last one a window showed is kept in workspace state, so the next
 * window's view can open on it before the rest of the extension has loaded (src/host/standIns.ts);
 * the rest then sends whatever differs (PageMirror).
 */
export const FIRST_PAGE_KEY = 'youAgents.firstPage';

/**
 * A larger first page is not kept: VS Code reads an extension's workspace state before it
 * activates it, in every window, used or not. 64 KB holds a chat of a few answers; a longer one
 * opens the usual way (after the rest has loaded).
 */
export const FIRST_PAGE_MAX_CHARS = 64 * 1024;

/** What to do with the kept page now: keep these messages (`json`, as measured), remove it (too large), or leave it (not now). */
export type FirstPageUpdate = { keep: HostMessage[]; json: string } | 'remove' | 'leave';

/**
 * What to keep of the messages a view would open on now: the state with no attachments (those
 * belong to this window's editors). While an answer runs or history is still read, the page kept
 * before stays (one saved mid-answer would reopen on a spinner); one too large is removed.
 */
export function firstPageUpdate(messages: readonly HostMessage[]): FirstPageUpdate {
  const state = messages.find((m): m is Extract<HostMessage, { type: 'state' }> => m.type === 'state');
  if (!state || state.state.activeTurnId !== null || state.state.restoring) return 'leave';
  const keep: HostMessage[] = [state, { type: 'attachments', items: [] }];
  const json = JSON.stringify(keep);
  return json.length <= FIRST_PAGE_MAX_CHARS ? { keep, json } : 'remove';
}

/**
 * The kept page as read back: only its shape is checked here (an array of typed objects of the
 * kept size); the page checks every message as it checks the host's (parseHostMessage).
 */
export function keptFirstPage(value: unknown): unknown[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (!value.every((m) => typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string')) return undefined;
  return JSON.stringify(value).length <= FIRST_PAGE_MAX_CHARS ? value : undefined;
}

/**
 * What a page shows, as far as the host knows: the messages it was written with, until the host
 * sends one that changes it. While it is current, a message equal to the one of its type the page
 * was written with changes nothing and is not sent (the same state again would repaint every
 * turn); the first other message makes it stale, and from then on everything is sent.
 */
export class PageMirror {
  private readonly written: Map<string, string>;
  private stale = false;
  /** How many messages went to the page since it was written. */
  sent = 0;

  constructor(messages: readonly unknown[]) {
    this.written = new Map(messages.map((m) => [(m as { type: string }).type, JSON.stringify(m)]));
  }

  /** Whether the page still shows what it was written with (then a `ready` from it needs no answer). */
  get current(): boolean {
    return !this.stale;
  }

  /** The page was sent something else (an answer to its request): from now on everything goes. */
  markStale(): void {
    this.stale = true;
  }

  /** Whether `message` must go to the page; false only for one that repeats what the page already shows. */
  needs(message: HostMessage): boolean {
    if (!this.stale) {
      const written = this.written.get(message.type);
      if (written !== undefined && written === JSON.stringify(message)) return false;
      this.stale = true;
    }
    this.sent++;
    return true;
  }
}
