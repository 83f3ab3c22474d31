import { answerCount, shownIndex } from '../core/answerVersions';
import { isHttpUrl } from '../core/url';
import { hasHidden, showHidden } from '../core/visibleText';
import type { Citation, ErrorView, Turn } from '../shared/messages';
import type { Act } from './chatActions';
import { composerAction, type SendKey } from './composerKeys';
import { markCitationLinks } from './citationLinks';
import { h, icon, iconButton, textButton } from './dom';
import { t } from './l10n';
import type { Markdown } from './markdown';
import { StreamingAnswer } from './streamingAnswer';
import { researchFooter, sourceSnippets } from './researchTurn';

/**
 * What the turns chunk (dist/webview-markdown.js) gives the chat: turns' views, with the chunk's
 * Markdown renderer. The chat's first bundle holds neither, so a page that opens without turns
 * does not carry them (src/webview/markdownLoader.ts).
 */
export interface TurnRenderer {
  turnView(turn: Turn, act: Act, onRendered: () => void): TurnView;
}

export function turnRenderer(md: Markdown): TurnRenderer {
  return { turnView: (turn, act, onRendered) => new TurnView(turn, md, act, onRendered) };
}

/** One question and its answer: status line, streamed Markdown, error with actions, sources. */
export class TurnView {
  readonly element: HTMLElement;
  readonly answer: StreamingAnswer;
  /** The status line; the chat's one live region reads each step out (see Announcer), so this one is not live. */
  private readonly progress = h('div', { class: 'progress' });
  private readonly footer = h('div', { class: 'turn-footer' });
  private readonly sources = h('div', { class: 'sources' });
  private readonly question = h('div', { class: 'question' });
  private current: Turn;
  private editing = false;
  /** The question shown (its text and label), so an update that does not change it keeps its elements and focus. */
  private questionShown: string | undefined;
  /** The sources shown, as JSON, so an update with the same ones does not rebuild their links. */
  private citationsShown: string | undefined;

  constructor(
    turn: Turn,
    md: Markdown,
    private readonly act: Act,
    onRendered: () => void,
  ) {
    this.current = turn;
    this.answer = new StreamingAnswer(md, onRendered);
    this.element = h(
      'article',
      { class: 'turn', 'data-turn-id': turn.id, 'aria-labelledby': `q-${turn.id}` },
      this.question,
      h('div', { class: 'agent-label' }, icon('sparkle'), h('span', { text: turn.agentLabel })),
      this.progress,
      this.answer.element,
      this.footer,
      this.sources,
    );
    this.update(turn, true);
  }

  get turn(): Turn {
    return this.current;
  }

  get status(): Turn['status'] {
    return this.current.status;
  }

  /** Applies a whole turn (start, end, restore); `rerender` re-renders the answer text from scratch. */
  update(turn: Turn, rerender: boolean): void {
    this.current = turn;
    this.element.dataset.status = turn.status;
    if (!this.editing) this.renderQuestion();
    if (rerender) this.answer.reset(turn.answer, turn.status !== 'streaming');
    else if (turn.status !== 'streaming') this.answer.finish();
    this.setProgress(turn.status === 'streaming' ? (turn.progress ?? t('Thinking…')) : undefined);
    this.setCitations(turn.citations);
    this.renderFooter();
  }

  appendDelta(text: string): void {
    this.answer.append(text);
    // The status line ("Thinking…", "Starting…") goes once text flows; a later research step shows again.
    if (!this.progress.hidden) {
      this.current.progress = undefined;
      this.setProgress(undefined);
    }
  }

  /** The question's heading: where focus goes when the turn's own controls are rebuilt (Regenerate). */
  get heading(): HTMLElement | undefined {
    return this.question.querySelector<HTMLElement>('.question-heading') ?? undefined;
  }

  setProgress(message: string | undefined): void {
    if (message === undefined) {
      this.progress.replaceChildren();
      this.progress.hidden = true;
      return;
    }
    this.progress.hidden = false;
    this.progress.replaceChildren(icon('loading codicon-modifier-spin'), h('span', { text: message }));
  }

  progressUpdate(message: string): void {
    this.current.progress = message;
    this.setProgress(message);
  }

