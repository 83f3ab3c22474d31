/** Which key sends a question: Enter (Shift+Enter for a new line), or Ctrl/Cmd+Enter (Enter for a new line). */
export type SendKey = 'enter' | 'ctrlEnter';

export interface ComposerKey {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing: boolean;
}

export type ComposerAction = 'send' | 'recall' | 'stop' | 'none';

/**
 * What a key press in the composer does. Pure, so the habits are tested without a DOM:
 * the send key, Up in an empty composer recalls the last question, Escape stops a run.
 */
export function composerAction(event: ComposerKey, state: { sendKey: SendKey; empty: boolean; busy: boolean }): ComposerAction {
  if (event.isComposing) return 'none'; // an IME is still composing: Enter confirms the candidate
  if (event.key === 'Enter') {
    const modified = event.ctrlKey || event.metaKey;
    if (state.sendKey === 'enter') return !event.shiftKey && !event.altKey && !modified ? 'send' : 'none';
    return modified && !event.shiftKey && !event.altKey ? 'send' : 'none';
  }
  if (event.key === 'ArrowUp' && state.empty && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey) return 'recall';
  if (event.key === 'Escape' && state.busy) return 'stop';
  return 'none';
}

/**
 * Keys of the whole chat, wherever focus is inside it: Ctrl/Cmd+L starts a new chat, Alt+F2 opens
 * the accessible view (as in VS Code's chat). Handled in the webview because VS Code's `focusedView`
 * context does not follow focus into a webview view.
 */
export function chatShortcut(event: ComposerKey): 'newChat' | 'accessibleView' | undefined {
  if (event.isComposing || event.shiftKey) return undefined;
  if (event.key === 'F2' && event.altKey && !event.ctrlKey && !event.metaKey) return 'accessibleView';
  if (event.altKey) return undefined;
  return (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'l' ? 'newChat' : undefined;
}
