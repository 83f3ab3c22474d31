import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startAcpServer } from '../servers/acp-server';
import { startA2aServer } from '../servers/a2a';
import { startDemoServer } from '../../src/demo/server';
import {
  CACHE, QUIET_SETTINGS, ROOT, ensureCodeServer, installExtension, makeProfile, packageExtension, startCodeServer, writeUserSettings,
} from './codeServer';

/**
 * `npm start`: the extension in a real VS Code (code-server) against the local demo agent
 * servers (You.com, A2A on the official SDK's server, and ACP), no key needed. With YOU_API_KEY set and no key stored, the extension asks
 * once whether to use that key (the vsix runs in Production mode, where an environment key is never
 * taken silently); accepted, it talks to api.you.com instead. Ctrl-C stops everything this started.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const port = Number(process.env.PORT ?? 8080);
  // Checks (and as root installs) only what running code-server needs, not the tests' Chromium.
  const install = ensureCodeServer(console.error, 'start');
  console.log('building and packaging the extension ...');
  const vsix = packageExtension();

  const demo = await startDemoServer({ deltaDelayMs: 15 });
  const acp = await startAcpServer({ partDelayMs: 20 });
  const a2a = await startA2aServer({ chunkDelayMs: 40 });
  const profile = makeProfile('demo', false);
  installExtension(install, profile, vsix);
  const realKey = Boolean(process.env.YOU_API_KEY?.trim());
  writeUserSettings(profile, {
    ...QUIET_SETTINGS,
    // Used only while no key is stored; a stored key (or YOU_API_KEY, once accepted) goes to api.you.com.
    'youAgents.demo.serverUrl': demo.url,
    // Protocol auto: each server is asked for its Agent Card (A2A) or its agent list (ACP).
    'youAgents.agentServers': [
      { name: 'echo', url: a2a.agents.echo },
      { name: 'asker', url: a2a.agents.asker },
      { name: 'slow', url: a2a.agents.slow },
      { name: 'demo', url: acp.url },
    ],
  });
  const workspace = join(CACHE, 'demo-workspace');
  mkdirSync(workspace, { recursive: true });
  cpSync(join(ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

  const server = await startCodeServer(install, profile, { port, env: { YOU_API_KEY: process.env.YOU_API_KEY } });
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  console.log('');
  console.log(`You.com Agents is running in VS Code at ${url}`);
  const youSource = realKey
    ? 'api.you.com once you accept "Use the You.com key from the environment (YOU_API_KEY)?" in VS Code (asked once; a key stored earlier is kept)'
    : `the local demo server at ${demo.url} (no key needed)`;
  console.log(`You.com answers come from ${youSource}.`);
  console.log(`A2A agents (echo, asker, slow) come from the local A2A server at ${a2a.url} (the official SDK's server).`);
  console.log(`ACP agents (echo, writer, asker, failing, slow) come from the local ACP server at ${acp.url}.`);
  console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping ...');
    await server.stop();
    await demo.close();
    await acp.close();
    await a2a.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  server.process.once('exit', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
