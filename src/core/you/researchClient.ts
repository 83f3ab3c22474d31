import { AgentError, httpError, toAgentError } from '../errors';
import { DEFAULT_WAIT_SECONDS } from '../errorReason';
import { statusEvent, type RunEvent } from '../events';
import {
  abortableSleep,
  DEFAULT_NET_POLICY,
  DEFAULT_READ_LIMITS,
  NOT_SENT_CODES,
  openHttp,
  type HttpResponse,
  type NetDeps,
  type NetPolicy,
  type ReadLimits,
} from '../net/http';
import { redactingLog, silentLog, type Log } from '../redact';
import { displayUrl } from '../url';
import { DEFAULT_YOU_ORIGINS, youRequest, type YouEndpoint, type YouOrigins, type YouRequestParams } from './endpoints';
import { rateLimitWaitSeconds } from './rateLimit';
import { callYouJson } from './youCall';
import { buildResearchRequest, checkQuestion, type ResearchQuestion } from './research';
import { DEFAULT_RESEARCH_TIMING, followTask, type FollowContext, type ResearchTiming } from './researchFollow';
import { outputEvents, protocolError, readJson } from './researchEvents';

export { DEFAULT_RESEARCH_TIMING, type ResearchTiming };
import type { ResearchTaskRecord } from './researchTask';
import { parseOutput, parseSubmitted } from './researchWire';

/**
 * The You.com Research client: a sync research call, or a background task submitted once and then
 * followed (./researchFollow.ts) until its report arrives. Everything comes out as the project's
 * RunEvent stream; nothing throws. The key is passed per call and never kept.
 *
 * Never posted twice: a submit is sent again only when the server certainly did not take it — a
 * 429 (after the wait it asks for, announced as a `rate-limited` status) or a connection that was
 * never made (refused, host not found). Any failure after the request may have arrived (a timeout,
 * a reset, a 5xx, a 200 without a task id) ends the run with `submit-uncertain` and is left to the user.
 */

export interface ResearchClientOptions {
  /** The API and search origins (user settings); api.you.com and ydc-index.io by default. */
  origins?: YouOrigins;
  policy?: NetPolicy;
  limits?: Partial<ReadLimits>;
  net?: NetDeps;
  log?: Log;
  timing?: Partial<ResearchTiming>;
  /** The clock for deadlines and 429 reset times. */
  now?: () => number;
}

export interface ResearchRunOptions {
  /** Passed per call and never kept; absent only for the local demo server. */
  apiKey?: string;
  signal?: AbortSignal;
  /**
   * A background task's record: called once as soon as the task id is known (persist it then, so
   * a reload can resume it), and again each time `lastEventId` advances.
   */
  onTask?: (record: ResearchTaskRecord) => void;
}

export class ResearchClient {
  private readonly origins: YouOrigins;
  private readonly policy: NetPolicy;
  private readonly limits: ReadLimits;
  private readonly net: NetDeps;
  private readonly log: Log;
  private readonly timing: ResearchTiming;
  private readonly now: () => number;

  constructor(options: ResearchClientOptions = {}) {
    this.origins = options.origins ?? DEFAULT_YOU_ORIGINS;
    this.policy = options.policy ?? DEFAULT_NET_POLICY;
    this.limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
    this.net = options.net ?? {};
    this.log = options.log ?? silentLog;
    this.timing = { ...DEFAULT_RESEARCH_TIMING, ...options.timing };
    this.now = options.now ?? Date.now;
  }

  /**
   * Runs `question`: sync, or (runsInBackground) submitted as a background task and followed.
   * A background run yields `started` with the task id as `runId` right after the submit.
   */
  async *run(question: ResearchQuestion, options: ResearchRunOptions = {}): AsyncGenerator<RunEvent> {
    const ctx = this.context(options);
    try {
      const problem = checkQuestion(question.question)[0];
      if (problem) throw new AgentError('config', { code: 'invalid-research', problem }, { action: { kind: 'none' } });
      const body = buildResearchRequest(question);
      yield statusEvent('starting');
      const response = yield* this.submit(ctx, JSON.stringify(body), body.background === true);
      const parsed = await readJson(response, this.limits.jsonBodyBytes).catch((err: unknown) => {
        // Accepted, but unreadable: a task may exist that we cannot name, so nothing is sent again.
        throw body.background ? uncertain(toAgentError(err).message) : err;
      });
      if (!body.background) {
        const output = parseOutput(parsed);
        if (!output) throw protocolError('no-output');
        yield { type: 'started' };
        yield* outputEvents(output);
        return;
      }
      const submitted = parseSubmitted(parsed);
      if (!submitted) throw uncertain('the answer named no task id');
      const record: ResearchTaskRecord = { taskId: submitted.taskId, question: question.question, effort: question.effort, startedAt: this.now() };
      options.onTask?.(record);
      ctx.log.info(`research task ${record.taskId} submitted (${record.effort})`);
      yield { type: 'started', runId: record.taskId };
      yield statusEvent(submitted.status === 'running' ? 'task-running' : 'task-queued');
      yield* followTask(ctx, record, 'fresh');
    } catch (err) {
      yield ctx.failure(err);
    }
  }

