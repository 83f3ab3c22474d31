import type { Log } from '../../core/redact';
import type { Settings } from '../../core/settings';
import { checkSourceControl, type ResearchEffort, type SourceControl } from '../../core/you/research';

export interface ResearchSettings {
  defaultEffort: ResearchEffort;
  reportFolder: string;
  sourceControl?: SourceControl;
}

/**
 * `youAgents.research.*` (read from the user's settings only, by src/core/settings.ts), with
 * source control checked by the documented combination rules: a field with a problem is left
 * out of every request and the problem logged, once per settings change.
 */
export function researchSettings(settings: Settings, log: Log): ResearchSettings {
  const { defaultEffort, reportFolder, sourceControl } = settings.researchApi;
  const checked = checkSourceControl(sourceControl);
  for (const problem of checked.problems) log.warn(`youAgents.research.sourceControl: ${JSON.stringify(problem)} (left out)`);
  return { defaultEffort, reportFolder, ...(checked.sourceControl ? { sourceControl: checked.sourceControl } : {}) };
}
