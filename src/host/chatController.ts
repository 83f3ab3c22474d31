import type * as vscode from 'vscode';
import { ChatSession, type SessionEvent } from '../core/chatSession';
import type { Conversation, Turn } from '../core/conversation';
import type { ResearchTurn } from '../core/researchTurn';
import { answerToMarkdown } from '../core/exportMarkdown';
import { HistoryCorrupt, HistoryIoError, type HistoryStore } from '../core/history';
import type { Log } from '../core/redact';
import { findRoute, type AgentInfo, type AgentRoute, type AgentSource } from '../core/routes';
import type { HostMessage, ResearchViewState, ViewState } from '../shared/messages';
import { errorText } from '../core/errorText';

/** Anything that shows the chat: the sidebar view, an editor panel. */
export interface ChatSurface {
  post(message: HostMessage): void;
}

export interface ChatControllerDeps {
  sources: readonly AgentSource[];
  history: HistoryStore;
  /** This window's state: the conversation it shows belongs to it, not to every window. */
  windowState: vscode.Memento;
  /** The user's state across windows: the agent they last picked. */
  userState: vscode.Memento;
  log: Log;
  defaultAgentId(): string;
  /** The composer's send key (a setting). */
  sendKey(): 'enter' | 'ctrlEnter';
  /** Whether You.com runs can go anywhere now (a key, or a demo endpoint). */
  youReady(): { ready: boolean; demo: boolean };
  /** Asks the user for a key; resolves true once one is stored. */
  requestKey(): Promise<boolean>;
  /** The picked agent or the busy state changed (status bar, `youAgents.busy` context). */
  onStatus(status: { agentLabel: string; busy: boolean }): void;
  /** Tells the user something went wrong outside the chat (a damaged history file). */
  warn(message: string): void;
  /** vscode.l10n.t, injected so the controller runs in plain Node tests. */
  t(message: string, ...args: (string | number)[]): string;
  /** You.com Research: its agent id, the effort of the next question, and where background tasks go. */
  research?: ChatResearchPort;
}

export interface ChatResearchPort {
  agentId: string;
  /** The next question's research request (effort, background); undefined when the user declined it. */
  prepare(): Promise<ResearchTurn | undefined>;
  view(): ResearchViewState;
  /** A research turn's task went to the background: follow it. */
  onBackground(conversationId: string, turn: Turn): void;
}

const CURRENT_KEY = 'youAgents.currentConversation';
const AGENT_KEY = 'youAgents.selectedAgent';

/**
 * Connects the core's chat session to the views and to VS Code's state: which agent is picked,
 * which conversation this window shows, and which views listen. The session owns every run.
 */
export class ChatController implements vscode.Disposable {
  private readonly session: ChatSession;
  private readonly surfaces = new Set<ChatSurface>();
  private readonly shownListeners = new Set<(conversationId: string) => void>();
  private selectedAgentId: string;
  private lastReady: boolean | undefined;

  constructor(private readonly deps: ChatControllerDeps) {
    this.selectedAgentId = deps.userState.get<string>(AGENT_KEY) ?? deps.defaultAgentId();
    const t = deps.t;
    this.session = new ChatSession({
      store: deps.history,
      route: (agentId) => this.route(agentId),
      log: deps.log,
      texts: {
        newChatTitle: t('New chat'),
        closedMidAnswer: t('The window closed before the answer was complete.'),
      },
      describeError: (error) => errorText(error.reason, t),
      emit: (event) => this.onSessionEvent(event),
      youReady: () => deps.youReady().ready,
      requestKey: deps.requestKey,
      onBackground: (conversationId, turn) => deps.research?.onBackground(conversationId, turn),
    });
  }

  /** Settles once the keys are loaded: a view can then show the composer (or the welcome). */
  ready: Promise<void> = Promise.resolve();
  /** Settles once this window's conversation is restored from history too; runs wait for it. */
  restored: Promise<void> = Promise.resolve();
  private restoring = false;

