import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AgentCard, Role, TaskState, type Message, type Part } from '@a2a-js/sdk';
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore, type AgentExecutor, type ExecutionEventBus, type RequestContext } from '@a2a-js/sdk/server';
import { UserBuilder, agentCardHandler, jsonRpcHandler, restHandler } from '@a2a-js/sdk/server/express';
import { serverTimers } from './http';

/**
 * Local A2A agents built on the official SDK's own server (`@a2a-js/sdk`: DefaultRequestHandler
 * with the express jsonRpcHandler, restHandler and agentCardHandler), on 127.0.0.1. One A2A agent
 * per base path: `{url}/{agent}/.well-known/agent-card.json`. Used by the protocol tests and
 * reusable by the demo (`npm start`).
 *
 * Agents: `echo` streams "Echo: <question>" in artifact chunks and counts the turns of its context;
 * `messenger` replies with one message (no task); `asker` asks for a name (input-required), then
 * greets; `slow` writes a chunk every `chunkDelayMs` until cancelled (bounded); `failing` writes a
 * little, then fails.
 */
export type A2aAgentName = 'echo' | 'messenger' | 'asker' | 'slow' | 'failing';

export const A2A_AGENT_NAMES: readonly A2aAgentName[] = ['echo', 'messenger', 'asker', 'slow', 'failing'];

export interface A2aServerOptions {
  port?: number;
  /** Pause between streamed chunks. */
  chunkDelayMs?: number;
  /** false: the cards say `capabilities.streaming: false` (clients must use SendMessage). */
  streaming?: boolean;
  /** Which binding each card lists first. */
  preferredBinding?: 'JSONRPC' | 'HTTP+JSON';
  /** '0.3': every card is served in its v0.3 shape and only v0.3 requests are understood (legacyCompat). */
  version?: '1.0' | '0.3';
  /** When set, every card names this origin for its interfaces (a card pointing elsewhere). */
  interfaceOrigin?: string;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string;
}

export interface A2aTestServer {
  /** The server's origin, e.g. http://127.0.0.1:4123. */
  url: string;
  /** Each agent's base URL (what a user configures). */
  agents: Record<A2aAgentName, string>;
  /** Every request as it arrived (method, path, headers, raw JSON body). */
  requests: { method: string; path: string; headers: Request['headers']; body: unknown }[];
  /** Task ids whose executor saw cancelTask. */
  cancelled: string[];
  close(): Promise<void>;
}

/** A message a client sent to an agent, as the server got it. */
export interface SentA2aMessage {
  method: string;
  message: { contextId?: string; taskId?: string; parts: { text?: string }[] };
}

/** The messages the server was sent (JSON-RPC SendStreamingMessage / SendMessage), in order. */
export function sentMessages(server: A2aTestServer): SentA2aMessage[] {
  return server.requests.flatMap((r) => {
    const body = r.body as { method?: string; params?: { message?: SentA2aMessage['message'] } } | undefined;
    return r.method === 'POST' && body?.params?.message && /Message$/.test(body.method ?? '') ? [{ method: body.method!, message: body.params.message }] : [];
  });
}

const DESCRIPTIONS: Record<A2aAgentName, string> = {
  echo: 'Streams your message back in chunks and counts the turns of the conversation.',
  messenger: 'Answers with a single message, without a task.',
  asker: 'Asks for your name before it answers.',
  slow: 'Writes slowly for a long time; try Stop.',
  failing: 'Starts an answer, then fails, to show how errors look.',
};

/** Bound on the slow agent's chunks, so a forgotten run cannot go on forever. */
const SLOW_MAX_CHUNKS = 600;

