import {
  ATTACH_KINDS,
  isSimpleAction,
  parseHostMessage,
  type AgentInfo,
  type AttachmentChip,
  type HostMessage,
  type Turn,
  type ViewState,
  type WebviewMessage,
} from '../shared/messages';
import { hasHidden, showHidden } from '../core/visibleText';
import { spokenText, wordCount } from '../core/plainText';
import { chatShortcut, composerAction, type SendKey } from './composerKeys';
import { h, icon, iconButton, textButton } from './dom';
import { FocusManager } from './focus';
import { t } from './l10n';
import type { Markdown } from './markdown';
import { ChunkedOpen, estimateTurnHeight, firstBatchStart, idleSchedule } from './progressiveOpen';
import { TranscriptKeeper } from './transcriptKeeper';
import { TurnView } from './turnView';
import { ResearchControl } from './researchControl';

/** Pixels from the bottom that still count as "at the bottom" (follow the stream). */
const FOLLOW_SLACK = 40;
/** How often a streaming answer's progress is announced: calm enough not to talk over the reader. */
const PROGRESS_ANNOUNCE_MS = 5000;

/** The chat: agent picker, transcript, composer, welcome. Renders only what the host sends. */
export class ChatApp {
  private readonly turns = new Map<string, TurnView>();
  private readonly agentSelect = h('select', { class: 'agent-select', 'aria-label': t('Agent') });
  private readonly research = new ResearchControl((message) => this.post(message));
  private readonly demoBadge = h('span', { class: 'badge', title: t('Answers come from the local demo server'), text: t('Demo') });
  private readonly transcript = h('main', { class: 'transcript', tabindex: '0', 'aria-label': t('Conversation') });
  private readonly keeper = new TranscriptKeeper(this.transcript, () => this.following, () => this.scrollToEnd());
  /** Older turns of the conversation being opened, still to be rendered above the others. */
  private opening: ChunkedOpen<Turn, TurnView> | undefined;
  private readonly emptyState = h(
    'div',
    { class: 'empty-state' },
    icon('comment-discussion'),
    h('p', { text: t('Ask a question to start. Select code in an editor and run "Ask about selection" to ask about it.') }),
  );
  private readonly jump = textButton(t('Jump to latest'), { class: 'text-button jump' }, 'arrow-down');
  private readonly input = h('textarea', {
    class: 'composer-input',
    rows: '1',
    placeholder: t('Ask a question…'),
    title: t('Enter to send, Shift+Enter for a new line'),
    'aria-label': t('Question'),
  });
  private readonly send = iconButton('send', t('Send'), { class: 'icon-button send' });
  private readonly stop = iconButton('debug-stop', t('Stop'), { class: 'icon-button stop' });
  private readonly attachButton = iconButton('attach', t('Attach context'), { class: 'icon-button attach', 'aria-haspopup': 'menu', 'aria-expanded': 'false' });
  private readonly attachMenu = h(
    'div',
    { class: 'attach-menu', role: 'menu', hidden: true },
    textButton(t('Current file'), { role: 'menuitem', 'data-attach': 'file' }, 'file'),
    textButton(t('Other open editors'), { role: 'menuitem', 'data-attach': 'editors' }, 'files'),
    textButton(t('Terminal selection'), { role: 'menuitem', 'data-attach': 'terminal' }, 'terminal'),
  );
  /** What goes with the next question: the host's list, shown so nothing is sent unseen. */
  private readonly chips = h('div', { class: 'chips', role: 'list', 'aria-label': t('Attached context'), hidden: true });
  private readonly announcer = h('div', { class: 'sr-only', 'aria-live': 'polite', role: 'status' });
  private readonly chat: HTMLElement;
  private readonly welcome: HTMLElement;
  private following = true;
  private ready = false;
  private sendKey: SendKey = 'enter';
  private lastSent: string | undefined;
  /** Says that the composer's hidden characters were written out (see submit). */
  private readonly hiddenNote = h('p', { class: 'composer-note', role: 'status' });
  /** The conversation shown; turn events of any other are ignored. */
  private conversationId = '';
  private readonly focus: FocusManager;
  /** The turn whose answer streams now (the host's run state), and the progress announcement's timer. */
  private activeTurnId: string | null = null;
  private progressTimer: ReturnType<typeof setInterval> | undefined;
  private wordsAnnounced = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (message: WebviewMessage) => void,
    /** The Markdown renderer: src/webview/main.ts hands on no message that renders a turn before it is loaded. */
    private readonly markdown: () => Markdown,
  ) {
    const header = h('header', { class: 'toolbar' }, this.agentSelect, this.research.element, this.demoBadge);
    const composer = h(
      'footer',
      { class: 'composer' },
      this.chips,
      this.hiddenNote,
      h('div', { class: 'composer-row' }, this.attachButton, this.input, this.send, this.stop),
      this.attachMenu,
    );
    this.chat = h('div', { class: 'chat' }, header, this.transcript, this.jump, composer);
    this.welcome = h(
      'div',
      { class: 'welcome' },
      h('h2', { text: t('Ask You.com agents from VS Code') }),
      h('p', { text: t('Set your You.com API key to ask the express, advanced and your custom agents. Answers stream in with their web sources.') }),
      textButton(t('Set API key'), { class: 'text-button primary', 'data-action': 'setKey' }, 'key'),
      textButton(t('Get a key'), { 'data-action': 'getKey' }, 'link-external'),
      textButton(t('Try the demo'), { 'data-action': 'tryDemo' }, 'play'),
      h('p', { class: 'hint', text: t('The demo answers from a local server inside VS Code; no key and no network needed.') }),
    );
    // Neither the chat nor the welcome shows until the host's state says which one applies.
    this.chat.hidden = true;
    this.welcome.hidden = true;
    this.root.replaceChildren(this.chat, this.welcome, this.announcer);
    this.focus = new FocusManager(this.root, () => this.composerOrWelcome());
    this.root.removeAttribute('aria-busy');
    this.transcript.append(this.emptyState);
    this.hiddenNote.hidden = true;
    this.bindEvents();
    this.setBusy(false);
  }

  handle(raw: unknown): void {
    const message = parseHostMessage(raw);
    if (!message) return;
    this.apply(message);
    // What the message changed may have removed the focused control.
    if (message.type !== 'delta') this.focus.settle();
  }

  /** Where a keyboard user types next: the composer, or before a key is set, the welcome's first button. */
  private composerOrWelcome(): HTMLElement | undefined {
    return this.ready ? this.input : (this.welcome.querySelector('button') ?? undefined);
  }

  private apply(message: HostMessage): void {
    if ('conversationId' in message && message.conversationId !== this.conversationId) return;
    switch (message.type) {
      case 'state':
        return this.setState(message.state);
      case 'agents':
        return this.setAgents(message.agents, message.selectedAgentId);
      case 'research':
        return this.research.setState(message.research);
      case 'turnStart': {
        const existing = this.turns.get(message.turn.id);
        if (existing) existing.update(message.turn, true);
        else this.addTurn(message.turn);
        if (message.turn.status === 'streaming') this.announcer.textContent = message.turn.progress ?? t('Thinking…');
        this.following = true;
        this.scrollToEnd();
        return;
      }
      case 'delta':
        this.turns.get(message.turnId)?.appendDelta(message.text);
        return;
      case 'citations':
        this.turns.get(message.turnId)?.setCitations(message.citations);
        return;
      case 'progress':
        // Each step (a status, a research step) is shown on the turn's status line and read out as it happens.
        this.turns.get(message.turnId)?.progressUpdate(message.message);
        this.announcer.textContent = message.message;
        return;
      case 'turnUpdate':
        // A turn of a conversation still opening that is not rendered yet takes the new data.
        if (!this.opening?.replace(message.turn)) this.turns.get(message.turn.id)?.update(message.turn, true);
        return;
      case 'turnsRemoved':
        for (const id of message.turnIds) {
          const view = this.turns.get(id);
          if (!view) continue;
          this.keeper.forget(view.element);
          view.element.remove();
          this.turns.delete(id);
        }
        return;
      case 'turnEnd': {
        const view = this.turns.get(message.turn.id);
        if (view) view.update(message.turn, view.answer.text !== message.turn.answer);
        else this.addTurn(message.turn);
        this.announce(message.turn);
        return;
      }
      case 'run':
        // Busy is the host's state, never inferred from the turn events seen.
        this.activeTurnId = message.activeTurnId;
        this.setBusy(message.activeTurnId !== null);
        return;
      case 'focusComposer':
        this.focus.moveTo(this.composerOrWelcome());
        return;
      case 'attachments':
        return this.setChips(message.items);
    }
  }

  private setState(state: ViewState): void {
    this.ready = state.ready;
    this.conversationId = state.conversation.id;
    this.sendKey = state.sendKey;
    this.input.title = state.sendKey === 'enter' ? t('Enter to send, Shift+Enter for a new line') : t('Ctrl+Enter to send, Enter for a new line');
    this.chat.hidden = !state.ready;
    this.welcome.hidden = state.ready;
    this.demoBadge.hidden = !state.demo;
    this.research.setState(state.research);
    this.setAgents(state.agents, state.selectedAgentId);
    this.opening?.cancel();
    this.opening = undefined;
    this.keeper.clear();
    this.turns.clear();
    this.transcript.replaceChildren();
    this.following = true;
    this.openTurns(state.conversation.turns, state.activeTurnId);
    // While history is read, an empty chat shows nothing rather than "Ask a question to start".
    if (state.conversation.turns.length === 0 && !state.restoring) this.transcript.append(this.emptyState);
    this.activeTurnId = state.activeTurnId;
    this.setBusy(state.activeTurnId !== null);
    this.scrollToEnd();
  }

  /**
   * The newest turns at once, as many as fill the view (and the active one); the older ones
   * newest-first on idle slices, each slice put above the others without moving the view.
   */
  private openTurns(turns: Turn[], activeTurnId: string | null): void {
    const width = this.transcript.clientWidth || window.innerWidth;
    const heights = turns.map((turn) => estimateTurnHeight(turn, width));
    const active = turns.findIndex((turn) => turn.id === activeTurnId);
    const start = firstBatchStart(heights, this.transcript.clientHeight || window.innerHeight, active === -1 ? turns.length - 1 : active);
    for (let i = start; i < turns.length; i++) this.addTurn(turns[i]!, heights[i]);
    if (start === 0) return;
    const estimates = new Map(turns.map((turn, i) => [turn.id, heights[i]]));
    this.opening = new ChunkedOpen(
      turns.slice(0, start),
      (turn) => this.turnView(turn, estimates.get(turn.id)),
      (views) => {
        // The map stays in conversation order (recall reads it so).
        const newer = [...this.turns.values()];
        this.turns.clear();
        for (const view of [...views, ...newer]) this.turns.set(view.turn.id, view);
        this.keeper.prepend(views.map((view) => view.element));
      },
      idleSchedule,
      () => performance.now(),
    );
  }

  private setChips(items: AttachmentChip[]): void {
    this.chips.hidden = items.length === 0;
    this.chips.replaceChildren(
      ...items.map((item) =>
        h(
          'span',
          { class: 'chip', role: 'listitem', title: item.label },
          h('span', { class: 'chip-label', text: item.label }),
          h('span', { class: 'chip-size', text: chipSize(item.bytes) }),
          iconButton('close', t('Remove {0}', item.label), { class: 'icon-button chip-remove', 'data-detach': item.id }),
        ),
      ),
    );
  }

  private setAgents(agents: AgentInfo[], selected: string): void {
    const groups = new Map<string, HTMLOptGroupElement>();
    this.agentSelect.replaceChildren();
    for (const agent of agents) {
      let group = groups.get(agent.group);
      if (!group) {
        group = h('optgroup', { label: agent.group });
        groups.set(agent.group, group);
        this.agentSelect.append(group);
      }
      const label = agent.unavailable ? `${agent.label} (${t('unavailable')})` : agent.label;
      group.append(
        h('option', {
          value: agent.id,
          title: agent.unavailable ?? agent.description,
          selected: agent.id === selected,
          disabled: Boolean(agent.unavailable),
          text: label,
        }),
      );
    }
    this.agentSelect.value = selected;
    this.research.setAgent(selected);
  }

  private addTurn(turn: Turn, estimate?: number): void {
    // A turn of the conversation being opened that is not rendered yet is rendered with this data.
    if (this.opening?.replace(turn)) return;
    this.emptyState.remove();
    const view = this.turnView(turn, estimate);
    this.turns.set(turn.id, view);
    this.transcript.append(view.element);
    this.keeper.watch(view.element);
    this.afterRender();
  }

  /** A turn's view; renders before it is in the page do not move the transcript. */
  private turnView(turn: Turn, estimate?: number): TurnView {
    let built = false;
    const view = new TurnView(turn, this.markdown(), this.post, () => {
      if (built && view.element.isConnected) this.afterRender();
    });
    built = true;
    if (estimate) view.element.style.setProperty('contain-intrinsic-block-size', `auto ${estimate}px`);
    return view;
  }

  private setBusy(busy: boolean): void {
    this.send.hidden = busy;
    this.stop.hidden = !busy;
    this.transcript.setAttribute('aria-busy', String(busy));
    if (busy && !this.progressTimer) {
      this.wordsAnnounced = 0;
      this.progressTimer = setInterval(() => this.announceProgress(), PROGRESS_ANNOUNCE_MS);
    } else if (!busy && this.progressTimer) {
      clearInterval(this.progressTimer);
      this.progressTimer = undefined;
    }
  }

  /** While an answer streams: "Still answering, N words so far", only when it has grown since the last time. */
  private announceProgress(): void {
    const view = this.activeTurnId ? this.turns.get(this.activeTurnId) : undefined;
    if (!view || view.status !== 'streaming') return;
    const words = wordCount(view.answer.text);
    if (words === 0 || words === this.wordsAnnounced) return;
    this.wordsAnnounced = words;
    this.announcer.textContent = t('Still answering, {0} words so far', words);
  }

  private announce(turn: Turn): void {
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
    this.announcer.textContent = `${lead} ${turn.status === 'done' ? summary : ''}`.trim();
  }

  private afterRender(): void {
    if (this.following) this.scrollToEnd();
    else if (this.jump.hidden) this.jump.hidden = false;
  }

  private scrollToEnd(): void {
    this.transcript.scrollTop = this.transcript.scrollHeight;
    if (!this.jump.hidden) this.jump.hidden = true;
  }

  /** Up in an empty composer: the last question typed here, else the conversation's last plain question. */
  private recall(): void {
    const turns = [...this.turns.values()].map((view) => view.turn);
    const last = this.lastSent ?? turns.filter((turn) => !turn.questionLabel).at(-1)?.question;
    if (!last) return;
    this.input.value = last;
    this.autoGrow();
    this.input.setSelectionRange(last.length, last.length);
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text || !this.ready) return;
    // What is sent is what the composer shows: invisible, bidi and control characters are written
    // out as ⟨U+XXXX⟩ first (src/core/visibleText.ts), and the next Send sends that text.
    if (hasHidden(text)) {
      this.input.value = showHidden(text);
      this.hiddenNote.textContent = t('Invisible or reordering characters are written out as ⟨U+…⟩. Send again to send the question as shown.');
      this.hiddenNote.hidden = false;
      this.autoGrow();
      return;
    }
    this.hiddenNote.hidden = true;
    this.post({ type: 'ask', text });
    this.lastSent = text;
    this.input.value = '';
    this.autoGrow();
  }

  private autoGrow(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 200)}px`;
  }

  private bindEvents(): void {
    this.transcript.addEventListener('scroll', () => {
      const gap = this.transcript.scrollHeight - this.transcript.scrollTop - this.transcript.clientHeight;
      this.following = gap <= FOLLOW_SLACK;
      if (this.following) this.jump.hidden = true;
    });
    this.jump.addEventListener('click', () => {
      this.following = true;
      this.scrollToEnd();
    });
    this.input.addEventListener('keydown', (e) => {
      const action = composerAction(e, { sendKey: this.sendKey, empty: this.input.value === '', busy: !this.stop.hidden });
      if (action === 'none') return;
      e.preventDefault();
      if (action === 'send') this.submit();
      else if (action === 'stop') this.post({ type: 'stop' });
      else if (action === 'recall') this.recall();
    });
    this.input.addEventListener('input', () => this.autoGrow());
    this.send.addEventListener('click', () => {
      // Send turns into Stop: focus follows to it.
      this.focus.expect(() => (this.stop.hidden ? undefined : this.stop));
      this.submit();
    });
    this.stop.addEventListener('click', () => {
      this.focus.expect(() => this.input);
      this.post({ type: 'stop' });
    });
    this.attachButton.addEventListener('click', () => this.toggleAttachMenu(this.attachMenu.hidden));
    this.attachMenu.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.toggleAttachMenu(false);
    });
    this.agentSelect.addEventListener('change', () => this.post({ type: 'selectAgent', agentId: this.agentSelect.value }));
    this.root.addEventListener('click', (e) => this.onClick(e));
    window.addEventListener('keydown', (e) => {
      const shortcut = chatShortcut(e);
      if (!shortcut || !this.ready) return;
      e.preventDefault();
      if (shortcut === 'accessibleView') return this.post({ type: 'accessibleView', ...this.turnInFocus() });
      this.post({ type: 'newChat' });
      this.focus.moveTo(this.input);
    });
  }

  /** The turn that has focus (or had it last), for the accessible view; none: the host takes the last one. */
  private turnInFocus(): { turnId?: string } {
    const turnId = this.focus.current?.closest<HTMLElement>('.turn')?.dataset.turnId;
    return turnId ? { turnId } : {};
  }

  /** The note counts the turns after this one as the transcript shows them. */
  private startEdit(turnId: string): void {
    const view = this.turns.get(turnId);
    if (!view) return;
    let later = 0;
    for (let next = view.element.nextElementSibling; next; next = next.nextElementSibling) if (next.classList.contains('turn')) later++;
    view.startEdit(later, this.sendKey);
  }

  private toggleAttachMenu(open: boolean): void {
    this.attachMenu.hidden = !open;
    this.attachButton.setAttribute('aria-expanded', String(open));
    if (open) this.attachMenu.querySelector('button')?.focus();
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    if (!this.attachMenu.hidden && !target.closest('.attach-menu, button.attach')) this.toggleAttachMenu(false);
    const link = target.closest('a');
    if (link) {
      // Links never navigate the webview; the host opens http(s) ones after its own check.
      e.preventDefault();
      const href = link.getAttribute('href');
      // VS Code asks before opening a website; focus comes back to the link after that dialog.
      this.focus.opened(link);
      if (href) this.post({ type: 'openLink', url: href });
      return;
    }
    const button = target.closest('button');
    if (!button) return;
    const attach = ATTACH_KINDS.find((kind) => kind === button.dataset.attach);
    if (attach) {
      this.toggleAttachMenu(false);
      return this.post({ type: 'attach', what: attach });
    }
    if (button.dataset.detach) return this.post({ type: 'detach', id: button.dataset.detach });
    const action = button.dataset.action;
    if (action === 'setKey') return this.post({ type: 'setKey' });
    if (isSimpleAction(action)) return this.post({ type: action });
    const turnId = button.closest<HTMLElement>('.turn')?.dataset.turnId;
    const turnAction = button.dataset.turnAction;
    if (turnId && turnAction) {
      if (turnAction === 'retry') return this.post({ type: 'retry', turnId });
      if (turnAction === 'edit') return this.startEdit(turnId);
      // Regenerate goes away while the turn streams again: focus goes to the turn's question.
      if (turnAction === 'regenerate') this.focus.expect(() => this.turns.get(turnId)?.heading);
      if (turnAction === 'regenerate' || turnAction === 'copyAnswer') return this.post({ type: turnAction, turnId });
      if (turnAction === 'prevAnswer' || turnAction === 'nextAnswer') return this.post({ type: 'showAnswer', turnId, index: Number(button.dataset.index) });
      if (turnAction === 'setKey') return this.post({ type: 'setKey', turnId });
      if (turnAction === 'addCredits') return this.post({ type: 'addCredits', ...(button.dataset.url ? { url: button.dataset.url } : {}) });
      if (turnAction === 'openSettings' || turnAction === 'showLogs') return this.post({ type: turnAction });
      if (turnAction === 'saveReport' || turnAction === 'stopResearch') return this.post({ type: turnAction, turnId });
    }
    const codeAction = button.dataset.codeAction;
    if (codeAction) {
      const block = button.closest<HTMLElement>('.code-block');
      const code = block?.querySelector('code')?.textContent ?? '';
      if (codeAction === 'copy') this.post({ type: 'copyCode', code });
      else if (codeAction === 'insert') this.post({ type: 'insertCode', code });
      else if (codeAction === 'apply') this.post({ type: 'applyCode', code, ...(turnId ? { turnId } : {}) });
      else if (codeAction === 'open') this.post({ type: 'openCode', code, language: block?.dataset.language || 'plaintext' });
    }
  }
}

/** An attachment's size as people read it, with the unit localised. */
function chipSize(bytes: number): string {
  if (bytes < 1024) return t('{0} B', bytes);
  const kb = bytes / 1024;
  return t('{0} KB', kb < 10 ? kb.toFixed(1) : Math.round(kb));
}
