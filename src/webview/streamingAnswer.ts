import { h, iconButton } from './dom';
import { t } from './l10n';
import { renderSplit, type Markdown } from './markdown';
import { sanitizeToFragment } from './sanitize';

/**
 * One answer's Markdown, rendered incrementally: finished blocks are appended once and never
 * touched again; only the last, growing block is replaced, at most once per animation frame.
 */
export class StreamingAnswer {
  readonly element = h('div', { class: 'answer markdown' });
  private readonly finished = h('div', { class: 'answer-finished' });
  private readonly tail = h('div', { class: 'answer-tail' });
  private source = '';
  private committed = 0;
  private final = false;
  private frame = 0;

  constructor(
    private readonly md: Markdown,
    private readonly onRendered: () => void,
  ) {
    this.element.append(this.finished, this.tail);
  }

  get text(): string {
    return this.source;
  }

  append(delta: string): void {
    this.source += delta;
    this.schedule();
  }

  /** Replaces everything (history, a restored turn, a retry). */
  reset(text: string, final: boolean): void {
    this.source = text;
    this.committed = 0;
    this.final = final;
    this.finished.replaceChildren();
    this.tail.replaceChildren();
    this.renderNow();
  }

  finish(): void {
    this.final = true;
    this.renderNow();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => this.renderNow());
  }

  /** Renders pending text now (also used by tests and the benchmark to flush). */
  renderNow(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const split = renderSplit(this.md, this.source.slice(this.committed), this.final);
    if (split.finishedHtml) this.finished.append(decorate(sanitizeToFragment(split.finishedHtml)));
    this.committed += split.finishedChars;
    this.tail.replaceChildren(split.tailHtml ? decorate(sanitizeToFragment(split.tailHtml)) : '');
    this.onRendered();
  }
}

/** Adds the code toolbar and marks citation links, on sanitized DOM (never through HTML). */
function decorate(fragment: DocumentFragment): DocumentFragment {
  for (const pre of Array.from(fragment.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    const language = /language-([\w#+.-]+)/.exec(code?.className ?? '')?.[1] ?? '';
    const block = h('div', { class: 'code-block', 'data-language': language });
    const toolbar = h(
      'div',
      { class: 'code-toolbar' },
      h('span', { class: 'code-language', text: language }),
      iconButton('copy', t('Copy'), { 'data-code-action': 'copy' }),
      iconButton('insert', t('Insert at cursor'), { 'data-code-action': 'insert' }),
      iconButton('new-file', t('Open in new editor'), { 'data-code-action': 'open' }),
    );
    pre.replaceWith(block);
    block.append(toolbar, pre);
  }
  for (const link of Array.from(fragment.querySelectorAll('a'))) {
    const match = /^\[?(\d{1,3})\]?$/.exec(link.textContent?.trim() ?? '');
    if (match) {
      link.classList.add('cite');
      link.dataset.cite = match[1];
      link.textContent = match[1]!;
    }
  }
  return fragment;
}
