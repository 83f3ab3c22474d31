import { parseHostMessage, type HostMessage, type ViewState, type WebviewMessage } from '../shared/messages';
import { AgentPicker } from './agentPicker';
import { Announcer } from './announcer';
import { clickAction, forwarded, runAction, type Act, type ActionHandlers, type ForwardedAction } from './chatActions';
import { chatShortcut } from './composerKeys';
import { Composer } from './composer';
import { h } from './dom';
import { FocusManager } from './focus';
import { t } from './l10n';
import { ResearchControl } from './researchControl';
import { Transcript } from './transcript';
import type { TurnRenderer } from './turnView';
import { welcomePanel } from './welcome';

/** One handler per host message type: a type without one does not compile. */
type HostHandlers = { [K in HostMessage['type']]: (message: Extract<HostMessage, { type: K }>) => void };

/**
 * The chat: wires the agent picker, transcript, composer and announcer, routes each host message
 * to its handler and each user action (src/webview/chatActions.ts) to its handler. Renders only
 * what the host sends.
 */
export class ChatApp {
  private readonly act: Act = (action) => runAction(this.actions, action);
  private readonly picker = new AgentPicker(this.act);
  private readonly research = new ResearchControl(this.act);
  private readonly transcript: Transcript;
  private readonly composer = new Composer(this.act);
  private readonly announcer = new Announcer(() => this.transcript.turn(this.activeTurnId));
  private readonly chat: HTMLElement;
  private readonly welcome = welcomePanel();
  private readonly focus: FocusManager;
  private readonly actions = this.actionHandlers();
  private readonly hostHandlers = this.messageHandlers();
  private ready = false;
  /** The conversation shown; turn events of any other are ignored. */
  private conversationId = '';
  /** The turn whose answer streams now: the host's run state. */
  private activeTurnId: string | null = null;

  constructor(
    root: HTMLElement,
    private readonly post: (message: WebviewMessage) => void,
    turns: () => TurnRenderer,
  ) {
    this.transcript = new Transcript(turns, this.act);
    this.picker.element.append(this.research.element);
    this.chat = h('div', { class: 'chat' }, this.picker.element, this.transcript.element, this.transcript.jump, this.composer.element);
    // Neither the chat nor the welcome shows until the host's state says which one applies.
    this.chat.hidden = true;
    this.welcome.hidden = true;
    root.replaceChildren(this.chat, this.welcome, this.announcer.element);
    this.focus = new FocusManager(root, () => this.composerOrWelcome());
    root.removeAttribute('aria-busy');
    root.addEventListener('click', (e) => this.onClick(e));
    window.addEventListener('keydown', (e) => {
      const shortcut = chatShortcut(e);
      if (!shortcut || !this.ready) return;
      e.preventDefault();
      this.act({ kind: shortcut });
    });
    this.setBusy(false);
  }

  handle(raw: unknown): void {
    const message = parseHostMessage(raw);
    if (!message) return;
    if (!('conversationId' in message) || message.conversationId === this.conversationId) {
      (this.hostHandlers[message.type] as (message: HostMessage) => void)(message);
    }
    // What the message changed may have removed the focused control.
    if (message.type !== 'delta') this.focus.settle();
  }

  /** Where a keyboard user types next: the composer, or before a key is set, the welcome's first button. */
  private composerOrWelcome(): HTMLElement | undefined {
    return this.ready ? this.composer.input : (this.welcome.querySelector('button') ?? undefined);
  }

  private messageHandlers(): HostHandlers {
    return {
      state: (m) => this.setState(m.state),
      agents: (m) => {
        this.picker.setAgents(m.agents, m.selectedAgentId);
        this.research.setAgent(m.selectedAgentId);
      },
      research: (m) => this.research.setState(m.research),
      turnStart: (m) => {
        this.transcript.turnStarted(m.turn);
        if (m.turn.status === 'streaming') this.announcer.say(m.turn.progress ?? t('Thinking…'));
      },
      delta: (m) => this.transcript.turn(m.turnId)?.appendDelta(m.text),
      citations: (m) => this.transcript.turn(m.turnId)?.setCitations(m.citations),
      // Each step (a status, a research step) is shown on the turn's status line and read out as it happens.
      progress: (m) => {
        this.transcript.turn(m.turnId)?.progressUpdate(m.message);
        this.announcer.say(m.message);
      },
      turnUpdate: (m) => this.transcript.turnUpdated(m.turn),
      turnsRemoved: (m) => this.transcript.remove(m.turnIds),
      turnEnd: (m) => {
        this.transcript.turnEnded(m.turn);
        this.announcer.turnEnded(m.turn);
      },
      // Busy is the host's state, never inferred from the turn events seen.
      run: (m) => this.setActiveTurn(m.activeTurnId),
      focusComposer: () => this.focus.moveTo(this.composerOrWelcome()),
      attachments: (m) => this.composer.showAttachments(m.items),
    };
  }

