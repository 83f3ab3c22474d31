import { l10n } from 'vscode';
import type { RunEvent } from '../../core/events';
import { countingAccepted } from '../../core/researchSpend';
import type { Log } from '../../core/redact';
import type { AgentInfo, AgentRoute, RunContext } from '../../core/routes';
import { runsInBackground, type ResearchEffort, type SourceControl } from '../../core/you/research';
import type { ResearchClient } from '../../core/you/researchClient';
import type { ResearchTaskRecord } from '../../core/you/researchTask';
import { wordedRun } from '../common/runText';
import { YOU_GROUP } from '../common/agents';

export const RESEARCH_AGENT_ID = 'you:research';

export function researchAgentInfo(): AgentInfo {
  return {
    id: RESEARCH_AGENT_ID,
    label: l10n.t('You.com Research'),
    description: l10n.t('Cited research reports, minutes long in the background; the price is shown first'),
    group: YOU_GROUP,
  };
}

export interface ResearchRouteDeps {
  /** Where calls go and with which key (undefined: nowhere, no key and no demo). */
  endpoint(): { baseUrl: string; apiKey?: string } | undefined;
  client(baseUrl: string): ResearchClient;
  defaultEffort(): ResearchEffort;
  /** Source control from the user's settings, already checked (problems were reported then). */
  sourceControl(): SourceControl | undefined;
  /** A background task's record changed (submitted, a later stream event id): the host persists it. */
  onTask?(record: ResearchTaskRecord): void;
  /** You.com took a question at `effort` (it will be billed): the spend estimate counts it. */
  onAccepted?(effort: ResearchEffort): void;
  log: Log;
}

/**
 * You.com Research as an agent route: the same ChatSession, preflight and views as every agent.
 * A question whose context asks for the background is submitted, and the run ends at once with
 * a `background` event carrying the task id (the session saves it; the follower takes over). A
 * caller that cannot hand off (VS Code's Chat view, `/research`) follows the task inline instead.
 */
export function researchRoute(deps: ResearchRouteDeps): AgentRoute {
  return {
    info: researchAgentInfo(),
    needsYouKey: true,
    run: (input, context) => wordedRun(run(deps, input, context), l10n.t),
    follow: (task, context) => wordedRun(follow(deps, task, context), l10n.t),
  };
}

async function* run(deps: ResearchRouteDeps, input: string, context: RunContext): AsyncGenerator<RunEvent> {
  const endpoint = deps.endpoint();
  const effort = context.research?.effort ?? deps.defaultEffort();
  const handOff = context.research?.background === true;
  const sourceControl = deps.sourceControl();
  const question = { question: input, effort, background: handOff || runsInBackground(effort), ...(sourceControl ? { sourceControl } : {}) };
  const client = deps.client(endpoint?.baseUrl ?? '');
  const submitted = client.run(question, { apiKey: endpoint?.apiKey, signal: context.signal, ...(deps.onTask ? { onTask: deps.onTask } : {}) });
  const events = countingAccepted(submitted, () => deps.onAccepted?.(effort));
  for await (const event of events) {
    if (handOff && event.type === 'started' && event.runId) {
      // Leaving the loop closes the client's generator before it opens the task's stream.
      yield { type: 'background', taskId: event.runId };
      return;
    }
    yield event;
  }
}

async function* follow(deps: ResearchRouteDeps, task: ResearchTaskRecord, context: RunContext): AsyncGenerator<RunEvent> {
  const endpoint = deps.endpoint();
  const client = deps.client(endpoint?.baseUrl ?? '');
  yield* client.follow(task, { apiKey: endpoint?.apiKey, signal: context.signal, ...(deps.onTask ? { onTask: deps.onTask } : {}) });
}
