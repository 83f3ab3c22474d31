import { type Disposable, env, l10n, window } from 'vscode';
import type { Turn } from '../../core/conversation';
import type { AgentError } from '../../core/errors';
import { errorText } from '../../core/errorText';
import type { Log } from '../../core/redact';
import { ResearchFollower } from '../../core/researchFollower';
import { ResearchTaskStore, taskOf, type PendingResearch } from '../../core/researchTasks';
import type { ResearchTaskRecord } from '../../core/you/researchTask';
import type { AgentRoute } from '../../core/routes';
import type { ChatController } from '../chatController';

export interface BackgroundResearchDeps {
  /** Folder of the task records and locks (beside the history, in global storage). */
  folder: string;
  controller: ChatController;
  route(): AgentRoute | undefined;
  /** Whether You.com calls can go out now (a key, or the demo). */
  youReady(): boolean;
  log: Log;
  /** Shows the chat (the report's notification opens its conversation there). */
  reveal(): Promise<void>;
}

/**
 * The host side of background research: the follower (src/core/researchFollower.ts) with this
 * window's storage, routes, views and notifications. One per window.
 */
export class BackgroundResearch implements Disposable {
  readonly tasks: ResearchTaskStore;
  readonly follower: ResearchFollower;

  constructor(private readonly deps: BackgroundResearchDeps) {
    this.tasks = new ResearchTaskStore(deps.folder);
    const { controller, log } = deps;
    this.follower = new ResearchFollower({
      tasks: this.tasks,
      follow: (record, signal) => {
        const route = deps.route();
        if (!route?.follow || !deps.youReady()) return undefined;
        return route.follow(taskOf(record), { signal, research: { effort: record.effort, background: true } });
      },
      updateTurn: (conversationId, turnId, change) => controller.updateTurn(conversationId, turnId, change),
      progress: (conversationId, turnId, message) => controller.showProgress(conversationId, turnId, message),
      landed: (record, turn) => void this.notifyReady(record, turn),
      describeError: (error: AgentError) => errorText(error.reason, l10n.t),
      stoppedNote: () => l10n.t('Stopped following. The task may still run on You.com and be billed.'),
      owner: `${env.sessionId}:${process.pid}`,
      log,
    });
  }

  /** A turn the chat session just handed off: record it (a reload resumes it), then follow it. */
  handOff(conversationId: string, turn: Turn): void {
    const taskId = turn.research?.taskId;
    if (!taskId || !turn.research) return;
    const record: PendingResearch = {
      taskId,
      conversationId,
      turnId: turn.id,
      effort: turn.research.effort,
      question: turn.question,
      submittedAt: turn.research.submittedAt ?? Date.now(),
    };
    void this.follower.submitted(record);
  }

  /** Every unfinished task of every window and day that nobody follows: resumed. */
  resumeAll(): Promise<number> {
    return this.follower.resumeAll();
  }

  /** Stop following the task of `turnId` in the chat shown (or the last pending one). */
  async stop(turnId?: string): Promise<boolean> {
    const conversation = this.deps.controller.current;
    const pending = [...conversation.turns].reverse().find((t) => t.research?.taskId && t.status === 'streaming');
    const turn = turnId ? conversation.turns.find((t) => t.id === turnId) : pending;
    const taskId = turn && this.follower.taskOf(conversation.id, turn.id);
    if (!taskId) return false;
    return this.follower.stop(taskId);
  }

  /** The client's record of a task advanced (a later stream event): kept for the next resume. */
  onTask(task: ResearchTaskRecord): void {
    void this.follower.advanced(task.taskId, task.lastEventId);
  }

  private async notifyReady(record: PendingResearch, turn: Turn): Promise<void> {
    const open = l10n.t('Open Report');
    const title = turn.question.length > 80 ? `${turn.question.slice(0, 77)}...` : turn.question;
    const picked = await window.showInformationMessage(l10n.t('Research ready: {0}', title), open);
    if (picked !== open) return;
    if (this.deps.controller.current.id !== record.conversationId) await this.deps.controller.open(record.conversationId);
    await this.deps.reveal();
  }

  dispose(): void {
    void this.follower.dispose();
  }
}
