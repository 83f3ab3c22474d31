import type { AgentInfo, AgentRoute } from '../routes';
import type { A2aClient } from './client';

/** How long Stop waits for the server to accept CancelTask. */
export const CANCEL_TIMEOUT_MS = 5_000;

/**
 * An A2A agent as one more route for ChatSession: the conversation's session id is the A2A
 * context id (follow-ups continue it), a run id is a task id (resume answers an input-required
 * task with the same task and context; cancel sends CancelTask).
 */
export function a2aRoute(info: AgentInfo, client: A2aClient): AgentRoute {
  return {
    info,
    needsYouKey: false,
    run: (input, context) => client.run(input, { signal: context.signal, ...(context.sessionId ? { contextId: context.sessionId } : {}) }),
    resume: (taskId, text, context) => client.resume(taskId, text, { signal: context.signal, ...(context.sessionId ? { contextId: context.sessionId } : {}) }),
    cancel: async (taskId) => {
      await client.cancel(taskId, AbortSignal.timeout(CANCEL_TIMEOUT_MS));
    },
  };
}
