import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('You.com', { log: true });
  context.subscriptions.push(log);
}

export function deactivate(): void {}
