import { isRecord } from '../errors';

/**
 * A2A wire facts the client relies on (docs/protocols.md §5), for v1.0 and the v0.3 names it
 * translates from. Everything from a server is `unknown` until checked here or in ./events.ts.
 */
export type A2aVersion = '1.0' | '0.3';

/** The bindings this client speaks; gRPC is not one of them. */
export type A2aBinding = 'JSONRPC' | 'HTTP+JSON';

/** v1.0 task states (proto names); v0.3 names are mapped onto these by `taskState`. */
export type A2aTaskState =
  | 'TASK_STATE_UNSPECIFIED'
  | 'TASK_STATE_SUBMITTED'
  | 'TASK_STATE_WORKING'
  | 'TASK_STATE_COMPLETED'
  | 'TASK_STATE_FAILED'
  | 'TASK_STATE_CANCELED'
  | 'TASK_STATE_INPUT_REQUIRED'
  | 'TASK_STATE_REJECTED'
  | 'TASK_STATE_AUTH_REQUIRED';

const V03_STATES: Record<string, A2aTaskState> = {
  unknown: 'TASK_STATE_UNSPECIFIED',
  submitted: 'TASK_STATE_SUBMITTED',
  working: 'TASK_STATE_WORKING',
  completed: 'TASK_STATE_COMPLETED',
  failed: 'TASK_STATE_FAILED',
  canceled: 'TASK_STATE_CANCELED',
  'input-required': 'TASK_STATE_INPUT_REQUIRED',
  rejected: 'TASK_STATE_REJECTED',
  'auth-required': 'TASK_STATE_AUTH_REQUIRED',
  // The v0.3 proto (HTTP+JSON at 0.3) spells it with two l's.
  TASK_STATE_CANCELLED: 'TASK_STATE_CANCELED',
};

const V10_STATES = new Set<string>(Object.values(V03_STATES));

/** A state in either version's spelling as its v1.0 name; anything else is UNSPECIFIED. */
export function taskState(value: unknown): A2aTaskState {
  if (typeof value !== 'string') return 'TASK_STATE_UNSPECIFIED';
  if (V10_STATES.has(value)) return value as A2aTaskState;
  return V03_STATES[value] ?? 'TASK_STATE_UNSPECIFIED';
}

/** The JSON-RPC method names per version (the HTTP+JSON paths are in ./transport.ts). */
export const METHODS: Record<A2aVersion, { send: string; stream: string; cancel: string }> = {
  '1.0': { send: 'SendMessage', stream: 'SendStreamingMessage', cancel: 'CancelTask' },
  '0.3': { send: 'message/send', stream: 'message/stream', cancel: 'tasks/cancel' },
};

/**
 * Task and context ids as the client accepts them from a server or a caller: they go into URL
 * paths (REST cancel) and events. Servers use UUIDs; anything with slashes, spaces or control
 * characters, or longer than 256 characters, is refused.
 */
const A2A_ID = /^[A-Za-z0-9][A-Za-z0-9._:~-]{0,255}$/;

export function isA2aId(value: unknown): value is string {
  return typeof value === 'string' && A2A_ID.test(value);
}

/**
 * The send parameters for a user message with one text part, in the shape of the version and
 * binding: v1.0 `{message}` (proto names); v0.3 JSON-RPC `{message}` with `kind` fields; v0.3
 * HTTP+JSON the v0.3 proto's JSON, `{request}` whose message has `content` instead of `parts`.
 */
export function sendParams(
  version: A2aVersion,
  binding: A2aBinding,
  text: string,
  ids: { taskId?: string; contextId?: string },
  messageId: string,
): Record<string, unknown> {
  const common = { messageId, ...(ids.taskId ? { taskId: ids.taskId } : {}), ...(ids.contextId ? { contextId: ids.contextId } : {}) };
  if (version === '1.0') return { message: { ...common, role: 'ROLE_USER', parts: [{ text }] } };
  if (binding === 'HTTP+JSON') return { request: { ...common, role: 'ROLE_USER', content: [{ text }] }, configuration: { blocking: true } };
  return { message: { ...common, kind: 'message', role: 'user', parts: [{ kind: 'text', text }] }, configuration: { blocking: true } };
}

/**
 * One stream response (or send result) in the v1.0 shape: `{task}`, `{message}`,
 * `{statusUpdate}` or `{artifactUpdate}`. A v0.3 object (told apart by `kind`) is translated;
 * parts are translated by `normalPart`. Returns undefined for anything else.
 */
export function normalResponse(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  for (const key of ['task', 'message', 'statusUpdate', 'artifactUpdate']) if (isRecord(value[key])) return { [key]: value[key] };
  // v0.3 HTTP+JSON (the v0.3 proto's JSON) calls a message `msg`.
  if (isRecord(value.msg)) return { message: value.msg };
  switch (value.kind) {
    case 'task':
      return { task: value };
    case 'message':
      return { message: value };
    case 'status-update':
      return { statusUpdate: value };
    case 'artifact-update':
      return { artifactUpdate: value };
    default:
      return undefined;
  }
}

/** A part in the v1.0 shape (`text` | `url` | `raw` | `data`, with `mediaType`, `filename`); v0.3 `kind` parts translated. */
export function normalPart(part: Record<string, unknown>): Record<string, unknown> {
  const file = isRecord(part.file) ? part.file : {};
  if (part.kind === undefined) {
    // v0.3 proto JSON: `{file: {fileWithUri | fileWithBytes, mimeType}}`.
    if (!isRecord(part.file)) return part;
    return {
      ...(typeof file.fileWithUri === 'string' ? { url: file.fileWithUri } : {}),
      ...(typeof file.fileWithBytes === 'string' ? { raw: file.fileWithBytes } : {}),
      ...(typeof file.mimeType === 'string' ? { mediaType: file.mimeType } : {}),
      ...(typeof file.name === 'string' ? { filename: file.name } : {}),
    };
  }
  switch (part.kind) {
    case 'text':
      return { text: part.text };
    case 'data':
      return { data: part.data, mediaType: 'application/json' };
    case 'file':
      return {
        ...(typeof file.uri === 'string' ? { url: file.uri } : {}),
        ...(typeof file.bytes === 'string' ? { raw: file.bytes } : {}),
        ...(typeof file.mimeType === 'string' ? { mediaType: file.mimeType } : {}),
        ...(typeof file.name === 'string' ? { filename: file.name } : {}),
      };
    default:
      return {};
  }
}