export async function startA2aServer(options: A2aServerOptions = {}): Promise<A2aTestServer> {
  const app = express();
  const requests: A2aTestServer['requests'] = [];
  const cancelled: string[] = [];
  const timers = serverTimers();
  const state = { origin: '' };
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/a2a+json'] }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    requests.push({ method: req.method, path: req.originalUrl, headers: req.headers, body: req.body as unknown });
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      res.status(401).json({ error: { code: 401, status: 'UNAUTHENTICATED', message: 'a bearer token is required' } });
      return;
    }
    // A v0.3-only peer: whatever the client asks for, it is served as 0.3.
    if (options.version === '0.3') req.headers['a2a-version'] = '0.3';
    next();
  });

  const legacyCompat = { enabled: true };
  const fillers: (() => void)[] = [];
  for (const name of A2A_AGENT_NAMES) {
    const base = `/${name}`;
    const card = AgentCard.fromJSON({
      name,
      description: DESCRIPTIONS[name],
      version: '1.0.0',
      supportedInterfaces: [],
      capabilities: { streaming: options.streaming ?? true, pushNotifications: false },
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: [{ id: name, name, description: DESCRIPTIONS[name], tags: ['test'] }],
    });
    const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor(name, options, timers, cancelled));
    // The card is kept by reference: its interface URLs are filled in once the port is known.
    const fillInterfaces = () => {
      const origin = options.interfaceOrigin ?? state.origin;
      const jsonRpc = { url: `${origin}${base}/jsonrpc`, protocolBinding: 'JSONRPC' };
      const rest = { url: `${origin}${base}/rest`, protocolBinding: 'HTTP+JSON' };
      const ordered = options.preferredBinding === 'HTTP+JSON' ? [rest, jsonRpc] : [jsonRpc, rest];
      const versions = options.version === '0.3' ? ['0.3'] : ['1.0', '0.3'];
      card.supportedInterfaces = versions.flatMap((protocolVersion) => ordered.map((i) => ({ ...i, protocolVersion, tenant: '' })));
    };
    fillers.push(fillInterfaces);
    app.use(`${base}/.well-known/agent-card.json`, agentCardHandler({ agentCardProvider: handler, legacyCompat }));
    app.use(`${base}/jsonrpc`, jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication, legacyCompat }));
    app.use(`${base}/rest`, restHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication, legacyCompat }));
  }

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(listening));
  });
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const fill of fillers) fill();
  const agents = Object.fromEntries(A2A_AGENT_NAMES.map((name) => [name, `${state.origin}/${name}`])) as Record<A2aAgentName, string>;
  return {
    url: state.origin,
    agents,
    requests,
    cancelled,
    close: () =>
      new Promise<void>((resolve) => {
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Timers = ReturnType<typeof serverTimers>;

function executor(name: A2aAgentName, options: A2aServerOptions, timers: Timers, cancelled: string[]): AgentExecutor {
  const stopping = new Set<string>();
  /** Turns per context, so a follow-up can show it reached the same conversation. */
  const turns = new Map<string, number>();
  const delay = options.chunkDelayMs ?? 5;
  return {
    async execute(context: RequestContext, bus: ExecutionEventBus) {
      const { taskId, contextId } = context;
      const input = textOf(context.userMessage.parts);
      const turn = (turns.get(contextId) ?? 0) + 1;
      turns.set(contextId, turn);
      const status = (state: TaskState, text?: string) =>
        bus.publish(
          AgentEvent.statusUpdate({
            taskId,
            contextId,
            status: { state, message: text === undefined ? undefined : agentMessage(text, taskId, contextId), timestamp: new Date().toISOString() },
            metadata: undefined,
          }),
        );
      let chunkIndex = 0;
      const artifactId = `answer-${taskId}`;
      const chunk = async (text: string, lastChunk = false) => {
        bus.publish(
          AgentEvent.artifactUpdate({
            taskId,
            contextId,
            artifact: { artifactId, name: 'answer', description: '', parts: [textPart(text)], metadata: undefined, extensions: [] },
            append: chunkIndex++ > 0,
            lastChunk,
            metadata: undefined,
          }),
        );
        await timers.sleep(delay);
      };
      if (name === 'messenger') {
        bus.publish(AgentEvent.message({ ...agentMessage(`Message: ${input}`, '', contextId), taskId: '' }));
        bus.finished();
        return;
      }
      if (!context.task) {
        bus.publish(
          AgentEvent.task({
            id: taskId,
            contextId,
            status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: new Date().toISOString() },
            artifacts: [],
            history: [context.userMessage],
            metadata: undefined,
          }),
        );
      } else {
        bus.publish(AgentEvent.task({ ...context.task, status: { state: TaskState.TASK_STATE_WORKING, message: undefined, timestamp: undefined } }));
      }
      status(TaskState.TASK_STATE_WORKING, 'Working');
      switch (name) {
        case 'echo': {
          const words = `Echo: ${input}`.split(/(?<= )/);
          for (const word of words) await chunk(word);
          await chunk(`\n\n(turn ${turn} of this conversation)`, true);
          status(TaskState.TASK_STATE_COMPLETED);
          break;
        }
        case 'asker':
          if (!context.task) {
            status(TaskState.TASK_STATE_INPUT_REQUIRED, 'What is your name?');
            break;
          }
          await chunk(`Hello, ${input}!`, true);
          status(TaskState.TASK_STATE_COMPLETED);
          break;
        case 'slow':
          for (let i = 1; i <= SLOW_MAX_CHUNKS && !stopping.has(taskId); i++) await chunk(`word${i} `);
          if (!stopping.has(taskId)) status(TaskState.TASK_STATE_COMPLETED);
          break;
        case 'failing':
          await chunk('Partial answer before the failure. ');
          status(TaskState.TASK_STATE_FAILED, 'the tool crashed');
          break;
      }
      bus.finished();
    },
    async cancelTask(taskId: string, bus: ExecutionEventBus) {
      stopping.add(taskId);
      cancelled.push(taskId);
      bus.publish(
        AgentEvent.statusUpdate({
          taskId,
          contextId: '',
          status: { state: TaskState.TASK_STATE_CANCELED, message: undefined, timestamp: new Date().toISOString() },
          metadata: undefined,
        }),
      );
      bus.finished();
    },
  };
}

function textPart(text: string): Part {
  return { content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' };
}

function agentMessage(text: string, taskId: string, contextId: string): Message {
  const parts = [textPart(text)];
  return { messageId: randomUUID(), contextId, taskId, role: Role.ROLE_AGENT, parts, metadata: undefined, extensions: [], referenceTaskIds: [] };
}

function textOf(parts: readonly Part[]): string {
  return parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
}
