/**
 * The chat's one focus manager. Controls come and go as the host's state changes (Send turns into
 * Stop, a turn's tools are rebuilt, a new chat replaces the transcript); when the control that had
 * keyboard focus goes, focus moves to where the user's next step is instead of dropping to the page.
 *
 * It is told of actions (`expect`, `moveTo`, `opened`) and checks after every change (`settle`),
 * so no control has to look after its own focus.
 */
export class FocusManager {
  /** The element that last had focus inside the chat. */
  private last: HTMLElement | undefined;
  /** The turn it was in (read on focus: a removed element no longer knows its turn). */
  private lastTurnId: string | undefined;
  /** Where the action just taken leads, once the control that started it goes away. */
  private next: (() => HTMLElement | undefined) | undefined;
  /** The control that opened something outside the webview (a link's "open website?" dialog). */
  private opener: HTMLElement | undefined;
  private openerTurnId: string | undefined;
  private queued = false;

  constructor(
    private readonly root: HTMLElement,
    /** Where focus goes when nothing better is known: the composer, or the welcome's first button. */
    private readonly fallback: () => HTMLElement | undefined,
  ) {
    root.addEventListener('focusin', (e) => {
      const target = e.target as HTMLElement;
      if (target !== this.last) this.next = undefined;
      if (target !== this.opener) this.opener = undefined;
      this.last = target;
      this.lastTurnId = target.closest<HTMLElement>('.turn')?.dataset.turnId;
    });
    // Keys and clicks may rebuild what had focus (Escape closing an editor, a cancelled edit). Captured,
    // because a control may stop the event; checked after the whole dispatch.
    root.addEventListener('keydown', () => this.settleSoon(), true);
    root.addEventListener('click', () => this.settleSoon(), true);
    // Back from a dialog or an editor the webview opened: to the control that opened it.
    window.addEventListener('focus', () => this.restore());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.restore();
    });
  }

  /** After the action of the focused control, focus goes to `target` once that control is gone. */
  expect(target: () => HTMLElement | undefined): void {
    this.next = target;
  }

  /** Moves focus now (an action whose next step is known at once: a new chat → the composer). */
  moveTo(target: HTMLElement | undefined): void {
    this.next = undefined;
    target?.focus();
  }

  /** `control` opened something outside the webview; focus returns to it when the webview has focus again. */
  opened(control: HTMLElement): void {
    this.opener = control;
    this.openerTurnId = control.closest<HTMLElement>('.turn')?.dataset.turnId;
  }

  /** The element with focus, or the one that last had it while the webview is not focused. */
  get current(): HTMLElement | undefined {
    const active = document.activeElement;
    return active instanceof HTMLElement && active !== document.body && this.root.contains(active) ? active : this.last;
  }

  /** Checks, after the view changed, that focus is still on a control in use; otherwise moves it on. */
  settle(): void {
    const last = this.last;
    if (!last || usable(last)) return;
    const active = document.activeElement;
    // Focus already went somewhere else on purpose (another control, outside the chat).
    if (active && active !== last && active !== document.body && active !== document.documentElement) return;
    const target = [this.next?.(), replacement(last, this.lastTurnId), this.fallback()].find((el) => el && usable(el));
    this.next = undefined;
    target?.focus();
  }

  private settleSoon(): void {
    if (this.queued) return;
    this.queued = true;
    setTimeout(() => {
      this.queued = false;
      this.settle();
    }, 0);
  }

  /**
   * The webview has focus again (VS Code may focus and blur it more than once as a dialog closes):
   * if nothing in it has focus, focus goes back to the control that opened the dialog, else to the
   * one that had focus last, or the same control rebuilt meanwhile (a turn's sources rendered again).
   */
  private restore(): void {
    const active = document.activeElement;
    if (active && active !== document.body && active !== document.documentElement) return;
    const [was, turnId] = this.opener ? [this.opener, this.openerTurnId] : [this.last, this.lastTurnId];
    const target = was && (usable(was) ? was : replacement(was, turnId));
    if (target) target.focus();
    else this.settle();
  }
}

/** In the page, shown and enabled: focus can stay on it. */
function usable(el: HTMLElement): boolean {
  return el.isConnected && !el.closest('[hidden]') && !(el as HTMLButtonElement).disabled;
}

/**
 * The same control rebuilt (a turn's tools or sources are rendered again), else the question's
 * Edit button for a closed editor, else the turn's heading.
 */
function replacement(gone: HTMLElement, turnId: string | undefined): HTMLElement | undefined {
  if (!turnId) return undefined;
  const turn = document.querySelector<HTMLElement>(`.turn[data-turn-id="${CSS.escape(turnId)}"]`);
  if (!turn) return undefined;
  const action = gone.dataset.turnAction;
  const href = gone instanceof HTMLAnchorElement ? gone.getAttribute('href') : null;
  const same = action
    ? turn.querySelector<HTMLElement>(`[data-turn-action="${CSS.escape(action)}"]:not(:disabled)`)
    : href
      ? turn.querySelector<HTMLElement>(`a.${CSS.escape(gone.classList[0] ?? 'source-title')}[href="${CSS.escape(href)}"]`)
      : null;
  const edit = gone.dataset.edit !== undefined || gone.classList.contains('edit-input') ? turn.querySelector<HTMLElement>('.question-edit') : null;
  return same ?? edit ?? turn.querySelector<HTMLElement>('.question-heading') ?? undefined;
}
