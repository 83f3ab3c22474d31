import { MAX_KILOBYTES_SETTING } from '../../core/settings';
import { currentSettings } from '../config';

export { MAX_KILOBYTES_SETTING };

/**
 * The cap on context attached to one question, in kilobytes: `youAgents.context.maxKilobytes`,
 * validated with the other settings (src/core/settings.ts); a bad value was reported to the user
 * when the settings were loaded, and its default is used.
 */
export function maxContextKilobytes(): number {
  return currentSettings().contextMaxKilobytes;
}
