import { FIRST_MESSAGES_ELEMENT_ID, parseFirstMessages, type WebviewMessage } from '../shared/messages';
import { ChatApp } from './chatApp';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; setState(state: unknown): void };

// The chat webview's entry point: everything it shows comes from the host, first in the page
// itself (the state it paints before any message), then over postMessage.
const vscode = acquireVsCodeApi();
const post = (message: WebviewMessage) => vscode.postMessage(message);
const app = new ChatApp(document.getElementById('app')!, post);
window.addEventListener('message', (event: MessageEvent) => app.handle(event.data));
for (const message of parseFirstMessages(document.getElementById(FIRST_MESSAGES_ELEMENT_ID)?.textContent)) app.handle(message);
// A saved state lets VS Code restore an editor panel after a reload; the host resends the content.
vscode.setState({ version: 1 });
// The host answers only if the page's state is older than its own (or the page came without one).
post({ type: 'ready' });
