import { FIRST_MESSAGES_ELEMENT_ID, isStateWithTurns, parseFirstMessages, type WebviewMessage } from '../shared/messages';
import { ChatApp } from './chatApp';
import { loadTurnRenderer, turnRendererNow } from './markdownLoader';
import { installSourceMenu } from './sourceMenu';
import { addIconFont } from './iconFont';
import { afterUserQuiet } from './userQuiet';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; setState(state: unknown): void };

// The chat webview's entry point: everything it shows comes from the host, first in the page
// itself (the state it paints before any message), then over postMessage.
const vscode = acquireVsCodeApi();
// Before anything is drawn: the icons are in the first paint.
addIconFont();
/** What the user does that starts an answer: the turns chunk loads with it, not after the first paint (where it held up typing). */
const STARTS_A_TURN: ReadonlySet<WebviewMessage['type']> = new Set(['ask', 'retry', 'edit', 'regenerate', 'resume']);
const post = (message: WebviewMessage) => {
  if (STARTS_A_TURN.has(message.type)) void loadTurnRenderer().catch(() => undefined);
  vscode.postMessage(message);
};
const app = new ChatApp(document.getElementById('app')!, post, () => turnRendererNow()!);
installSourceMenu(document);

/** Messages held until the turns chunk is loaded: from the first that renders a turn on, in order. */
let waiting: unknown[] | undefined;
function receive(raw: unknown): void {
  if (!waiting && (turnRendererNow() || !rendersTurns(raw))) return app.handle(raw);
  (waiting ??= []).push(raw);
  loadTurnRenderer().then(
    () => {
      const held = waiting ?? [];
      waiting = undefined;
      for (const message of held) app.handle(message);
    },
    (err: unknown) => console.error(String(err)),
  );
}

/** Whether a message (not validated yet: ChatApp does that) would render a turn. */
function rendersTurns(raw: unknown): boolean {
  const type = (raw as { type?: unknown } | null)?.type;
  return isStateWithTurns(raw) || type === 'turnStart' || type === 'turnEnd' || type === 'turnUpdate';
}

window.addEventListener('message', (event: MessageEvent) => receive(event.data));
for (const message of parseFirstMessages(document.getElementById(FIRST_MESSAGES_ELEMENT_ID)?.textContent)) receive(message);
// A saved state lets VS Code restore an editor panel after a reload; the host resends the content.
vscode.setState({ version: 1 });
// The host answers only if the page's state is older than its own (or the page came without one).
post({ type: 'ready' });
/**
 * How long the user does nothing in a freshly shown page before it says `idle`. A page written
 * before the rest of the extension has loaded (src/host/standIns.ts) has it load then, or at the
 * user's first action, so that its start-up does not compete with the first keys typed.
 */
const IDLE_AFTER_MS = 1000;
afterUserQuiet(window, IDLE_AFTER_MS, () => post({ type: 'idle' }));
