import { attachmentName, mediaTypeLabel } from '../attachment';
import { AgentError, isRecord, type ErrorKind, type ErrorReason } from '../errors';
import { statusEvent, type RunEvent } from '../events';
import { linkTarget } from '../exportMarkdown';
import { isA2aId, normalPart, normalResponse, taskState, type A2aTaskState } from './wire';

/** A data part is shown as JSON up to this many characters; the rest is cut with a note. */
export const MAX_DATA_CHARS = 8 * 1024;

/**
 * Maps A2A stream responses (`task`, `message`, `statusUpdate`, `artifactUpdate`, v0.3 ones
 * already translated by `normalResponse`) to RunEvents. Text parts of artifacts and agent
 * messages are the answer; status messages are progress; other parts are shown as what they are
 * (a link, a JSON block, a file's name and size). Every field is checked before use.
 *
 * Artifacts: chunks with `append` add to their artifact, in arrival order; after a chunk with
 * `lastChunk`, further chunks of that artifact are ignored. A non-append update of an artifact
 * already shown replaces it: the answer only grows, so when the new content extends what was
 * shown only the new end is added, and otherwise the new version follows below a rule. A second
 * artifact starts after a blank line.
 */
export class A2aEventMapper {
  /** A terminal or interrupted state (or a lone message) arrived: the stream is over. */
  finished = false;
  taskId: string | undefined;
  contextId: string | undefined;
  private startedSent = false;
  private readonly artifacts = new Map<string, { shown: string; closed: boolean }>();
  private answerShown = false;

  constructor(private readonly service: string) {}

  /** One stream response or send result (any version); unknown shapes become debug progress. */
  map(value: unknown, out: RunEvent[]): void {
    const response = normalResponse(value);
    if (!response) {
      out.push({ type: 'progress', kind: 'debug', message: `unknown event: ${String(JSON.stringify(value)).slice(0, 100)}` });
      return;
    }
    if (isRecord(response.task)) this.task(response.task, out);
    else if (isRecord(response.message)) this.message(response.message, out);
    else if (isRecord(response.statusUpdate)) this.statusUpdate(response.statusUpdate, out);
    else if (isRecord(response.artifactUpdate)) this.artifactUpdate(response.artifactUpdate, out);
  }

  private task(task: Record<string, unknown>, out: RunEvent[]): void {
    if (!this.acceptIds(task.id, task.contextId, out, true)) return;
    // A task snapshot (the first event, or a send result) may carry whole artifacts.
    if (Array.isArray(task.artifacts)) {
      for (const artifact of task.artifacts.filter(isRecord)) {
        const id = typeof artifact.artifactId === 'string' ? artifact.artifactId : '';
        if (!this.artifacts.has(id)) this.artifact(artifact, false, true, out);
      }
    }
    const status = isRecord(task.status) ? task.status : {};
    this.state(taskState(status.state), status.message, out);
  }

  private message(message: Record<string, unknown>, out: RunEvent[]): void {
    if (!this.acceptIds(message.taskId, message.contextId, out, false)) return;
    const text = contentText(message);
    this.show(text, out);
    // A message reply without a task is the whole answer (the spec's "exactly one message").
    if (this.taskId === undefined) {
      this.finished = true;
      out.push({ type: 'done' });
    }
  }

  private statusUpdate(update: Record<string, unknown>, out: RunEvent[]): void {
    if (!this.acceptIds(update.taskId, update.contextId, out, true)) return;
    const status = isRecord(update.status) ? update.status : {};
    this.state(taskState(status.state), status.message, out);
  }

  private artifactUpdate(update: Record<string, unknown>, out: RunEvent[]): void {
    if (!this.acceptIds(update.taskId, update.contextId, out, true)) return;
    if (isRecord(update.artifact)) this.artifact(update.artifact, update.append === true, update.lastChunk === true, out);
  }

  private artifact(artifact: Record<string, unknown>, append: boolean, lastChunk: boolean, out: RunEvent[]): void {
    const id = typeof artifact.artifactId === 'string' ? artifact.artifactId : '';
    const text = contentText(artifact);
    const known = this.artifacts.get(id);
    if (known?.closed) {
      out.push({ type: 'progress', kind: 'debug', message: `chunk after the last chunk of artifact ${id.slice(0, 64)} ignored` });
      return;
    }
    if (!known) {
      this.artifacts.set(id, { shown: text, closed: lastChunk });
      this.show(text, out, true);
      return;
    }
    known.closed = lastChunk;
    if (append) {
      known.shown += text;
      this.show(text, out);
    } else if (text.startsWith(known.shown)) {
      this.show(text.slice(known.shown.length), out);
      known.shown = text;
    } else {
      known.shown = text;
      this.show(`\n\n---\n\n${text}`, out);
    }
  }