  /**
   * Every user action and what it does. Each message to the host has its one sender here (Ask in
   * `send`, which this table calls); main.ts posts only the page's own signals, `ready` and `idle`.
   */
  private actionHandlers(): ActionHandlers {
    const post = (message: WebviewMessage) => this.post(message);
    // The actions that are their host message (chatActions.ts: ForwardedAction).
    const toHost = (action: ForwardedAction) => post(forwarded(action));
    return {
      send: () => this.send(),
      stop: (action) => {
        this.focus.expect(() => this.composer.input);
        toHost(action);
      },
      recall: () => this.composer.recall(this.transcript.lastPlainQuestion()),
      newChat: (action) => {
        toHost(action);
        this.focus.moveTo(this.composer.input);
      },
      accessibleView: () => post({ type: 'accessibleView', ...this.turnInFocus() }),
      jumpToLatest: () => this.transcript.jumpToLatest(),
      toggleAttachMenu: () => this.composer.attach.toggle(!this.composer.attach.open),
      closeAttachMenu: () => this.composer.attach.toggle(false),
      attach: (action) => {
        this.composer.attach.toggle(false);
        toHost(action);
      },
      openLink: ({ link, url }) => {
        // VS Code asks before opening a website; focus comes back to the link after that dialog.
        this.focus.opened(link);
        post({ type: 'openLink', url });
      },
      edit: ({ turnId }) => this.transcript.startEdit(turnId, this.composer.sendKey),
      resend: ({ turnId, text }) => post({ type: 'edit', turnId, text }),
      regenerate: (action) => {
        // Regenerate goes away while the turn streams again: focus goes to the turn's question.
        this.focus.expect(() => this.transcript.turn(action.turnId)?.heading);
        toHost(action);
      },
      detach: toHost,
      selectAgent: toHost,
      setKey: toHost,
      getKey: toHost,
      tryDemo: toHost,
      addCredits: toHost,
      openSettings: toHost,
      showLogs: toHost,
      retry: toHost,
      resume: toHost,
      copyAnswer: toHost,
      showAnswer: toHost,
      copyCode: toHost,
      insertCode: toHost,
      applyCode: toHost,
      openCode: toHost,
      setResearchEffort: toHost,
      saveReport: toHost,
      stopResearch: toHost,
    };
  }

  private setState(state: ViewState): void {
    this.ready = state.ready;
    this.conversationId = state.conversation.id;
    this.composer.sendKey = state.sendKey;
    this.chat.hidden = !state.ready;
    this.welcome.hidden = state.ready;
    this.picker.setDemo(state.demo);
    this.picker.setAgents(state.agents, state.selectedAgentId);
    this.research.setState(state.research);
    this.research.setAgent(state.selectedAgentId);
    this.transcript.show(state.conversation.turns, state.activeTurnId, state.restoring ?? false);
    this.setActiveTurn(state.activeTurnId);
  }

  private setActiveTurn(turnId: string | null): void {
    this.activeTurnId = turnId;
    this.setBusy(turnId !== null);
  }

  private setBusy(busy: boolean): void {
    this.composer.busy = busy;
    this.transcript.setBusy(busy);
    this.announcer.setBusy(busy);
  }

  /** Send turns into Stop: focus follows to it. Nothing goes before a key is set. */
  private send(): void {
    this.focus.expect(() => this.composer.visibleStop);
    if (!this.ready) return;
    const text = this.composer.take();
    if (text) this.post({ type: 'ask', text });
  }

  /** The turn that has focus (or had it last), for the accessible view; none: the host takes the last one. */
  private turnInFocus(): { turnId?: string } {
    const turnId = this.focus.current?.closest<HTMLElement>('.turn')?.dataset.turnId;
    return turnId ? { turnId } : {};
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as Element;
    this.composer.attach.closeUnlessInside(target);
    // Links never navigate the webview; the host opens http(s) ones after its own check.
    if (target.closest('a')) e.preventDefault();
    const action = clickAction(target);
    if (action) this.act(action);
  }
}
