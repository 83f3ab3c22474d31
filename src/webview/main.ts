import type { WebviewMessage } from '../shared/messages';
import { ChatApp } from './chatApp';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; setState(state: unknown): void };

// The chat webview's entry point: everything it shows comes from the host over postMessage.
const vscode = acquireVsCodeApi();
const post = (message: WebviewMessage) => vscode.postMessage(message);
const app = new ChatApp(document.getElementById('app')!, post);
window.addEventListener('message', (event: MessageEvent) => app.handle(event.data));
// A saved state lets VS Code restore an editor panel after a reload; the host resends the content.
vscode.setState({ version: 1 });
post({ type: 'ready' });
