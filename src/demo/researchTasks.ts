import type { ServerResponse } from 'node:http';
import { RESEARCH_SOURCES, RESEARCH_STEPS, researchReport } from './researchReport';
import { SSE_HEADERS } from './wire';

/**
 * A local stand-in for You.com Research (`POST /v1/research`, `GET /v1/research/{id}`,
 * `GET /v1/research/{id}/stream`), as docs/protocols.md describes it: sync answers, background
 * tasks that go queued → running → completed with progress events a step apart, a stream that
 * starts with `connected` (id 0), numbers its events from 1, replays from `from_id` (inclusive),
 * sends `: ping` comments and ends with a terminal event, and the report only in the task's GET.
 * The test server sets per-task faults (TaskFaults) and can hold tasks at `running`.
 */

export const RESEARCH_EFFORT_NAMES = ['lite', 'standard', 'deep', 'exhaustive', 'frontier'] as const;

/** Misbehaviour a test asks of one task. */
export interface TaskFaults {
  /** The submit answer names the task `id` (as GET does) instead of `task_id`. */
  idOnSubmit?: boolean;
  /** The stream never sends a terminal event; it closes once the task is over. */
  noTerminal?: boolean;
  /** Each stream connection closes after this many events (not counting `connected`). */
  cutAfter?: number;
  /** After the task completes, this many GETs still show it `running` (the terminal event comes first). */
  lagGets?: number;
  /** Where `warnings` go in the GET: inside `result` (the schema) or at the top level (the example). */
  warnings?: 'result' | 'top';
  /** The terminal event's name: `completed` (default), `complete`, `response.done`… */
  terminalName?: string;
  /** The task fails with this error text. */
  failWith?: string;
}

export interface ResearchInput {
  input: string;
  research_effort: string;
  background: boolean;
  source_control?: unknown;
}

interface StreamEvent {
  /** Undefined for the terminal event (the docs' example carries `sequence` instead). */
  id?: number;
  event: string;
  data: Record<string, unknown>;
}

export interface DemoTask {
  id: string;
  request: ResearchInput;
  status: 'queued' | 'running' | 'completed' | 'failed';
  createdAt: string;
  updatedAt: string | null;
  completedAt: string | null;
  events: StreamEvent[];
  faults: TaskFaults;
  step: number;
  lagLeft: number;
  listeners: Set<() => void>;
}

export interface ResearchTasksOptions {
  /** Time between two progress steps of a background task. */
  stepDelayMs: number;
  /** Time between two `: ping` comments on a stream. */
  pingMs: number;
}

const WARNING = 'One source could not be read (timeout); the report is based on the others.';

export class ResearchTasks {
  readonly tasks = new Map<string, DemoTask>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private held = false;
  private counter = 0;

  constructor(private readonly options: ResearchTasksOptions) {}

  /** Holds every task at `running` before its last step (a test reloads mid-run); release lets them finish. */
  hold(on: boolean): void {
    this.held = on;
    if (!on) for (const task of this.tasks.values()) if (task.status === 'running' && task.step >= RESEARCH_STEPS.length) this.finish(task);
  }

  submit(request: ResearchInput, faults: TaskFaults = {}): DemoTask {
    this.counter++;
    const id = `f1e2d3c4-0000-4000-8000-${String(this.counter).padStart(12, '0')}`;
    const task: DemoTask = {
      id,
      request,
      status: 'queued',
      createdAt: new Date().toISOString(),
      updatedAt: null,
      completedAt: null,
      events: [],
      faults,
      step: 0,
      lagLeft: faults.lagGets ?? 0,
      listeners: new Set(),
    };
    this.tasks.set(id, task);
    this.later(() => this.advance(task));
    return task;
  }

  /** The submit response: a task handle. */
  handle(task: DemoTask): Record<string, unknown> {
    const idField = task.faults.idOnSubmit ? { id: task.id } : { task_id: task.id };
    return { ...idField, type: 'research', status: task.status, stream_url: `/v1/research/${task.id}/stream`, created_at: task.createdAt };
  }

  /** The GET body; the result only once completed (and past any lag the faults ask for). */
  view(task: DemoTask): Record<string, unknown> {
    let status: string = task.status;
    if (task.status === 'completed' && task.lagLeft > 0) {
      task.lagLeft--;
      status = 'running';
    }
    const done = status === 'completed';
    const warnings = task.faults.warnings ? [WARNING] : [];
    return {
      id: task.id,
      task_type: 'research',
      status,
      created_at: task.createdAt,
      updated_at: task.updatedAt,
      completed_at: done || status === 'failed' ? task.completedAt : null,
      error: status === 'failed' ? (task.faults.failWith ?? 'failed') : null,
      input: { ...task.request, type: 'research' },
      result: done ? { ...researchOutput(task.request), ...(task.faults.warnings === 'result' ? { warnings } : { warnings: [] }) } : null,
      ...(task.faults.warnings === 'top' ? { warnings } : {}),
    };
  }

