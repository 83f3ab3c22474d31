import type { AnswerVersion, ErrorView, Turn, TurnStatus } from './conversation';
import type { Citation } from './events';
import type { HistoryEntry } from './history';
import { isResearchEffort, type ResearchTurn } from './researchTurn';

/**
 * The one schema of history files, as total parsers: each takes anything JSON.parse returned and
 * gives back a fresh object with exactly the known fields, each of its type, or undefined. A
 * file is taken whole or not at all (`citations: [null, 5]` rejects the turn). Hand-written
 * rather than a schema library: the shapes are few and small, and a validator that copies only
 * known fields is shorter here than a library's schema plus a copy step.
 */

/** Conversation and turn ids: also file and folder names, and keys of plain objects. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Names an object inherits (`__proto__`, `constructor`, `toString`, …): never an id. */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

export function isHistoryId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value) && !PROTOTYPE_NAMES.has(value);
}

type Parse<T> = (value: unknown) => T | undefined;
/** A field's parser, and whether it may be absent. */
type Field<T> = { parse: Parse<T>; optional?: true };
type Shape<T> = { [K in keyof T]-?: Field<NonNullable<T[K]>> };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Parse<string> = (v) => (typeof v === 'string' ? v : undefined);
const num: Parse<number> = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const id: Parse<string> = (v) => (isHistoryId(v) ? v : undefined);
const oneOf =
  <T extends string>(...values: T[]): Parse<T> =>
  (v) =>
    (values as unknown[]).includes(v) ? (v as T) : undefined;

const required = <T>(parse: Parse<T>): Field<T> => ({ parse });
const optional = <T>(parse: Parse<T>): Field<T> => ({ parse, optional: true });

/** Every element parsed, or undefined if one fails. */
function arrayOf<T>(parse: Parse<T>): Parse<T[]> {
  return (v) => {
    if (!Array.isArray(v)) return undefined;
    const out: T[] = [];
    for (const item of v) {
      const parsed = parse(item);
      if (parsed === undefined) return undefined;
      out.push(parsed);
    }
    return out;
  };
}

/** An object with exactly `shape`'s fields (others dropped), own properties only. */
function record<T>(shape: Shape<T>): Parse<T> {
  return (v) => {
    if (!isObject(v)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape) as [string, Field<unknown>][]) {
      const raw = Object.hasOwn(v, key) ? v[key] : undefined;
      if (raw === undefined || raw === null) {
        if (field.optional) continue;
        return undefined;
      }
      const parsed = field.parse(raw);
      if (parsed === undefined) return undefined;
      out[key] = parsed;
    }
    return out as T;
  };
}

const TURN_STATUSES: TurnStatus[] = ['streaming', 'done', 'interrupted', 'error', 'stopped', 'awaiting'];
const status = oneOf(...TURN_STATUSES);

export const parseCitation: Parse<Citation> = record<Citation>({
  index: required((v) => (Number.isInteger(v) && (v as number) >= 1 ? (v as number) : undefined)),
  url: required(str),
  title: required(str),
  snippet: required(str),
  snippets: optional(arrayOf(str)),
  host: required(str),
  thumbnailUrl: optional(str),
});

/** A task id goes into a URL path when a reload resumes it: only the characters real ids use. */
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const parseResearchTurn: Parse<ResearchTurn> = record<ResearchTurn>({
  effort: required((v) => (isResearchEffort(v) ? v : undefined)),
  background: required((v) => (typeof v === 'boolean' ? v : undefined)),
  taskId: optional((v) => (typeof v === 'string' && TASK_ID.test(v) ? v : undefined)),
  submittedAt: optional(num),
});

const parseErrorView: Parse<ErrorView> = record<ErrorView>({
  message: required(str),
  code: optional(str as Parse<NonNullable<ErrorView['code']>>),
  action: required(oneOf('set-key', 'add-credits', 'wait', 'check-agent', 'check-settings', 'retry', 'none')),
  waitSeconds: optional(num),
  url: optional(str),
});

const parseAnswerVersion: Parse<AnswerVersion> = record<AnswerVersion>({
  agentId: required(str),
  agentLabel: required(str),
  answer: required(str),
  citations: required(arrayOf(parseCitation)),
  status: required(status),
  error: optional(parseErrorView),
  startedAt: required(num),
  finishedAt: optional(num),
});

export const parseTurnValue: Parse<Turn> = record<Turn>({
  id: required(id),
  question: required(str),
  questionLabel: optional(str),
  agentId: required(str),
  agentLabel: required(str),
  answer: required(str),
  citations: required(arrayOf(parseCitation)),
  status: required(status),
  progress: optional(str),
  error: optional(parseErrorView),
  awaitPrompt: optional(str),
  awaitRunId: optional(str),
  startedAt: required(num),
  finishedAt: optional(num),
  otherAnswers: optional(arrayOf(parseAnswerVersion)),
  versionIndex: optional((v) => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : undefined)),
  research: optional(parseResearchTurn),
});

export const parseIndexEntry: Parse<HistoryEntry> = record<HistoryEntry>({
  id: required(id),
  title: required(str),
  createdAt: required(num),
  updatedAt: required(num),
  turns: required(num),
  bytes: required(num),
  agentLabel: optional(str),
});

/**
 * A string-to-string map (ACP sessions by agent id); undefined if any value is not a string.
 * Built with Object.fromEntries (own properties, never a prototype change), inherited names left out.
 */
export function parseStringMap(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const entries = Object.entries(v);
  if (!entries.every(([, value]) => typeof value === 'string')) return undefined;
  return Object.fromEntries(entries.filter(([key]) => !PROTOTYPE_NAMES.has(key))) as Record<string, string>;
}