  /**
   * Follows a background task submitted earlier (after a reload or restart) from its record: asks
   * for its status first (it may have finished meanwhile), then follows it like a fresh one. Never submits.
   */
  async *follow(record: ResearchTaskRecord, options: ResearchRunOptions = {}): AsyncGenerator<RunEvent> {
    const ctx = this.context(options);
    try {
      yield { type: 'started', runId: record.taskId };
      yield* followTask(ctx, record, 'resume');
    } catch (err) {
      yield ctx.failure(err);
    }
  }

  private context(options: ResearchRunOptions): FollowContext {
    const secrets = [options.apiKey];
    const log = redactingLog(this.log, secrets);
    const net: NetDeps = { ...this.net, log };
    const sleep = this.net.sleep ?? abortableSleep;
    return {
      apiKey: options.apiKey,
      signal: options.signal,
      onTask: options.onTask,
      timing: this.timing,
      limits: this.limits,
      policy: this.policy,
      now: this.now,
      log,
      sleep: (ms) => sleep(ms, options.signal),
      open: (endpoint, params, accept, policy = this.policy) => this.open(endpoint, params, options, accept, policy, net),
      getJson: (endpoint, params) => {
        const { origins, policy, limits, now } = this;
        return callYouJson(endpoint, undefined, { origins, apiKey: options.apiKey, signal: options.signal, policy, limits, net, params, now });
      },
      failure: (err) => {
        const error = toAgentError(err).redacted(secrets);
        if (error.kind === 'aborted') log.info('research: stopped following');
        else log.warn(`research failed: ${error.message}${error.detail ? ` | ${error.detail}` : ''}`);
        return { type: 'error', error, partialText: '' };
      },
      httpError: (response, body) => httpError(response.status, body, rateLimitWaitSeconds(response.headers, this.now()), { secrets, product: 'Research' }),
    };
  }

  /** One GET of a Research endpoint, without a body; retries only as openHttp does for GETs. */
  private open(
    endpoint: YouEndpoint,
    params: YouRequestParams,
    options: ResearchRunOptions,
    accept: string,
    policy: NetPolicy,
    net: NetDeps,
  ): Promise<HttpResponse> {
    const target = youRequest(endpoint, this.origins, options.apiKey, params);
    net.log?.info(`${target.method} ${displayUrl(target.url)}`);
    return openHttp(
      {
        url: target.url,
        method: target.method,
        service: 'You.com',
        signal: options.signal,
        headers: { Accept: accept, ...target.headers },
        ...(target.credentialOrigin ? { credentialOrigin: target.credentialOrigin } : {}),
      },
      policy,
      net,
    );
  }

  /**
   * POSTs the research body, again only after a 429 (waiting as asked) or a connection never
   * made; returns the 200 response. Sync calls may take minutes, so their headers may too.
   */
  private async *submit(ctx: FollowContext, body: string, background: boolean): AsyncGenerator<RunEvent, HttpResponse> {
    const target = youRequest('research', this.origins, ctx.apiKey);
    const once = { ...this.policy, retry: { ...this.policy.retry, maxRetries: 0 } };
    const policy = background ? once : { ...once, connectTimeoutMs: this.timing.syncDeadlineMs };
    for (let attempt = 0; ; attempt++) {
      ctx.log.info(`POST ${displayUrl(target.url)} background=${background}`);
      let response: HttpResponse;
      try {
        response = await openHttp(
          {
            url: target.url,
            method: 'POST',
            service: 'You.com',
            signal: ctx.signal,
            headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...target.headers },
            ...(target.credentialOrigin ? { credentialOrigin: target.credentialOrigin } : {}),
            body,
          },
          policy,
          { ...this.net, log: ctx.log },
        );
      } catch (err) {
        const error = toAgentError(err);
        if (neverSent(error) && attempt < this.timing.maxSubmitRetries) {
          await ctx.sleep(this.timing.pollInitialMs);
          continue;
        }
        if (neverSent(error) || error.kind === 'aborted' || error.kind === 'config') throw error;
        throw uncertain(error.message);
      }
      if (response.ok) return response;
      const errorBody = await response.text(this.limits.errorBodyBytes, 'truncate');
      const error = ctx.httpError(response, errorBody);
      const waitSeconds = response.status === 429 ? (rateLimitWaitSeconds(response.headers, this.now()) ?? DEFAULT_WAIT_SECONDS) : undefined;
      if (waitSeconds === undefined || attempt >= this.timing.maxSubmitRetries || waitSeconds * 1000 > this.timing.maxRateLimitWaitMs) throw error;
      // 429: the server refused this request, so sending it again cannot start a second task.
      yield statusEvent('rate-limited', waitSeconds);
      await ctx.sleep(waitSeconds * 1000);
    }
  }
}

/** A connection that was refused or whose host did not resolve: the request never left. */
function neverSent(error: AgentError): boolean {
  const cause = error.reason.code === 'unreachable' || error.reason.code === 'proxy-failed' ? error.reason.cause : undefined;
  return error.kind === 'network' && cause !== undefined && NOT_SENT_CODES.has(cause);
}

function uncertain(cause: string): AgentError {
  return new AgentError('interrupted', { code: 'submit-uncertain', service: 'You.com', cause }, { action: { kind: 'none' } });
}

