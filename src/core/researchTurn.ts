import { isResearchEffort as isEffort, runsInBackground, type ResearchEffort } from './you/research';

/**
 * What a turn asked of You.com Research, kept in history with the turn: the effort (so Save Report
 * and export can say it), whether it ran in the background and, once submitted, the task id. A
 * turn still `streaming` with a task id is a background task this or another window follows; a
 * reload resumes it instead of marking it interrupted.
 */

export type ResearchEffortName = ResearchEffort;

export interface ResearchTurn {
  effort: ResearchEffortName;
  background: boolean;
  /** The background task, written into history as soon as the submit answers. */
  taskId?: string;
  /** When the task was submitted (ms since epoch). */
  submittedAt?: number;
}

export const isResearchEffort = isEffort;

/** A research request for a question asked with `effort`; `background` forces it for the cheap efforts. */
export function researchRequest(effort: ResearchEffortName, background = false): ResearchTurn {
  return { effort, background: runsInBackground(effort, background || undefined) };
}

/** The turn waits on a background task (submitted, not yet landed, not stopped). */
export function isPendingResearch(turn: { status: string; research?: ResearchTurn }): boolean {
  return turn.status === 'streaming' && turn.research?.taskId !== undefined;
}