  /**
   * Loads keys, then history. The views do not wait for history: the composer shows first, and
   * the restored conversation follows in a second state.
   */
  initialize(loadKeys: () => Promise<void>, loadHistory: () => Promise<void>): void {
    const report = (err: unknown) => this.deps.log.error(`initialisation failed: ${String(err)}`);
    this.restoring = true;
    this.ready = loadKeys().catch(report);
    this.restored = this.ready
      .then(loadHistory)
      .catch(report)
      .finally(() => {
        this.restoring = false;
        this.refresh();
      });
  }

  /** Restores the conversation this window showed before a reload. */
  async restore(): Promise<void> {
    const id = this.deps.windowState.get<string>(CURRENT_KEY);
    if (id) await this.guard(() => this.session.restore(id));
  }

  get busy(): boolean {
    return this.session.activeTurnId !== undefined;
  }

  get current(): Conversation {
    return this.session.current;
  }

  get selectedAgent(): string {
    return this.selectedAgentId;
  }

  attach(surface: ChatSurface): vscode.Disposable {
    this.surfaces.add(surface);
    return { dispose: () => this.surfaces.delete(surface) };
  }

  /** Called with a conversation's id each time the views are given it whole (a new, opened or reloaded chat). */
  onDidShowConversation(listener: (conversationId: string) => void): vscode.Disposable {
    this.shownListeners.add(listener);
    return { dispose: () => this.shownListeners.delete(listener) };
  }

  state(): ViewState {
    const you = this.deps.youReady();
    const agents = this.agents();
    return {
      conversation: this.session.current,
      agents,
      selectedAgentId: this.selectedAgentId,
      ready: you.ready || agents.some((a) => !a.id.startsWith('you:') && !a.unavailable),
      demo: you.demo,
      activeTurnId: this.session.activeTurnId ?? null,
      phase: this.session.phase,
      sendKey: this.deps.sendKey(),
      restoring: this.restoring,
      ...(this.deps.research ? { research: this.deps.research.view() } : {}),
    };
  }

  /** Sends the whole state to every surface (after a reload, a new chat, a settings change). */
  refresh(): void {
    this.reportStatus();
    const state = this.state();
    this.lastReady = state.ready;
    this.broadcast({ type: 'state', state });
    for (const listener of this.shownListeners) listener(state.conversation.id);
  }

  /** The agent list changed (ACP discovery): update the picker, or everything if the view must change. */
  refreshAgents(): void {
    this.reportStatus();
    const state = this.state();
    if (state.ready !== this.lastReady) return this.refresh();
    this.broadcast({ type: 'agents', agents: state.agents, selectedAgentId: this.selectedAgentId });
  }

  agents(): AgentInfo[] {
    return this.deps.sources.flatMap((s) => s.agents());
  }

  async selectAgent(agentId: string): Promise<void> {
    if (!this.agents().some((a) => a.id === agentId)) return;
    this.selectedAgentId = agentId;
    await this.deps.userState.update(AGENT_KEY, agentId);
    this.reportStatus();
    this.broadcast({ type: 'agents', agents: this.agents(), selectedAgentId: agentId });
  }

  /** Asks the selected agent. `label` is what the chat shows when the question is long (a selection). */
  async ask(question: string, label?: string): Promise<void> {
    await this.restored;
    const agentId = this.selectedAgentId;
    const agentLabel = this.route(agentId)?.info.label ?? agentId;
    // A Research question carries its effort (confirmed once when expensive); declining sends nothing.
    const research = agentId === this.deps.research?.agentId ? await this.deps.research.prepare() : undefined;
    if (agentId === this.deps.research?.agentId && !research) return;
    await this.session.ask(question, agentId, agentLabel, label, research);
  }

  /** Changes a turn where it lives (a background research report landing); see ChatSession.updateTurn. */
  updateTurn(conversationId: string, turnId: string, change: (turn: Turn) => boolean): Promise<boolean> {
    return this.session.updateTurn(conversationId, turnId, change);
  }

