import type { EndpointProblem } from '../../core/errorReason';
import type { SettingWarning } from '../../core/settings';
import type { Translate } from '../../core/translate';

/**
 * A settings warning worded for the user, in the display language: one template per sentence,
 * each a literal string so the l10n export finds it. Setting names, values and URLs are only ever
 * arguments. `t` is vscode.l10n.t (or `untranslated` for the log), injected so this module runs in
 * plain Node tests (no vscode import here).
 */
export function settingWarningText(warning: SettingWarning, t: Translate): string {
  switch (warning.code) {
    case 'invalid':
      return invalidText(warning, t);
    case 'bad-url': {
      const problem = urlProblemText(warning.problem, `youAgents.${warning.key}`, warning.value, t);
      return warning.fallback === undefined ? t('{0} It is not used.', problem) : t('{0} Using {1} instead.', problem, warning.fallback);
    }
    case 'bad-custom-agent':
      return t('{0}: {1} needs a name and a UUID id; it is skipped.', 'youAgents.customAgents', warning.value);
    case 'bad-acp-name': {
      const setting = `youAgents.${warning.key ?? 'acp.servers'}`;
      return warning.name === undefined
        ? t('{0}: an entry without a name is skipped; each server needs a unique name (letters, digits, space, . _ -; at most 40).', setting)
        : t('{0}: the server {1} is skipped; each server needs a unique name (letters, digits, space, . _ -; at most 40).', setting, warning.name);
    }
    case 'bad-acp-url':
      return t('{0} The server is skipped.', urlProblemText(warning.problem, `youAgents.${warning.key ?? 'acp.servers'} ${warning.name}`, warning.url, t));
  }
}

function invalidText(warning: Extract<SettingWarning, { code: 'invalid' }>, t: Translate): string {
  const setting = `youAgents.${warning.key}`;
  const { value, fallback, expected } = warning;
  switch (expected.kind) {
    case 'boolean':
      return t('{0}: {1} is not true or false; using {2}.', setting, value, fallback);
    case 'one-of':
      return t('{0}: {1} is not one of {2}; using {3}.', setting, value, expected.values.join(', '), fallback);
    case 'integer':
      return integerText(expected, setting, value, fallback, t);
    case 'agent-id':
      return t('{0}: {1} is not an agent id; using {2}.', setting, value, fallback);
    case 'custom-agent-list':
      return t('{0}: {1} is not a list of agents, each with a name and an id; using {2}.', setting, value, fallback);
    case 'acp-server-list':
      return t('{0}: {1} is not a list of servers, each with a name and a url; using {2}.', setting, value, fallback);
    case 'folder':
      return t('{0}: {1} is not a folder path; using {2}.', setting, value, fallback);
    case 'object':
      return t('{0}: {1} is not an object; using {2}.', setting, value, fallback);
  }
}

function integerText({ unit, min, max }: { unit?: string; min: number; max: number }, setting: string, value: string, fallback: string, t: Translate): string {
  if (unit === 'seconds') return t('{0}: {1} is not a whole number of seconds from {2} to {3}; using {4}.', setting, value, min, max, fallback);
  if (unit === 'minutes') return t('{0}: {1} is not a whole number of minutes from {2} to {3}; using {4}.', setting, value, min, max, fallback);
  if (unit === 'kilobytes') return t('{0}: {1} is not a whole number of kilobytes from {2} to {3}; using {4}.', setting, value, min, max, fallback);
  return t('{0}: {1} is not a whole number from {2} to {3}; using {4}.', setting, value, min, max, fallback);
}

/** One sentence: what is wrong with the URL `url` of `setting`. */
function urlProblemText(problem: EndpointProblem, setting: string, url: string, t: Translate): string {
  switch (problem) {
    case 'not-url':
      return t('{0}: {1} is not a URL.', setting, url);
    case 'not-http':
      return t('{0}: {1} must start with https://.', setting, url);
    case 'user-info':
      return t('{0}: {1} must not contain a user name or password.', setting, url);
    case 'query':
      return t('{0}: {1} must not contain a query (?…) or fragment (#…); put a token in a secret, not in the URL.', setting, url);
    case 'plain-http':
      return t('{0}: {1} must use https:// (plain http:// is allowed only for localhost).', setting, url);
  }
}
