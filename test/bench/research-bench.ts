import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { givenAgent, givenChatView, givenKey, givenNewChat } from '../e2e/given';
import { eventually, startE2E } from '../e2e/setup';
import { hostDirs } from '../tools/extensionLogs';

/**
 * `research_resume_ms`: from the moment VS Code activates the extension in a reloaded window to
 * the moment it opens the stream of the background research task the window left running (the
 * extension's log line for that GET). Real VS Code, the packaged .vsix, the test server's Research
 * stand-in holding the task at `running`.
 */
export async function researchFigures(log: (line: string) => void = () => undefined): Promise<Record<string, number>> {
  log('research: starting code-server with the packaged extension');
  const e2e = await startE2E('bench-research', { 'files.autoSave': 'off' });
  try {
    await givenKey(e2e);
    let chat = await givenNewChat(e2e);
    await givenAgent(e2e, chat, 'you:research');
    await chat.locator('.research-effort-select').selectOption('deep');
    e2e.you.holdResearch(true);
    await chat.locator('.composer-input').fill('How do Rust lifetimes work? (resume bench)');
    await chat.locator('.composer-input').press('Enter');
    await eventually(async () => (await chat.locator('.research-note', { hasText: 'Research task' }).count()) > 0, 'the task id in the turn', 60_000);
    const hostsBefore = hostDirs(e2e.profile).length;
    log('research: reloading the window mid-run');
    await e2e.workbench.load();
    chat = await givenChatView(e2e);
    const resumed = await eventually(
      () => {
        const host = hostDirs(e2e.profile)[hostsBefore];
        if (!host) return undefined;
        const activated = firstTime(join(host, 'remoteexthost.log'), /_doActivateExtension you-agents\.you-agents/);
        const stream = firstTime(join(host, 'you-agents.you-agents', 'You.com.log'), /GET \S+\/v1\/research\/\S+\/stream/);
        return activated !== undefined && stream !== undefined ? stream - activated : undefined;
      },
      'the resumed stream in the reloaded window',
      120_000,
    );
    e2e.you.holdResearch(false);
    return { research_resume_ms: resumed };
  } finally {
    await e2e.close();
  }
}

/** The time (ms, local clock) of the first line of `file` matching `pattern`. */
function firstTime(file: string, pattern: RegExp): number | undefined {
  if (!existsSync(file)) return undefined;
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => pattern.test(l));
  const stamp = line && /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3})/.exec(line);
  return stamp ? Date.parse(`${stamp[1]}T${stamp[2]}`) : undefined;
}