  setCitations(citations: Citation[]): void {
    // The same sources again (every turn update carries them): the links stay, and keep focus.
    const shown = JSON.stringify(citations);
    if (shown === this.citationsShown) return;
    this.citationsShown = shown;
    this.current.citations = citations;
    // Inline [n] links pointing at source n are styled as citations with its title, now and when rendered later.
    this.answer.citations.clear();
    for (const c of citations) {
      const name = t('Source {0}: {1}, {2}', c.index, c.title, c.host);
      this.answer.citations.set(String(c.index), { url: c.url, title: `${c.title} — ${c.host}`, name });
    }
    markCitationLinks(this.answer.element, this.answer.citations);
    if (citations.length === 0) {
      this.sources.replaceChildren();
      return;
    }
    const list = h('ol', { class: 'source-list' });
    for (const c of citations) {
      if (!isHttpUrl(c.url)) continue;
      // Several snippets (Research): shown on hover and focus, and as the link's description.
      const snippets = sourceSnippets(this.current.id, c);
      list.append(
        h(
          'li',
          { value: String(c.index), 'data-index': String(c.index), class: snippets ? 'has-snippets' : undefined },
          h('a', { href: c.url, class: 'source-title', title: c.url, text: c.title || c.host, 'aria-describedby': snippets?.id }),
          h('span', { class: 'source-host', text: c.host }),
          snippets ?? (c.snippet ? h('div', { class: 'source-snippet', text: c.snippet }) : undefined),
        ),
      );
    }
    this.sources.replaceChildren(h('div', { class: 'sources-heading' }, icon('globe'), h('span', { text: t('Sources') })), list);
  }

  private renderQuestion(): void {
    const turn = this.current;
    const shown = `${turn.questionLabel ?? ''}\0${turn.question}`;
    if (shown === this.questionShown) return;
    this.questionShown = shown;
    // A question sent with attachments shows its label; editing it would drop what was attached.
    const edit = turn.questionLabel ? undefined : iconButton('edit', t('Edit and resend'), { class: 'icon-button question-edit', 'data-turn-action': 'edit' });
    // A heading per question, so a screen reader can move from question to question.
    const heading = h('h2', { class: 'question-text question-heading', id: `q-${turn.id}`, tabindex: '-1', text: turn.questionLabel ?? turn.question });
    const body = h('div', { class: 'question-body' }, heading);
    // What was sent with a label (a selection, a problem, attachments) can be read in full.
    if (turn.questionLabel) {
      body.append(h('details', { class: 'question-sent' }, h('summary', { text: t('What was sent') }), h('pre', { text: turn.question })));
    }
    this.question.replaceChildren(icon('account'), body, ...(edit ? [edit] : []));
  }

