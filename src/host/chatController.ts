import * as vscode from 'vscode';
import { AgentError } from '../core/errors';
import { mergeCitations, type RunEvent } from '../core/events';
import { HistoryCorrupt, type HistoryStore } from '../core/history';
import type { Log } from '../core/redact';
import type { Conversation, ErrorView, HostMessage, Turn, ViewState } from '../shared/messages';
import type { AgentRoute, AgentSource } from './agents';

/** Anything that shows the chat: the sidebar view, an editor panel. */
export interface ChatSurface {
  post(message: HostMessage): void;
}

export interface ChatControllerDeps {
  sources: readonly AgentSource[];
  history: HistoryStore;
  state: vscode.Memento;
  log: Log;
  defaultAgentId(): string;
  /** Whether You.com runs can go anywhere now (a key, or a demo endpoint). */
  youReady(): { ready: boolean; demo: boolean };
  /** Asks the user for a key; resolves true once one is stored. */
  requestKey(): Promise<boolean>;
  onBusyChanged(busy: boolean): void;
}

const CURRENT_KEY = 'youAgents.currentConversation';
const AGENT_KEY = 'youAgents.selectedAgent';

interface ActiveRun {
  turnId: string;
  abort: AbortController;
  route: AgentRoute;
  runId?: string;
}

/**
 * Owns the conversation: starts runs, streams their events to every surface, persists
 * history. The single source of truth; a webview can be destroyed and rebuilt from `state()`.
 */
export class ChatController implements vscode.Disposable {
  private conversation: Conversation = newConversation();
  private active: ActiveRun | undefined;
  private readonly surfaces = new Set<ChatSurface>();
  private selectedAgentId: string;
  private lastReady: boolean | undefined;
  /** Await prompts of ACP runs, by turn id: the run id to resume. */
  private readonly awaiting = new Map<string, { runId: string; agentId: string }>();

  constructor(private readonly deps: ChatControllerDeps) {
    this.selectedAgentId = deps.state.get<string>(AGENT_KEY) ?? deps.defaultAgentId();
  }

  /** Settles once keys and history are loaded; webviews and runs wait for it. */
  ready: Promise<void> = Promise.resolve();

  initialize(init: () => Promise<void>): void {
    this.ready = init().catch((err: unknown) => this.deps.log.error(`initialisation failed: ${String(err)}`));
  }

  /** Restores the conversation that was open before a reload. */
  async restore(): Promise<void> {
    const id = this.deps.state.get<string>(CURRENT_KEY);
    if (!id) return;
    const loaded = await this.loadSafely(id);
    if (loaded) this.conversation = loaded;
  }

  get busy(): boolean {
    return this.active !== undefined;
  }

  get current(): Conversation {
    return this.conversation;
  }

  attach(surface: ChatSurface): vscode.Disposable {
    this.surfaces.add(surface);
    return { dispose: () => this.surfaces.delete(surface) };
  }

  state(): ViewState {
    const you = this.deps.youReady();
    const agents = this.agents();
    return {
      conversation: this.conversation,
      agents,
      selectedAgentId: this.selectedAgentId,
      ready: you.ready || agents.some((a) => !a.id.startsWith('you:') && !a.unavailable),
      demo: you.demo,
      busy: this.busy,
    };
  }

  /** Sends the whole state to every surface (after a reload, a new chat, a settings change). */
  refresh(): void {
    const state = this.state();
    this.lastReady = state.ready;
    this.broadcast({ type: 'state', state });
  }

  /** The agent list changed (ACP discovery): update the picker, or everything if the view must change. */
  refreshAgents(): void {
    const state = this.state();
    if (state.ready !== this.lastReady) return this.refresh();
    this.broadcast({ type: 'agents', agents: state.agents, selectedAgentId: this.selectedAgentId });
  }

  agents() {
    return this.deps.sources.flatMap((s) => s.agents());
  }

  async selectAgent(agentId: string): Promise<void> {
    if (!this.agents().some((a) => a.id === agentId)) return;
    this.selectedAgentId = agentId;
    await this.deps.state.update(AGENT_KEY, agentId);
    this.broadcast({ type: 'agents', agents: this.agents(), selectedAgentId: agentId });
  }

