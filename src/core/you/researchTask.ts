import { isRecord } from '../errors';
import { isResearchEffort, type ResearchEffort } from './research';
import { isTaskId } from './endpoints';

/**
 * What the host persists about a background research task so it can be followed again after a
 * reload or a restart: written as soon as the task id is known, updated with the last stream event
 * id seen. The task itself is never submitted again; resuming only reads it.
 */
export interface ResearchTaskRecord {
  taskId: string;
  question: string;
  effort: ResearchEffort;
  /** When it was submitted, ms since the epoch. */
  startedAt: number;
  /** The id of the last stream event seen; undefined before the first. Reconnects ask from here (`from_id`). */
  lastEventId?: number;
}

export function serializeResearchTask(record: ResearchTaskRecord): string {
  const { taskId, question, effort, startedAt, lastEventId } = record;
  return JSON.stringify({ taskId, question, effort, startedAt, ...(lastEventId === undefined ? {} : { lastEventId }) });
}

/** The record in `value` (a parsed object or its JSON text), or undefined when it is not a whole, valid one. */
export function parseResearchTask(value: unknown): ResearchTaskRecord | undefined {
  let data = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(data)) return undefined;
  const { taskId, question, effort, startedAt, lastEventId } = data;
  if (!isTaskId(taskId) || typeof question !== 'string' || !isResearchEffort(effort)) return undefined;
  if (typeof startedAt !== 'number' || !Number.isFinite(startedAt)) return undefined;
  if (lastEventId !== undefined && !isEventId(lastEventId)) return undefined;
  return { taskId, question, effort, startedAt, ...(lastEventId === undefined ? {} : { lastEventId }) };
}

export function isEventId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
