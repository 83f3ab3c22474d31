import type { AttachmentChip } from '../shared/messages';
import { hasHidden, showHidden } from '../core/visibleText';
import { AttachMenu } from './attachMenu';
import { AttachmentChips } from './attachmentChips';
import type { Act } from './chatActions';
import { composerAction, type SendKey } from './composerKeys';
import { h, iconButton } from './dom';
import { t } from './l10n';

/** The question box under the transcript: its text, Send/Stop, the attach menu and the attached context. */
export class Composer {
  readonly input = h('textarea', {
    class: 'composer-input',
    rows: '1',
    placeholder: t('Ask a question…'),
    title: t('Enter to send, Shift+Enter for a new line'),
    'aria-label': t('Question'),
  });
  private readonly send = iconButton('send', t('Send'), { class: 'icon-button send', 'data-action': 'send' });
  readonly stop = iconButton('debug-stop', t('Stop'), { class: 'icon-button stop', 'data-action': 'stop' });
  readonly attach: AttachMenu;
  private readonly chips = new AttachmentChips();
  /** Says that the composer's hidden characters were written out (see take). */
  private readonly hiddenNote = h('p', { class: 'composer-note', role: 'status', hidden: true });
  readonly element: HTMLElement;
  private key: SendKey = 'enter';
  private lastSent: string | undefined;

  constructor(act: Act) {
    this.attach = new AttachMenu(act);
    this.element = h(
      'footer',
      { class: 'composer' },
      this.chips.element,
      this.hiddenNote,
      h('div', { class: 'composer-row' }, this.attach.button, this.input, this.send, this.stop),
      this.attach.menu,
    );
    this.input.addEventListener('keydown', (e) => {
      const action = composerAction(e, { sendKey: this.key, empty: this.input.value === '', busy: this.busy });
      if (action === 'none') return;
      e.preventDefault();
      act({ kind: action });
    });
    this.input.addEventListener('input', () => this.autoGrow());
  }

  get sendKey(): SendKey {
    return this.key;
  }

  set sendKey(key: SendKey) {
    this.key = key;
    this.input.title = key === 'enter' ? t('Enter to send, Shift+Enter for a new line') : t('Ctrl+Enter to send, Enter for a new line');
  }

  /** Whether a run is going: Stop shows in Send's place. */
  get busy(): boolean {
    return !this.stop.hidden;
  }

  set busy(busy: boolean) {
    this.send.hidden = busy;
    this.stop.hidden = !busy;
  }

  /** Stop while it shows: where focus goes after Send. */
  get visibleStop(): HTMLElement | undefined {
    return this.stop.hidden ? undefined : this.stop;
  }

  showAttachments(items: AttachmentChip[]): void {
    this.chips.show(items);
  }

  /**
   * The question to send, emptying the box; none when it is empty. What is sent is what the
   * composer shows: invisible, bidi and control characters are written out as ⟨U+XXXX⟩ first
   * (src/core/visibleText.ts), and the next Send sends that text.
   */
  take(): string | undefined {
    const text = this.input.value.trim();
    if (!text) return undefined;
    if (hasHidden(text)) {
      this.input.value = showHidden(text);
      this.hiddenNote.textContent = t('Invisible or reordering characters are written out as ⟨U+…⟩. Send again to send the question as shown.');
      this.hiddenNote.hidden = false;
      this.autoGrow();
      return undefined;
    }
    this.hiddenNote.hidden = true;
    this.lastSent = text;
    this.input.value = '';
    this.autoGrow();
    return text;
  }

  /** Up in an empty composer: the last question typed here, else `earlier` (the conversation's last plain question). */
  recall(earlier: string | undefined): void {
    const last = this.lastSent ?? earlier;
    if (!last) return;
    this.input.value = last;
    this.autoGrow();
    this.input.setSelectionRange(last.length, last.length);
  }

  /**
   * Fits the box to its text, up to 200px. Its height counts the borders (border-box) and
   * scrollHeight does not: without them, a question of two lines or more scrolled by 2px.
   */
  private autoGrow(): void {
    const input = this.input;
    input.style.height = 'auto';
    const borders = input.offsetHeight - input.clientHeight;
    input.style.height = `${Math.min(input.scrollHeight + borders, 200)}px`;
  }
}
