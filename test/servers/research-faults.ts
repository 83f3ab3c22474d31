import type { ServerResponse } from 'node:http';
import { sendJson } from './http';
import type { TaskFaults } from '../../src/demo/researchTasks';

/**
 * The test server's misbehaviour for You.com Research, Answer, Search and Contents, chosen per
 * request by an `x-scenario` header or `[scenario:NAME]` in the research input / answer query.
 * Task faults (TaskFaults) shape a background task's stream and GETs; HTTP faults answer a request
 * with an error instead of the stand-in's answer.
 */

export const RESEARCH_SCENARIOS = [
  // Task faults
  'r-id-on-submit',
  'r-no-terminal',
  'r-cut',
  'r-terminal-early',
  'r-warnings-result',
  'r-warnings-top',
  'r-terminal-complete',
  'r-terminal-response-done',
  'r-failed',
  // The stream cannot be opened (500): the client polls.
  'r-stream-500',
  // HTTP faults on the POST (research) or any call (answer, search, contents)
  'r-403-scope',
  'r-402',
  'r-402-foreign-link',
  'r-422',
  'r-429',
  'r-429-once',
  'r-429-reset-once',
  'r-submit-drop',
  'r-submit-500',
  // A careless server that repeats the key back in its error.
  'r-echo-key',
] as const;
export type ResearchScenario = (typeof RESEARCH_SCENARIOS)[number];

export function researchScenario(text: string, header: string | string[] | undefined): ResearchScenario | undefined {
  const name = typeof header === 'string' ? header : /\[scenario:(r-[a-z0-9-]+)\]/.exec(text)?.[1];
  return (RESEARCH_SCENARIOS as readonly string[]).includes(name ?? '') ? (name as ResearchScenario) : undefined;
}

export function taskFaults(scenario: ResearchScenario | undefined): TaskFaults {
  switch (scenario) {
    case 'r-id-on-submit':
      return { idOnSubmit: true };
    case 'r-no-terminal':
      return { noTerminal: true };
    case 'r-cut':
      return { cutAfter: 2 };
    case 'r-terminal-early':
      return { lagGets: 2 };
    case 'r-warnings-result':
      return { warnings: 'result' };
    case 'r-warnings-top':
      return { warnings: 'top' };
    case 'r-terminal-complete':
      return { terminalName: 'complete' };
    case 'r-terminal-response-done':
      return { terminalName: 'response.done' };
    case 'r-failed':
      return { failWith: 'The research agent could not reach any source' };
    default:
      return {};
  }
}

/**
 * Answers with the scenario's HTTP fault, or returns false to let the stand-in answer.
 * `attempt` counts requests with the same input (1 for the first), for the "-once" faults.
 */
export function httpFault(scenario: ResearchScenario | undefined, res: ServerResponse, attempt: number, product: string, key = ''): boolean {
  switch (scenario) {
    case 'r-echo-key':
      sendJson(res, 401, { detail: `Invalid or expired API key: ${key}` });
      return true;
    case 'r-403-scope':
      sendJson(res, 403, { detail: 'Missing required scopes' });
      return true;
    case 'r-402':
    case 'r-402-foreign-link':
      sendJson(res, 402, {
        error: 'payment_required',
        message: `Your plan does not include more ${product} calls this period`,
        upgrade_url: scenario === 'r-402' ? 'https://you.com/platform/upgrade' : 'http://you.com.evil.example/upgrade',
        limit: 100,
        used: 100,
        period: 'month',
        reset_at: '2026-12-31T00:00:00Z',
      });
      return true;
    case 'r-422':
      sendJson(res, 422, {
        detail: [
          { type: 'string_too_long', loc: ['body', 'input'], msg: 'String should have at most 40000 characters', input: '…' },
          { type: 'enum', loc: ['body', 'research_effort'], msg: "Input should be 'lite', 'standard', 'deep', 'exhaustive' or 'frontier'", input: 'max' },
          { type: 'list_type', loc: ['body', 'source_control', 'include_domains'], msg: 'Input should be a valid list', input: 'x' },
        ],
      });
      return true;
    case 'r-429':
      sendJson(res, 429, { detail: 'Rate limit exceeded' }, { 'Retry-After': '1', 'X-RateLimit-Limit': '10', 'X-RateLimit-Remaining': '0' });
      return true;
    case 'r-429-once':
      if (attempt > 1) return false;
      sendJson(res, 429, { detail: 'Rate limit exceeded' }, { 'Retry-After': '1' });
      return true;
    case 'r-429-reset-once':
      if (attempt > 1) return false;
      // No Retry-After: the reset time (a Unix timestamp, seconds) says when to come back.
      sendJson(res, 429, { detail: 'Rate limit exceeded' }, { 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 1) });
      return true;
    case 'r-submit-500':
      sendJson(res, 500, { detail: 'Internal Server Error' });
      return true;
    case 'r-submit-drop':
      // The request arrived; the answer never does.
      res.socket?.destroy();
      return true;
    default:
      return false;
  }
}
