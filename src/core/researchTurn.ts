/**
 * What a turn asked of You.com Research, kept in history with the turn: the effort (so Save Report
 * and export can say it), whether it ran in the background and, once submitted, the task id. A
 * turn still `streaming` with a task id is a background task this or another window follows; a
 * reload resumes it instead of marking it interrupted.
 */

export const RESEARCH_EFFORTS = ['lite', 'standard', 'deep', 'exhaustive', 'frontier'] as const;
export type ResearchEffortName = (typeof RESEARCH_EFFORTS)[number];

/** Efforts that always run as background tasks: they take minutes, and must survive a reload. */
export const BACKGROUND_EFFORTS: readonly ResearchEffortName[] = ['deep', 'exhaustive', 'frontier'];
/** Efforts expensive enough to ask once before the first run (the answer is remembered). */
export const CONFIRM_EFFORTS: readonly ResearchEffortName[] = ['exhaustive', 'frontier'];

export interface ResearchTurn {
  effort: ResearchEffortName;
  background: boolean;
  /** The background task, written into history as soon as the submit answers. */
  taskId?: string;
  /** When the task was submitted (ms since epoch). */
  submittedAt?: number;
}

export function isResearchEffort(value: unknown): value is ResearchEffortName {
  return typeof value === 'string' && (RESEARCH_EFFORTS as readonly string[]).includes(value);
}

/** A research request for a question asked with `effort`; `background` forces it for the cheap efforts. */
export function researchRequest(effort: ResearchEffortName, background = false): ResearchTurn {
  return { effort, background: background || BACKGROUND_EFFORTS.includes(effort) };
}

/** The turn waits on a background task (submitted, not yet landed, not stopped). */
export function isPendingResearch(turn: { status: string; research?: ResearchTurn }): boolean {
  return turn.status === 'streaming' && turn.research?.taskId !== undefined;
}