  /**
   * Turns the question into an editor. It says, before anything is sent, what resending replaces:
   * this answer and the `later` turns after it.
   */
  startEdit(later: number, sendKey: SendKey): void {
    if (this.editing || this.current.questionLabel) return;
    this.editing = true;
    const input = h('textarea', { class: 'edit-input', rows: '3', 'aria-label': t('Edit question') });
    input.value = this.current.question;
    const note =
      later > 0 ? t('Sending replaces this answer and the {0} later question(s) and answers.', later) : t('Sending replaces this answer.');
    const send = textButton(t('Send'), { class: 'text-button primary', 'data-edit': 'send' }, 'send');
    const cancel = textButton(t('Cancel'), { 'data-edit': 'cancel' });
    const finish = (resend: boolean) => {
      const text = input.value.trim();
      if (resend && !text) return;
      // What is sent is what the box shows: hidden characters are written out first, then sent on the next Send.
      if (resend && hasHidden(text)) {
        input.value = showHidden(text);
        noteLine.textContent = t('Invisible or reordering characters are written out as ⟨U+…⟩. Send again to send the question as shown.');
        return;
      }
      this.editing = false;
      this.questionShown = undefined;
      this.renderQuestion();
      if (resend) this.act({ kind: 'resend', turnId: this.current.id, text });
    };
    send.addEventListener('click', () => finish(true));
    cancel.addEventListener('click', () => finish(false));
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        return finish(false);
      }
      if (composerAction(e, { sendKey, empty: false, busy: false }) === 'send') {
        e.preventDefault();
        finish(true);
      }
    });
    const noteLine = h('div', { class: 'edit-note', role: 'note', text: note });
    this.question.replaceChildren(h('div', { class: 'edit-box' }, input, noteLine, this.actions([send, cancel])));
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  private renderFooter(): void {
    const turn = this.current;
    const parts: Node[] = [];
    const tools = this.answerTools();
    if (tools) parts.push(tools);
    const research = researchFooter(turn);
    if (research) parts.push(research);
    if (turn.status === 'stopped') parts.push(h('div', { class: 'turn-note' }, icon('debug-stop'), h('span', { text: t('Stopped') })));
    if (turn.status === 'interrupted') parts.push(h('div', { class: 'turn-note warning' }, icon('warning'), h('span', { text: t('Answer interrupted') })));
    if (turn.error) parts.push(this.errorBox(turn.error));
    if (turn.status === 'awaiting') parts.push(this.awaitBox(turn.awaitPrompt ?? t('The agent needs your input.')));
    if ((turn.status === 'stopped' || turn.status === 'interrupted') && !turn.error)
      parts.push(this.actions([textButton(t('Retry'), { 'data-turn-action': 'retry' }, 'refresh')]));
    this.footer.replaceChildren(...parts);
  }

  /** Copy, regenerate and, once there are several answers, "2 of 3" with previous/next. */
  private answerTools(): HTMLElement | undefined {
    const turn = this.current;
    const count = answerCount(turn);
    const running = turn.status === 'streaming';
    if (running && count === 1) return undefined;
    const tools: Node[] = [];
    if (count > 1) {
      const at = shownIndex(turn);
      const prev = iconButton('chevron-left', t('Previous answer'), { 'data-turn-action': 'prevAnswer', 'data-index': String(at - 1) });
      const next = iconButton('chevron-right', t('Next answer'), { 'data-turn-action': 'nextAnswer', 'data-index': String(at + 1) });
      prev.disabled = running || at === 0;
      next.disabled = running || at === count - 1;
      tools.push(h('span', { class: 'answer-versions' }, prev, h('span', { class: 'answer-version-label', text: t('{0} of {1}', at + 1, count) }), next));
    }
    if (!running && turn.status !== 'awaiting') {
      if (turn.answer) tools.push(iconButton('copy', t('Copy answer'), { 'data-turn-action': 'copyAnswer' }));
      tools.push(iconButton('sync', t('Regenerate'), { 'data-turn-action': 'regenerate' }));
    }
    return tools.length > 0 ? h('div', { class: 'answer-tools' }, ...tools) : undefined;
  }

  private errorBox(error: ErrorView): HTMLElement {
    const buttons: HTMLButtonElement[] = [];
    switch (error.action) {
      case 'set-key':
        buttons.push(textButton(t('Set API key'), { 'data-turn-action': 'setKey', class: 'text-button primary' }, 'key'));
        break;
      case 'add-credits':
        buttons.push(textButton(t('Add credits'), { 'data-turn-action': 'addCredits', 'data-url': error.url }, 'credit-card'));
        break;
      case 'check-settings':
      case 'check-agent':
        buttons.push(textButton(t('Open settings'), { 'data-turn-action': 'openSettings' }, 'settings-gear'));
        break;
      default:
        break;
    }
    const retry = textButton(t('Retry'), { 'data-turn-action': 'retry' }, 'refresh');
    if (error.action === 'wait' && error.waitSeconds) this.countdown(retry, error.waitSeconds);
    buttons.push(retry, textButton(t('Show logs'), { 'data-turn-action': 'showLogs' }, 'output'));
    return h(
      'div',
      { class: 'error-box', role: 'alert' },
      h('div', { class: 'error-message' }, icon('error'), h('span', { text: error.message })),
      this.actions(buttons),
    );
  }

  private countdown(button: HTMLButtonElement, seconds: number): void {
    let left = Math.min(seconds, 3600);
    const label = button.lastChild as Text;
    button.disabled = true;
    // The first tick runs before the button is in the page; later ticks stop once it is gone.
    let first = true;
    const tick = () => {
      if (left <= 0 || (!first && !button.isConnected)) {
        button.disabled = false;
        label.textContent = t('Retry');
        return;
      }
      label.textContent = t('Retry in {0} s', left);
      first = false;
      left--;
      setTimeout(tick, 1000);
    };
    tick();
  }

  private awaitBox(prompt: string): HTMLElement {
    const input = h('textarea', { class: 'await-input', rows: '2', 'aria-label': prompt, placeholder: t('Your answer') });
    const send = textButton(t('Send answer'), { class: 'text-button primary' }, 'send');
    const submit = () => {
      if (!input.value.trim()) return;
      this.act({ kind: 'resume', turnId: this.current.id, text: input.value.trim() });
      send.disabled = true;
    };
    send.addEventListener('click', submit);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        submit();
      }
    });
    return h('div', { class: 'await-box' }, h('div', { class: 'await-prompt' }, icon('question'), h('span', { text: prompt })), input, this.actions([send]));
  }

  private actions(buttons: HTMLButtonElement[]): HTMLElement {
    return h('div', { class: 'actions' }, ...buttons);
  }
}