  /** Streams the task's events from `fromId` (inclusive), then new ones as they happen, with pings. */
  stream(task: DemoTask, fromId: number, res: ServerResponse): void {
    res.writeHead(200, SSE_HEADERS);
    res.write(sse({ id: 0, event: 'connected', data: { type: 'connected', task_id: task.id, status: task.status } }));
    let cursor = task.events.findIndex((e) => e.id === undefined || e.id >= fromId);
    if (cursor < 0) cursor = task.events.length;
    let sent = 0;
    const end = () => {
      task.listeners.delete(pump);
      clearInterval(ping);
      if (!res.writableEnded) res.end();
    };
    const pump = () => {
      while (cursor < task.events.length && !res.writableEnded) {
        const event = task.events[cursor++]!;
        const terminal = event.id === undefined;
        if (terminal && task.faults.noTerminal) return end();
        res.write(sse(event));
        sent++;
        if (terminal || (task.faults.cutAfter !== undefined && sent >= task.faults.cutAfter)) return end();
      }
      if (task.faults.noTerminal && (task.status === 'completed' || task.status === 'failed')) end();
    };
    const ping = setInterval(() => res.write(`: ping - ${new Date().toISOString()}\n\n`), this.options.pingMs);
    task.listeners.add(pump);
    res.on('close', end);
    pump();
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const task of this.tasks.values()) for (const listener of task.listeners) listener();
  }

  private advance(task: DemoTask): void {
    if (task.status === 'queued') {
      task.status = 'running';
      task.updatedAt = new Date().toISOString();
    }
    if (task.step < RESEARCH_STEPS.length) {
      const step = RESEARCH_STEPS[task.step++]!;
      this.emit(task, { id: task.events.length + 1, event: step.event, data: { type: step.event, task_id: task.id, data: { message: step.message } } });
      this.later(() => this.advance(task));
      return;
    }
    if (!this.held) this.finish(task);
  }

  private finish(task: DemoTask): void {
    if (task.status !== 'running') return;
    const failed = task.faults.failWith !== undefined;
    task.status = failed ? 'failed' : 'completed';
    task.completedAt = task.updatedAt = new Date().toISOString();
    const name = failed ? 'failed' : (task.faults.terminalName ?? 'completed');
    const message = failed ? 'Task failed' : 'Task completed';
    const data = { type: name, data: { message, error: failed ? task.faults.failWith : null }, sequence: task.events.length, task_id: task.id };
    this.emit(task, { event: name, data });
  }

  private emit(task: DemoTask, event: StreamEvent): void {
    task.events.push(event);
    for (const listener of [...task.listeners]) listener();
  }

  private later(run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, this.options.stepDelayMs);
    this.timers.add(timer);
  }
}

/** The `{output}` of a finished research (sync response, or a task's result). */
export function researchOutput(request: Pick<ResearchInput, 'input' | 'research_effort'>) {
  return { output: { content: researchReport(request.input, request.research_effort), content_type: 'text', sources: RESEARCH_SOURCES } };
}

function sse(event: StreamEvent): string {
  return `${event.id === undefined ? '' : `id: ${event.id}\n`}event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** FastAPI-style 422 detail entries for a research body, or none when it is valid. */
export interface ValidationProblem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

export function researchBodyProblems(body: unknown): ValidationProblem[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object', input: body }];
  }
  const { input, research_effort: effort, background, source_control: sc } = body as Record<string, unknown>;
  const problems: ValidationProblem[] = [];
  const add = (type: string, field: string, msg: string, value: unknown) => problems.push({ type, loc: ['body', field], msg, input: value });
  if (typeof input !== 'string') add('missing', 'input', 'Field required', null);
  else if (input.length > 40_000) add('string_too_long', 'input', 'String should have at most 40000 characters', '…');
  if (effort !== undefined && !(RESEARCH_EFFORT_NAMES as readonly unknown[]).includes(effort)) {
    add('enum', 'research_effort', "Input should be 'lite', 'standard', 'deep', 'exhaustive' or 'frontier'", effort);
  }
  if (background !== undefined && typeof background !== 'boolean') add('bool_type', 'background', 'Input should be a valid boolean', background);
  if (effort === 'frontier' && background !== true) {
    add('value_error', 'research_effort', 'Value error, frontier research requires background mode', effort);
  }
  if (typeof sc === 'object' && sc !== null) {
    const { include_domains: include, exclude_domains: exclude, boost_domains: boost } = sc as Record<string, unknown>;
    if (include !== undefined && (exclude !== undefined || boost !== undefined)) {
      add('value_error', 'source_control', 'Value error, include_domains cannot be combined with exclude_domains or boost_domains', sc);
    }
  }
  return problems;
}