  get selectedAgent(): string {
    return this.selectedAgentId;
  }

  /** Asks the selected agent. `label` is what the chat shows when the question is long (a selection). */
  async ask(question: string, label?: string): Promise<void> {
    await this.ready;
    if (this.active) this.stop();
    const route = this.route(this.selectedAgentId);
    const turn: Turn = {
      id: randomId(),
      question,
      ...(label ? { questionLabel: label } : {}),
      agentId: this.selectedAgentId,
      agentLabel: route?.info.label ?? this.selectedAgentId,
      answer: '',
      citations: [],
      status: 'streaming',
      startedAt: Date.now(),
    };
    if (this.conversation.turns.length === 0) this.conversation.title = titleOf(label ?? question);
    this.conversation.turns.push(turn);
    await this.start(turn, route);
  }

  async retry(turnId: string): Promise<void> {
    const turn = this.conversation.turns.find((t) => t.id === turnId);
    if (!turn || this.active?.turnId === turnId) return;
    if (this.active) this.stop();
    Object.assign(turn, { answer: '', citations: [], status: 'streaming', progress: undefined, error: undefined, awaitPrompt: undefined, startedAt: Date.now(), finishedAt: undefined });
    await this.start(turn, this.route(turn.agentId));
  }

  /** Answers an awaiting (ACP) run and streams the rest of it into the same turn. */
  async resume(turnId: string, text: string): Promise<void> {
    const waiting = this.awaiting.get(turnId);
    const turn = this.conversation.turns.find((t) => t.id === turnId);
    const route = waiting && this.route(waiting.agentId);
    if (!waiting || !turn || !route?.resume) return;
    this.awaiting.delete(turnId);
    turn.answer += `\n\n> ${text.replace(/\n/g, '\n> ')}\n\n`;
    Object.assign(turn, { status: 'streaming', awaitPrompt: undefined });
    this.broadcast({ type: 'turnStart', turn });
    const abort = new AbortController();
    await this.stream(turn, route, abort, route.resume(waiting.runId, text, this.runContext(route, abort)), waiting.runId);
  }

  stop(): void {
    const active = this.active;
    if (!active) return;
    active.abort.abort();
    if (active.runId && active.route.cancel) {
      active.route.cancel(active.runId).catch((err: unknown) => this.deps.log.warn(`cancel failed: ${String(err)}`));
    }
  }

  async newChat(): Promise<void> {
    this.stop();
    this.conversation = newConversation();
    this.awaiting.clear();
    await this.deps.state.update(CURRENT_KEY, undefined);
    this.refresh();
  }

  async open(id: string): Promise<boolean> {
    const loaded = await this.loadSafely(id);
    if (!loaded) return false;
    this.stop();
    this.conversation = loaded;
    await this.deps.state.update(CURRENT_KEY, id);
    this.refresh();
    return true;
  }

  async deleteConversation(id: string): Promise<void> {
    await this.deps.history.delete(id);
    if (this.conversation.id === id) await this.newChat();
  }

  private route(agentId: string): AgentRoute | undefined {
    for (const source of this.deps.sources) {
      const route = source.route(agentId);
      if (route) return route;
    }
    return undefined;
  }

  private runContext(route: AgentRoute, abort: AbortController) {
    const sessionId = this.conversation.sessions?.[route.info.id];
    return { signal: abort.signal, ...(sessionId ? { sessionId } : {}) };
  }

  private async start(turn: Turn, route: AgentRoute | undefined): Promise<void> {
    this.broadcast({ type: 'turnStart', turn });
    if (!route) {
      return this.finish(turn, new AgentError('config', vscode.l10n.t('The agent {0} is not available; pick another one.', turn.agentId), { action: { kind: 'check-agent' } }));
    }
    if (route.info.unavailable) {
      return this.finish(turn, new AgentError('network', route.info.unavailable, { action: { kind: 'retry' } }));
    }
    if (route.needsYouKey && !this.deps.youReady().ready) {
      const gotKey = await this.deps.requestKey();
      if (!gotKey) {
        return this.finish(turn, new AgentError('config', vscode.l10n.t('Set a You.com API key to ask this agent.'), { action: { kind: 'set-key' } }));
      }
    }
    const abort = new AbortController();
    await this.stream(turn, route, abort, route.run(turn.question, this.runContext(route, abort)));
  }

