import { isRecord } from '../errors';
import { isTaskId } from './endpoints';

/**
 * Reading what the Research endpoints send, leniently where the sources disagree
 * (docs/protocols.md, "Research"): the task id is `task_id` on submit and `id` on GET (either is
 * taken in both places); `warnings` sits inside `result` or at the task's top level (both read);
 * terminal stream events come in several spellings.
 */

export const TASK_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const FINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];

export function isFinalStatus(status: TaskStatus | undefined): boolean {
  return status !== undefined && FINAL_STATUSES.includes(status);
}

/** A status as sent; `canceled` (one l) is read as `cancelled`; anything else is undefined. */
export function taskStatus(value: unknown): TaskStatus | undefined {
  if (value === 'canceled') return 'cancelled';
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value) ? (value as TaskStatus) : undefined;
}

/** The report and its sources (sync response, or a completed task's `result`). */
export interface ResearchOutput {
  /** Markdown with `[[n]]` markers; an object (output_schema) is given as JSON text. */
  content: string;
  contentType: 'text' | 'object';
  sources: unknown[];
  warnings: string[];
}

export interface ResearchTaskState {
  id: string;
  status?: TaskStatus;
  /** The task's `error` text when it failed. */
  error?: string;
  output?: ResearchOutput;
}

/** The submit response's task id (`task_id`, or `id` as GET spells it) and status, or undefined. */
export function parseSubmitted(body: unknown): { taskId: string; status?: TaskStatus } | undefined {
  if (!isRecord(body)) return undefined;
  const taskId = isTaskId(body.task_id) ? body.task_id : isTaskId(body.id) ? body.id : undefined;
  if (!taskId) return undefined;
  const status = taskStatus(body.status);
  return { taskId, ...(status ? { status } : {}) };
}

/** `{output: {content, content_type, sources}}` (plus warnings), or undefined when there is no content. */
export function parseOutput(result: unknown, outerWarnings?: unknown): ResearchOutput | undefined {
  if (!isRecord(result) || !isRecord(result.output)) return undefined;
  const { content, content_type: contentType, sources } = result.output;
  if (content === undefined || content === null) return undefined;
  const text = typeof content === 'string' ? content : '```json\n' + JSON.stringify(content, null, 2) + '\n```';
  return {
    content: text,
    contentType: contentType === 'object' || typeof content !== 'string' ? 'object' : 'text',
    sources: Array.isArray(sources) ? sources : [],
    warnings: [...strings(result.warnings), ...strings(result.output.warnings), ...strings(outerWarnings)],
  };
}

/** A GET /v1/research/{id} body. `fallbackId` fills in a task whose body names no id. */
export function parseTask(body: unknown, fallbackId: string): ResearchTaskState | undefined {
  if (!isRecord(body)) return undefined;
  const id = isTaskId(body.id) ? body.id : isTaskId(body.task_id) ? body.task_id : fallbackId;
  const status = taskStatus(body.status);
  const output = parseOutput(body.result, body.warnings);
  const error = typeof body.error === 'string' && body.error.trim() ? body.error : isRecord(body.error) ? firstText(body.error) : undefined;
  return { id, ...(status ? { status } : {}), ...(error ? { error } : {}), ...(output ? { output } : {}) };
}

/** What one stream event means to a follower. */
export type StreamEventKind = 'connected' | 'completed' | 'failed' | 'cancelled' | 'progress';

const COMPLETED_EVENTS = new Set(['completed', 'complete', 'response.done']);
const FAILED_EVENTS = new Set(['failed', 'error']);
const CANCELLED_EVENTS = new Set(['cancelled', 'canceled']);

/**
 * Classifies an event by its SSE name, else the payload's `type`: the documented terminals
 * (`completed`, `failed`, `cancelled`), the SDK's (`response.done`, `complete`, `error`), and
 * everything else as progress (`research.searching`, `response.created`, names yet unknown).
 */
export function streamEventKind(name: string | undefined, payload: unknown): StreamEventKind {
  const type = name && name !== 'message' ? name : isRecord(payload) && typeof payload.type === 'string' ? payload.type : '';
  if (type === 'connected') return 'connected';
  if (COMPLETED_EVENTS.has(type)) return 'completed';
  if (FAILED_EVENTS.has(type)) return 'failed';
  if (CANCELLED_EVENTS.has(type)) return 'cancelled';
  return 'progress';
}

/** The most readable words of a progress or error event (`data.message`, `message`, `query`…), if any. */
export function eventText(payload: unknown): string | undefined {
  if (!isRecord(payload)) return undefined;
  return (isRecord(payload.data) ? firstText(payload.data) : undefined) ?? firstText(payload);
}

function firstText(record: Record<string, unknown>): string | undefined {
  for (const key of ['message', 'error', 'detail', 'query', 'title', 'description', 'text']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value.length > 200 ? `${value.slice(0, 199)}…` : value;
  }
  return undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((w): w is string => typeof w === 'string' && w.trim() !== '') : [];
}
