import { parse, type ParseError } from 'jsonc-parser';

/**
 * Which of `keys` a workspace's settings file sets. VS Code drops application-scoped values from
 * workspace settings before `inspect()` sees them, so a repository that tries to point the key
 * or the questions elsewhere is only found by reading its file. `text` is a folder's
 * `.vscode/settings.json`, or a `.code-workspace` file (whose settings sit under `settings`).
 */
export function keysSetIn(text: string, keys: readonly string[], kind: 'folder' | 'workspaceFile'): string[] {
  const errors: ParseError[] = [];
  const root: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const settings = kind === 'workspaceFile' && isObject(root) ? root.settings : root;
  if (!isObject(settings)) return [];
  return keys.filter((key) => key in settings || isSetNested(settings, key));
}

/** `"youAgents": { "baseUrl": … }` is the same setting as `"youAgents.baseUrl": …`. */
function isSetNested(settings: Record<string, unknown>, key: string): boolean {
  const [section, ...rest] = key.split('.');
  const inner = settings[section!];
  return isObject(inner) && rest.join('.') in inner;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