  /** A background task's step, shown in its turn when its conversation is the one shown. */
  showProgress(conversationId: string, turnId: string, message: string): void {
    const turn = this.session.current.id === conversationId ? this.session.current.turns.find((t) => t.id === turnId) : undefined;
    if (!turn || turn.status !== 'streaming') return;
    turn.progress = message;
    this.broadcast({ type: 'progress', conversationId, turnId, message });
  }

  /** The Research effort changed: the views' controls follow. */
  researchChanged(): void {
    if (this.deps.research) this.broadcast({ type: 'research', research: this.deps.research.view() });
  }

  retry(turnId: string): Promise<void> {
    return this.session.retry(turnId);
  }

  edit(turnId: string, text: string): Promise<void> {
    return this.session.edit(turnId, text);
  }

  /** Another answer from the agent picked now (it may differ from the one that answered). */
  regenerate(turnId: string): Promise<void> {
    const agentId = this.selectedAgentId;
    return this.session.regenerate(turnId, agentId, this.route(agentId)?.info.label ?? agentId);
  }

  showAnswer(turnId: string, index: number): Promise<boolean> {
    return this.session.showAnswer(turnId, index);
  }

  answerMarkdown(turnId: string): string | undefined {
    const turn = this.session.current.turns.find((t) => t.id === turnId);
    return turn && answerToMarkdown(turn);
  }

  /** Renames a conversation, the one shown or one in history; false when it is not found. */
  async rename(id: string, title: string): Promise<boolean> {
    const clean = title.replace(/\s+/g, ' ').trim().slice(0, 200);
    if (!clean) return false;
    if (this.session.current.id === id) {
      await this.session.rename(clean);
      return true;
    }
    const stored = await this.guard(() => this.deps.history.load(id));
    if (!stored) return false;
    await this.deps.history.save({ ...stored, title: clean }, []);
    return true;
  }

  resume(turnId: string, text: string): Promise<void> {
    return this.session.resume(turnId, text);
  }

  stop(): Promise<void> {
    return this.session.stop();
  }

  async newChat(): Promise<void> {
    await this.session.newChat();
  }

  async open(id: string): Promise<boolean> {
    return (await this.guard(() => this.session.open(id))) ?? false;
  }

  async deleteConversation(id: string): Promise<void> {
    if (this.session.current.id === id) await this.session.newChat();
    await this.deps.history.delete(id);
  }

  private reportStatus(): void {
    const agentLabel = this.agents().find((a) => a.id === this.selectedAgentId)?.label ?? this.selectedAgentId;
    this.deps.onStatus({ agentLabel, busy: this.busy });
  }

  private route(agentId: string): AgentRoute | undefined {
    return findRoute(this.deps.sources, agentId);
  }

  private onSessionEvent(event: SessionEvent): void {
    switch (event.type) {
      case 'conversation':
        this.rememberCurrent();
        return this.refresh();
      case 'run':
        this.reportStatus();
        if (event.activeTurnId !== null) this.rememberCurrent();
        return this.broadcast(event);
      default:
        return this.broadcast(event);
    }
  }

  /** The conversation this window shows, for the next reload (only once it has a turn). */
  private rememberCurrent(): void {
    const { id, turns } = this.session.current;
    void this.deps.windowState.update(CURRENT_KEY, turns.length > 0 ? id : undefined);
  }

  /** Loads from history; a damaged file or a failing disk is reported, not thrown. */
  private async guard<T>(load: () => Promise<T>): Promise<T | undefined> {
    try {
      return await load();
    } catch (err) {
      if (err instanceof HistoryCorrupt) this.deps.warn(this.deps.t('A saved conversation was damaged and has been set aside: {0}', err.file));
      else if (err instanceof HistoryIoError) this.deps.warn(this.deps.t('Chat history could not be read: {0}', err.message));
      this.deps.log.warn(String(err));
      return undefined;
    }
  }

  private broadcast(message: HostMessage): void {
    for (const surface of this.surfaces) surface.post(message);
  }

  /** The window is closing: the active answer is saved, marked interrupted. */
  shutdown(): Promise<void> {
    return this.session.shutdown();
  }

  dispose(): void {
    void this.session.shutdown();
    this.surfaces.clear();
    this.shownListeners.clear();
  }
}
