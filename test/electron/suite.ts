import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

/**
 * Extension-host integration tests: run inside a real extension host, by @vscode/test-electron
 * (`npm run test:electron`, where VS Code can be downloaded) or by code-server through the web
 * workbench's extensionTestsPath (test/e2e/extension-host.e2e.test.ts). Results also go to the
 * file named by YOU_AGENTS_TEST_RESULTS, because a browser workbench has no exit code to read.
 */
const EXTENSION_ID = 'you-agents.you-agents';

const tests: [string, () => Promise<void>][] = [
  ['activates and registers every contributed command', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'extension is installed');
    await extension.activate();
    assert.ok(extension.isActive);
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of contributed) assert.ok(registered.has(command), `${command} is registered`);
    assert.ok(contributed.length >= 12);
  }],
  ['settings have their documented defaults', async () => {
    const config = vscode.workspace.getConfiguration('youAgents');
    assert.equal(config.inspect('baseUrl')?.defaultValue, 'https://api.you.com');
    assert.equal(config.inspect('stream')?.defaultValue, true);
    assert.equal(config.inspect('advanced.maxWorkflowSteps')?.defaultValue, 10);
  }],
  ['youAgents.ask with a question runs the agent and saves the answer to history', async () => {
    const server = process.env.YOU_AGENTS_TEST_SERVER;
    const userData = process.env.YOU_AGENTS_USER_DATA;
    assert.ok(server && userData, 'test server and user data dir are given');
    await vscode.workspace.getConfiguration('youAgents').update('demo.serverUrl', server, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('youAgents.ask', 'Integration question from the extension host');
    const dir = join(userData, 'User', 'globalStorage', EXTENSION_ID, 'history');
    assert.ok(existsSync(dir), 'history folder exists');
    const saved = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    assert.match(saved, /Integration question from the extension host/);
    assert.match(saved, /"status":"done"/);
  }],
  ['a bad setting falls back to its default instead of breaking runs', async () => {
    await vscode.workspace.getConfiguration('youAgents').update('advanced.maxWorkflowSteps', 99, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('youAgents.ask', 'Still works with a bad setting');
    await vscode.workspace.getConfiguration('youAgents').update('advanced.maxWorkflowSteps', undefined, vscode.ConfigurationTarget.Global);
  }],
];

export async function run(): Promise<void> {
  const results: { name: string; ok: boolean; error?: string }[] = [];
  for (const [name, fn] of tests) {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (err) {
      results.push({ name, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  }
  const file = process.env.YOU_AGENTS_TEST_RESULTS;
  if (file) writeFileSync(file, JSON.stringify(results, null, 2));
  const failed = results.filter((r) => !r.ok);
  for (const r of results) console.log(`${r.ok ? 'ok' : 'not ok'} - ${r.name}${r.error ? `\n${r.error}` : ''}`);
  if (failed.length > 0) throw new Error(`${failed.length} extension-host test(s) failed`);
}