  private async stream(turn: Turn, route: AgentRoute, abort: AbortController, events: AsyncIterable<RunEvent>, runId?: string): Promise<void> {
    const active: ActiveRun = { turnId: turn.id, abort, route, ...(runId ? { runId } : {}) };
    this.active = active;
    this.deps.onBusyChanged(true);
    // Deltas that arrive together (one network chunk) go out as one message, with no added delay.
    let pending = '';
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (!pending) return;
      this.broadcast({ type: 'delta', turnId: turn.id, text: pending });
      pending = '';
    };
    let failure: AgentError | undefined;
    try {
      for await (const event of events) {
        switch (event.type) {
          case 'text':
            turn.answer += event.delta;
            pending += event.delta;
            if (!scheduled) {
              scheduled = true;
              setImmediate(flush);
            }
            break;
          case 'citations':
            turn.citations = mergeCitations(turn.citations, event.citations);
            this.broadcast({ type: 'citations', turnId: turn.id, citations: turn.citations });
            break;
          case 'progress':
            this.deps.log.debug(`progress (${event.kind}): ${event.message}`);
            if (event.kind !== 'debug') {
              turn.progress = event.message;
              this.broadcast({ type: 'progress', turnId: turn.id, message: event.message });
            }
            break;
          case 'started':
            if (event.runId) active.runId = event.runId;
            if (event.sessionId) this.conversation.sessions = { ...this.conversation.sessions, [route.info.id]: event.sessionId };
            break;
          case 'await':
            flush();
            turn.status = 'awaiting';
            turn.awaitPrompt = event.prompt;
            this.awaiting.set(turn.id, { runId: event.runId, agentId: route.info.id });
            break;
          case 'done':
            turn.status = 'done';
            break;
          case 'error':
            failure = event.error;
            break;
        }
      }
    } catch (err) {
      this.deps.log.error(`run crashed: ${String(err)}`);
      failure = new AgentError('protocol', String(err), { action: { kind: 'retry' } });
    } finally {
      flush();
      if (this.active === active) {
        this.active = undefined;
        this.deps.onBusyChanged(false);
      }
    }
    await this.finish(turn, failure);
  }

  private async finish(turn: Turn, failure: AgentError | undefined): Promise<void> {
    if (failure) {
      if (failure.kind === 'aborted') turn.status = 'stopped';
      else {
        turn.status = turn.answer ? 'interrupted' : 'error';
        turn.error = errorView(failure);
      }
    } else if (turn.status === 'streaming') {
      turn.status = 'interrupted';
    }
    turn.progress = undefined;
    turn.finishedAt = Date.now();
    this.conversation.updatedAt = Date.now();
    this.broadcast({ type: 'turnEnd', turn });
    await this.persist();
  }

  private async persist(): Promise<void> {
    try {
      await this.deps.history.save(this.conversation);
      await this.deps.state.update(CURRENT_KEY, this.conversation.id);
    } catch (err) {
      this.deps.log.error(`could not save the conversation: ${String(err)}`);
    }
  }

  private async loadSafely(id: string): Promise<Conversation | undefined> {
    try {
      return await this.deps.history.load(id);
    } catch (err) {
      if (err instanceof HistoryCorrupt) void vscode.window.showWarningMessage(vscode.l10n.t('A saved conversation was damaged and has been set aside: {0}', err.file));
      this.deps.log.warn(String(err));
      return undefined;
    }
  }

  private broadcast(message: HostMessage): void {
    for (const surface of this.surfaces) surface.post(message);
  }

  dispose(): void {
    this.stop();
    this.surfaces.clear();
  }
}

export function errorView(error: Pick<AgentError, 'message' | 'action'>): ErrorView {
  const { action } = error;
  return {
    message: error.message,
    action: action.kind,
    ...(action.kind === 'wait' ? { waitSeconds: action.seconds } : {}),
    ...(action.kind === 'add-credits' && action.url ? { url: action.url } : {}),
  };
}

function newConversation(): Conversation {
  const now = Date.now();
  return { id: randomId(), title: vscode.l10n.t('New chat'), createdAt: now, updatedAt: now, turns: [] };
}

function titleOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

function randomId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 16);
}