  /** A task state's events: progress while active, the run's end otherwise. */
  private state(state: A2aTaskState, statusMessage: unknown, out: RunEvent[]): void {
    const said = isRecord(statusMessage) ? contentText(statusMessage).trim() : '';
    switch (state) {
      case 'TASK_STATE_SUBMITTED':
        out.push(statusEvent('starting'));
        break;
      case 'TASK_STATE_WORKING':
        out.push(said ? { type: 'progress', kind: 'step', message: said } : statusEvent('working'));
        break;
      case 'TASK_STATE_COMPLETED':
        // An agent that puts its whole answer in the final status message.
        if (!this.answerShown && said) this.show(said, out);
        this.end(out, { type: 'done' });
        break;
      case 'TASK_STATE_INPUT_REQUIRED':
        if (!this.taskId) this.end(out, errorEvent('protocol', { code: 'protocol', service: this.service, problem: 'task-id' }));
        else this.end(out, { type: 'await', runId: this.taskId, prompt: said });
        break;
      case 'TASK_STATE_AUTH_REQUIRED':
        this.end(out, errorEvent('failed', { code: 'agent-needs-auth', service: this.service, ...(said ? { message: said } : {}) }, 'check-settings'));
        break;
      case 'TASK_STATE_FAILED':
        this.end(out, errorEvent('failed', { code: 'agent-failed', service: this.service, ...(said ? { message: said } : {}) }));
        break;
      case 'TASK_STATE_REJECTED':
        this.end(out, errorEvent('failed', { code: 'agent-rejected', service: this.service, ...(said ? { message: said } : {}) }, 'none'));
        break;
      case 'TASK_STATE_CANCELED':
        this.end(out, errorEvent('aborted', { code: 'cancelled', service: this.service }, 'none'));
        break;
      case 'TASK_STATE_UNSPECIFIED':
        out.push({ type: 'progress', kind: 'debug', message: 'task in an unknown state' });
        break;
    }
  }

  private end(out: RunEvent[], event: RunEvent): void {
    this.finished = true;
    out.push(event);
  }

  private show(text: string, out: RunEvent[], newArtifact = false): void {
    if (!text) return;
    const separator = newArtifact && this.answerShown ? '\n\n' : '';
    this.answerShown = true;
    out.push({ type: 'text', delta: separator + text });
  }

  /**
   * Checks ids before they reach a URL or an event and announces the task (`started` carries the
   * task id as runId and the context id as sessionId). An invalid id ends the run.
   */
  private acceptIds(taskId: unknown, contextId: unknown, out: RunEvent[], taskRequired: boolean): boolean {
    // Every event repeats the same ids: the known ones were checked once.
    if (this.startedSent && (taskId === this.taskId || taskId === undefined) && (contextId === this.contextId || contextId === undefined)) {
      if (this.taskId || !taskRequired) return true;
    }
    const hasTask = taskId !== undefined && taskId !== '';
    const hasContext = contextId !== undefined && contextId !== '';
    if ((hasTask && !isA2aId(taskId)) || (taskRequired && !hasTask && !this.taskId)) {
      this.end(out, errorEvent('protocol', { code: 'protocol', service: this.service, problem: 'task-id' }));
      return false;
    }
    if (hasContext && !isA2aId(contextId)) {
      this.end(out, errorEvent('protocol', { code: 'protocol', service: this.service, problem: 'context-id' }));
      return false;
    }
    if (hasContext) this.contextId ??= contextId as string;
    if (hasTask) this.taskId ??= taskId as string;
    if (!this.startedSent && (this.taskId || this.contextId)) {
      this.startedSent = true;
      out.push({ type: 'started', ...(this.taskId ? { runId: this.taskId } : {}), ...(this.contextId ? { sessionId: this.contextId } : {}) });
    }
    return true;
  }
}

function errorEvent(kind: ErrorKind, reason: ErrorReason, action: 'retry' | 'check-settings' | 'none' = 'retry'): RunEvent {
  return { type: 'error', error: new AgentError(kind, reason, { action: { kind: action } }), partialText: '' };
}

/** The parts of a message or artifact (`parts`, or v0.3 proto JSON's `content`) as answer Markdown. */
function contentText(holder: Record<string, unknown>): string {
  return partsText(holder.parts ?? holder.content);
}

/** Parts as answer Markdown: text as it is, everything else shown as what it is. */
export function partsText(parts: unknown): string {
  if (!Array.isArray(parts)) return '';
  let out = '';
  for (const raw of parts) if (isRecord(raw)) out += partText(normalPart(raw));
  return out;
}

function partText(part: Record<string, unknown>): string {
  if (typeof part.text === 'string') return part.text;
  const mediaType = mediaTypeLabel(part.mediaType);
  const name = attachmentName(part.filename, 'file');
  const type = mediaType ? ` (${mediaType})` : '';
  if (typeof part.url === 'string') {
    const href = linkTarget(part.url);
    if (href) return `\n\n📎 [${name}](${href})${type}\n\n`;
    return `\n\n📎 ${name}${type}\n\n`;
  }
  if (typeof part.raw === 'string') return `\n\n📎 ${name}${type}, ${Math.floor((part.raw.length * 3) / 4)} bytes\n\n`;
  if ('data' in part) return dataBlock(part.data, mediaType || 'application/json');
  return '';
}

/** Structured data as a fenced JSON block: shown, never run. The fence is longer than any backtick run inside. */
function dataBlock(data: unknown, mediaType: string): string {
  let json = JSON.stringify(data, null, 2) ?? 'null';
  if (json.length > MAX_DATA_CHARS) json = `${json.slice(0, MAX_DATA_CHARS)}\n… (${json.length - MAX_DATA_CHARS} more characters not shown)`;
  let longest = 0;
  let run = 0;
  for (let i = 0; i < json.length; i++) {
    run = json.charCodeAt(i) === 0x60 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `\n\n*Data (${mediaType}):*\n\n${fence}json\n${json}\n${fence}\n\n`;
}
