import type { Turn } from '../shared/messages';
import { spokenText, wordCount } from '../core/plainText';
import { h } from './dom';
import { t } from './l10n';

/** How often a streaming answer's progress is announced: calm enough not to talk over the reader. */
const PROGRESS_ANNOUNCE_MS = 5000;

/** The turn streaming now, as far as the announcer needs it (a TurnView). */
export interface StreamingTurn {
  readonly status: Turn['status'];
  readonly answer: { readonly text: string };
}

/** The chat's one live region: what a screen reader hears of steps, progress and finished answers. */
export class Announcer {
  readonly element = h('div', { class: 'sr-only', 'aria-live': 'polite', role: 'status' });
  private progressTimer: ReturnType<typeof setInterval> | undefined;
  private wordsAnnounced = 0;

  constructor(
    /** The turn whose answer streams now (the host's run state), if any. */
    private readonly streaming: () => StreamingTurn | undefined,
  ) {}

  say(text: string): void {
    this.element.textContent = text;
  }

  /** While a run is busy, its progress is read out every few seconds. */
  setBusy(busy: boolean): void {
    if (busy && !this.progressTimer) {
      this.wordsAnnounced = 0;
      this.progressTimer = setInterval(() => this.announceProgress(), PROGRESS_ANNOUNCE_MS);
    } else if (!busy && this.progressTimer) {
      clearInterval(this.progressTimer);
      this.progressTimer = undefined;
    }
  }

  /** While an answer streams: "Still answering, N words so far", only when it has grown since the last time. */
  announceProgress(): void {
    const turn = this.streaming();
    if (!turn || turn.status !== 'streaming') return;
    const words = wordCount(turn.answer.text);
    if (words === 0 || words === this.wordsAnnounced) return;
    this.wordsAnnounced = words;
    this.say(t('Still answering, {0} words so far', words));
  }

  /** A turn ended: how, and for a finished answer the start of it. */
  turnEnded(turn: Turn): void {
    // Read aloud: no Markdown marks, no web addresses, no citation numbers.
    const plain = spokenText(turn.answer);
    const summary = plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
    const lead =
      turn.status === 'done'
        ? t('Answer finished.')
        : turn.status === 'stopped'
          ? t('Answer stopped.')
          : turn.status === 'awaiting'
            ? t('The agent asks: {0}', turn.awaitPrompt ?? '')
            : t('Answer failed: {0}', turn.error?.message ?? '');
    this.say(`${lead} ${turn.status === 'done' ? summary : ''}`.trim());
  }
}
