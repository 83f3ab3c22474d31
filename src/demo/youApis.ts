import type { ServerResponse } from 'node:http';
import { answerBody, contentsBody, searchBody } from './researchReport';
import { researchBodyProblems, researchOutput, type ResearchInput, type ResearchTasks, type TaskFaults } from './researchTasks';

/**
 * The demo's stand-ins for You.com's newer APIs, routed by path: Research (sync, background
 * tasks, their status and stream), Answer (`POST /v1/answer`), Search (`GET`/`POST /v1/search`)
 * and Contents (`POST /v1/contents`). In the product Search and Contents live on their own host;
 * the demo serves them on one port, and the search host setting points there.
 */

export interface YouApiRequest {
  method: string;
  /** The path without query. */
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when there was none), or the raw text when it was not JSON. */
  body: unknown;
}

export interface YouApiContext {
  tasks: ResearchTasks;
  /** Faults for a research request (the test server's scenarios); none in the demo. */
  faultsFor?: (input: ResearchInput) => TaskFaults;
  /** Pause before a sync research answer, so it looks like work. */
  syncDelayMs?: number;
  sleep: (ms: number) => Promise<void>;
}

const TASK_PATH = /^\/v1\/research\/([A-Za-z0-9._-]{1,128})(\/stream)?$/;
const ANSWER_FIELDS = new Set(['query', 'freshness', 'country', 'language', 'include_domains', 'exclude_domains', 'boost_domains']);

/** Answers `request` when its path is one of these APIs; false when it is not (the caller answers 404 or routes it on). */
export async function handleYouApi(request: YouApiRequest, res: ServerResponse, ctx: YouApiContext): Promise<boolean> {
  const { method, path } = request;
  if (path === '/v1/research') {
    if (method !== 'POST') return sendError(res, 405, 'Method Not Allowed');
    await research(request, res, ctx);
    return true;
  }
  const task = TASK_PATH.exec(path);
  if (task) {
    if (method !== 'GET') return sendError(res, 405, 'Method Not Allowed');
    const found = ctx.tasks.tasks.get(task[1]!);
    if (!found) return sendError(res, 404, 'Task not found or not authorized');
    if (task[2]) ctx.tasks.stream(found, Number(request.query.get('from_id') ?? 0) || 0, res);
    else sendJson(res, 200, ctx.tasks.view(found));
    return true;
  }
  if (path === '/v1/answer') {
    if (method !== 'POST') return sendError(res, 405, 'Method Not Allowed');
    return answer(request.body, res);
  }
  if (path === '/v1/search') {
    if (method !== 'POST' && method !== 'GET') return sendError(res, 405, 'Method Not Allowed');
    return search(method === 'GET' ? Object.fromEntries(request.query) : request.body, res);
  }
  if (path === '/v1/contents') {
    if (method !== 'POST') return sendError(res, 405, 'Method Not Allowed');
    return contents(request.body, res);
  }
  return false;
}

async function research(request: YouApiRequest, res: ServerResponse, ctx: YouApiContext): Promise<void> {
  const problems = researchBodyProblems(request.body);
  if (problems.length > 0) return sendJson(res, 422, { detail: problems });
  const body = request.body as Record<string, unknown>;
  const input: ResearchInput = {
    input: body.input as string,
    research_effort: typeof body.research_effort === 'string' ? body.research_effort : 'standard',
    background: body.background === true,
    ...(body.source_control !== undefined ? { source_control: body.source_control } : {}),
  };
  const faults = ctx.faultsFor?.(input) ?? {};
  if (input.background) return sendJson(res, 200, ctx.tasks.handle(ctx.tasks.submit(input, faults)));
  if (ctx.syncDelayMs) await ctx.sleep(ctx.syncDelayMs);
  const warnings = faults.warnings ? ['One source could not be read (timeout); the report is based on the others.'] : [];
  sendJson(res, 200, { ...researchOutput(input), ...(warnings.length ? { warnings } : {}) });
}

function answer(body: unknown, res: ServerResponse): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return sendValidation(res, ['body'], 'Input should be a valid dictionary or object', 'model_attributes_type');
  }
  const record = body as Record<string, unknown>;
  const extra = Object.keys(record).find((key) => !ANSWER_FIELDS.has(key));
  if (extra) return sendValidation(res, ['body', extra], 'Extra inputs are not permitted', 'extra_forbidden');
  if (typeof record.query !== 'string' || !record.query.trim()) return sendValidation(res, ['body', 'query'], 'Field required', 'missing');
  if (record.query.length > 400) return sendValidation(res, ['body', 'query'], 'String should have at most 400 characters', 'string_too_long');
  sendJson(res, 200, answerBody(record.query));
  return true;
}

function search(body: unknown, res: ServerResponse): boolean {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (typeof record.query !== 'string' || !record.query.trim()) return sendValidation(res, ['query', 'query'], 'Field required', 'missing');
  const count = record.count === undefined ? 10 : Number(record.count);
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    return sendValidation(res, ['query', 'count'], 'Input should be between 1 and 100', 'less_than_equal');
  }
  sendJson(res, 200, searchBody(record.query, count));
  return true;
}

function contents(body: unknown, res: ServerResponse): boolean {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const urls = Array.isArray(record.urls) ? record.urls : undefined;
  if (!urls || urls.length === 0) return sendValidation(res, ['body', 'urls'], 'Field required', 'missing');
  const bad = urls.findIndex((u) => typeof u !== 'string' || !/^https?:\/\//.test(u) || !URL.canParse(u));
  if (bad >= 0) return sendValidation(res, ['body', 'urls', bad], 'Input should be a valid URL', 'url_parsing');
  const formats = Array.isArray(record.formats) ? record.formats.filter((f): f is string => typeof f === 'string') : ['markdown'];
  sendJson(res, 200, contentsBody(urls as string[], formats));
  return true;
}

function sendValidation(res: ServerResponse, loc: (string | number)[], msg: string, type: string): true {
  sendJson(res, 422, { detail: [{ type, loc, msg, input: null }] });
  return true;
}

function sendError(res: ServerResponse, status: number, detail: string): true {
  sendJson(res, status, { detail });
  return true;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
