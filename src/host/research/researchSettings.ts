import { researchProblemText } from '../../core/errorText';
import type { Log } from '../../core/redact';
import type { Translate } from '../../core/translate';
import type { Settings } from '../../core/settings';
import { checkSourceControl, type ResearchEffort, type SourceControl } from '../../core/you/research';

export interface ResearchSettings {
  defaultEffort: ResearchEffort;
  reportFolder: string;
  sourceControl?: SourceControl;
  /** What was wrong with `research.sourceControl`, worded (each such field is left out). */
  problems: string[];
}

/**
 * `youAgents.research.*` (read from the user's settings only, by src/core/settings.ts), with
 * source control checked by the documented combination rules: a field with a problem is left
 * out of every request and the problem logged, once per settings change.
 */
export function researchSettings(settings: Settings, log: Log, t: Translate): ResearchSettings {
  const { defaultEffort, reportFolder, sourceControl } = settings.researchApi;
  const checked = checkSourceControl(sourceControl);
  for (const problem of checked.problems) log.warn(`youAgents.research.sourceControl: ${researchProblemText(problem)} (left out)`);
  const problems = checked.problems.map((problem) => researchProblemText(problem, t));
  return { defaultEffort, reportFolder, problems, ...(checked.sourceControl ? { sourceControl: checked.sourceControl } : {}) };
}
