import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commands, ConfigurationTarget, extensions, LanguageModelTextPart, lm, workspace } from 'vscode';

/**
 * Extension-host integration tests: run inside a real extension host, by @vscode/test-electron
 * (`npm run test:electron`, where VS Code can be downloaded) or by code-server through the web
 * workbench's extensionTestsPath (test/e2e/extension-host.e2e.test.ts). Results also go to the
 * file named by YOU_AGENTS_TEST_RESULTS, because a browser workbench has no exit code to read.
 */
const EXTENSION_ID = 'you-agents.you-agents';

const tests: [string, () => Promise<void>][] = [
  ['activates and registers every contributed command', async () => {
    const extension = extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'extension is installed');
    await extension.activate();
    assert.ok(extension.isActive);
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await commands.getCommands(true));
    for (const command of contributed) assert.ok(registered.has(command), `${command} is registered`);
    assert.ok(contributed.length >= 12);
  }],
  ['settings have their documented defaults', async () => {
    const config = workspace.getConfiguration('youAgents');
    assert.equal(config.inspect('baseUrl')?.defaultValue, 'https://api.you.com');
    assert.equal(config.inspect('stream')?.defaultValue, true);
    assert.equal(config.inspect('advanced.maxWorkflowSteps')?.defaultValue, 10);
  }],
  ['youAgents.ask with a question runs the agent and saves the answer to history', async () => {
    const server = process.env.YOU_AGENTS_TEST_SERVER;
    const userData = process.env.YOU_AGENTS_USER_DATA;
    assert.ok(server && userData, 'test server and user data dir are given');
    await workspace.getConfiguration('youAgents').update('demo.serverUrl', server, ConfigurationTarget.Global);
    await commands.executeCommand('youAgents.ask', 'Integration question from the extension host');
    const dir = join(userData, 'User', 'globalStorage', EXTENSION_ID, 'history');
    assert.ok(existsSync(dir), 'history folder exists');
    // One folder per conversation, one file per turn.
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    const saved = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    assert.match(saved, /Integration question from the extension host/);
    assert.match(saved, /"status":"done"/);
  }],
  ['a bad setting falls back to its default instead of breaking runs', async () => {
    await workspace.getConfiguration('youAgents').update('advanced.maxWorkflowSteps', 99, ConfigurationTarget.Global);
    await commands.executeCommand('youAgents.ask', 'Still works with a bad setting');
    await workspace.getConfiguration('youAgents').update('advanced.maxWorkflowSteps', undefined, ConfigurationTarget.Global);
  }],
  ['the #youcom tool is listed in vscode.lm.tools with its query schema', async () => {
    // The Chat view and its tools exist only while AI features are on (the test profile turns them off).
    await workspace.getConfiguration('chat').update('disableAIFeatures', false, ConfigurationTarget.Global);
    const tool = await waitFor(() => lm.tools.find((t) => t.name === 'youcom'), 'the youcom tool in vscode.lm.tools');
    assert.match(tool.description, /You\.com/);
    const schema = tool.inputSchema as { properties?: { query?: { type?: string } }; required?: string[] };
    assert.equal(schema.properties?.query?.type, 'string');
    assert.deepEqual(schema.required, ['query']);
  }],
  ['vscode.lm.invokeTool answers from You.com Express, with its http(s) sources listed and the rest dropped', async () => {
    const answer = await invokeYoucom('Tool question from the extension host');
    assert.match(answer, /^#### Tool question from the extension host/);
    assert.match(answer, /That is all it takes to read a stream in Node 20\./);
    // The hostile scenario cites a javascript: URL and an https one with markup in its title.
    const cited = await invokeYoucom('[scenario:hostile] tool sources');
    // One Sources renderer (src/core/exportMarkdown.ts): markup in a title is escaped as entities.
    assert.match(cited, /\*\*Sources\*\*\n\n\d\. \[&lt;b onmouseover=window\.\\_\\_pwned=1&gt;safe&lt;\/b&gt;\]\(https:\/\/example\.com\/safe\) — example\.com/);
    assert.doesNotMatch(cited.slice(cited.indexOf('**Sources**')), /javascript:/);
  }],
];

/** Polls (bounded) until `get` returns something. */
async function waitFor<T>(get: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function invokeYoucom(query: string): Promise<string> {
  const result = await lm.invokeTool('youcom', { input: { query }, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof LanguageModelTextPart ? part.value : '')).join('');
}

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
