import type { RunEvent, RunStatus } from '../../core/events';
import type { Translate } from '../../core/translate';

/**
 * The words a run needs that its backend does not send: a lifecycle status as the progress line
 * shows it, and the question of an agent that paused without one. The core reports these as data
 * (RunStatus, an empty prompt); the host's routes word them here before any view sees the event.
 * `t` is vscode.l10n.t, injected so this module runs in plain Node tests (no vscode import here).
 */
export function statusText(status: RunStatus, t: Translate, seconds?: number): string {
  switch (status) {
    case 'starting':
      return t('Starting…');
    case 'working':
      return t('Working…');
    case 'cancelling':
      return t('Cancelling…');
    case 'batch-waiting':
      return t('Waiting for the whole answer (batch mode)…');
    case 'task-queued':
      return t('Research queued…');
    case 'task-running':
      return t('Researching…');
    case 'stream-reconnecting':
      return t('Reconnecting to the research task…');
    case 'task-polling':
      return t('Checking on the research task…');
    case 'rate-limited':
      return t('Too many requests: trying again in {0} s…', seconds ?? 0);
  }
}

/** What an agent that paused for input without a question of its own is shown to ask. */
export function defaultAwaitPrompt(t: Translate): string {
  return t('The agent needs your input.');
}

/** One event with our own words filled in; every other event is passed on as it is. */
export function wordEvent(event: RunEvent, t: Translate): RunEvent {
  if (event.type === 'progress' && event.kind === 'status') return { ...event, message: statusText(event.status, t, event.seconds) };
  if (event.type === 'await' && !event.prompt) return { ...event, prompt: defaultAwaitPrompt(t) };
  return event;
}

/**
 * A run's events, worded (wordEvent). Ending the loop early (Stop, a cancelled request) closes
 * the run underneath, so its HTTP stream closes too.
 */
export async function* wordedRun(events: AsyncIterable<RunEvent>, t: Translate): AsyncGenerator<RunEvent> {
  for await (const event of events) yield wordEvent(event, t);
}
