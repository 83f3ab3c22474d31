import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_SETTINGS, ENDPOINT_SETTINGS, MAX_KILOBYTES_LIMIT, USER_ONLY_SETTINGS, readSettings, type SettingWarning, type SettingsSource,
} from '../../src/core/settings';
import { untranslated } from '../../src/core/translate';
import { settingWarningText } from '../../src/host/common/settingsText';

/** Levels as VS Code's inspect() reports them; `get` merges them the way VS Code does (folder wins). */
interface Levels {
  user?: Record<string, unknown>;
  workspace?: Record<string, unknown>;
  folder?: Record<string, unknown>;
  workspaceLanguage?: Record<string, unknown>;
}

function source(levels: Levels): SettingsSource {
  const order = [levels.folder, levels.workspace, levels.user];
  return {
    get: (key) => order.map((level) => level?.[key]).find((v) => v !== undefined),
    userValue: (key) => levels.user?.[key],
    workspaceValueSet: (key) => [levels.workspace, levels.folder, levels.workspaceLanguage].some((level) => level?.[key] !== undefined),
  };
}

const from = (user: Record<string, unknown>) => readSettings(source({ user }));
/** The warnings as the log has them (the host's templates, untranslated). */
const english = (warnings: readonly SettingWarning[]) => warnings.map((w) => settingWarningText(w, untranslated));

test('no settings: the defaults, no warnings, nothing ignored', () => {
  assert.deepEqual(from({}), { settings: DEFAULT_SETTINGS, warnings: [], ignoredWorkspace: [] });
  assert.equal(DEFAULT_SETTINGS.batchTimeoutMinutes, 10);
});

test('valid values are taken as given', () => {
  const { settings, warnings } = from({
    baseUrl: 'http://127.0.0.1:1234/',
    'advanced.research.searchEffort': 'high',
    'advanced.maxWorkflowSteps': 20,
    retries: 0,
    batchTimeoutMinutes: 60,
    customAgents: [{ name: 'Docs', id: '63773261-b4de-4d8f-9dfd-cff206a5cb51' }],
    'acp.servers': [{ name: 'local', url: 'http://127.0.0.1:8000/', tokenSecret: 'local-token' }],
  });
  assert.deepEqual(warnings, []);
  assert.equal(settings.baseUrl, 'http://127.0.0.1:1234');
  assert.equal(settings.research.searchEffort, 'high');
  assert.equal(settings.maxWorkflowSteps, 20);
  assert.equal(settings.retries, 0);
  assert.equal(settings.batchTimeoutMinutes, 60);
  assert.deepEqual(settings.customAgents, [{ name: 'Docs', id: '63773261-b4de-4d8f-9dfd-cff206a5cb51' }]);
  assert.deepEqual(settings.acpServers, [{ name: 'local', url: 'http://127.0.0.1:8000', tokenSecret: 'local-token' }]);
});

test('every bad value falls back to its default with one clear warning', () => {
  const { settings, warnings } = from({
    baseUrl: 'javascript:alert(1)',
    'advanced.maxWorkflowSteps': 50,
    'advanced.verbosity': 'loud',
    stream: 'yes',
    requestTimeoutSeconds: -1,
    batchTimeoutMinutes: 61,
    customAgents: [{ name: 'x', id: 'not-a-uuid' }],
    'acp.servers': 'http://x',
  });
  assert.equal(settings.baseUrl, DEFAULT_SETTINGS.baseUrl);
  assert.equal(settings.maxWorkflowSteps, 10);
  assert.equal(settings.verbosity, 'medium');
  assert.equal(settings.stream, true);
  assert.equal(settings.requestTimeoutSeconds, 60);
  assert.equal(settings.batchTimeoutMinutes, 10);
  assert.deepEqual(settings.customAgents, []);
  assert.equal(warnings.length, 8);
  // Data, not sentences: the host words them.
  assert.deepEqual(warnings.find((w) => w.code === 'invalid' && w.key === 'advanced.maxWorkflowSteps'), {
    code: 'invalid',
    key: 'advanced.maxWorkflowSteps',
    value: '50',
    expected: { kind: 'integer', min: 1, max: 20 },
    fallback: '10',
  });
  assert.deepEqual(warnings.find((w) => w.code === 'invalid' && w.key === 'advanced.verbosity'), {
    code: 'invalid',
    key: 'advanced.verbosity',
    value: '"loud"',
    expected: { kind: 'one-of', values: ['medium', 'high'] },
    fallback: '"medium"',
  });
  assert.deepEqual(warnings.find((w) => w.code === 'bad-url'), {
    code: 'bad-url',
    key: 'baseUrl',
    value: '"javascript:alert(1)"',
    problem: 'not-http',
    fallback: '"https://api.you.com"',
  });
  assert.deepEqual(warnings.find((w) => w.code === 'bad-custom-agent'), { code: 'bad-custom-agent', value: '{"name":"x","id":"not-a-uuid"}' });
  assert.deepEqual(warnings.find((w) => w.code === 'invalid' && w.key === 'acp.servers'), {
    code: 'invalid',
    key: 'acp.servers',
    value: '"http://x/"',
    expected: { kind: 'acp-server-list' },
    fallback: '[]',
  });
  const text = english(warnings).join('\n');
  assert.match(text, /youAgents\.advanced\.maxWorkflowSteps: 50 is not a whole number from 1 to 20; using 10\./);
  assert.match(text, /youAgents\.batchTimeoutMinutes: 61 is not a whole number of minutes from 1 to 60; using 10\./);
  assert.match(text, /youAgents\.requestTimeoutSeconds: -1 is not a whole number of seconds from 5 to 600; using 60\./);
  assert.match(text, /youAgents\.advanced\.verbosity: "loud" is not one of medium, high; using "medium"\./);
  assert.match(text, /youAgents\.stream: "yes" is not true or false; using true\./);
  assert.match(text, /youAgents\.baseUrl: "javascript:alert\(1\)" must start with https:\/\/\. Using "https:\/\/api\.you\.com" instead\./);
  assert.match(text, /youAgents\.customAgents: \{"name":"x","id":"not-a-uuid"\} needs a name and a UUID id; it is skipped\./);
});

test('context.maxKilobytes and preferNativeChat are validated like the others', () => {
  assert.equal(DEFAULT_SETTINGS.contextMaxKilobytes, 200);
  assert.equal(DEFAULT_SETTINGS.preferNativeChat, false);
  const good = from({ 'context.maxKilobytes': MAX_KILOBYTES_LIMIT, preferNativeChat: true });
  assert.deepEqual(good.warnings, []);
  assert.equal(good.settings.contextMaxKilobytes, 10_000);
  assert.equal(good.settings.preferNativeChat, true);
  assert.equal(from({ 'context.maxKilobytes': 1 }).settings.contextMaxKilobytes, 1);

  for (const bad of [0, 10_001, 2.5, '300', null]) {
    const { settings, warnings } = from({ 'context.maxKilobytes': bad });
    assert.equal(settings.contextMaxKilobytes, 200, String(bad));
    if (bad === null) {
      assert.deepEqual(warnings, [], 'null is "not set"');
      continue;
    }
    const expected = { kind: 'integer', min: 1, max: 10_000, unit: 'kilobytes' } as const;
    assert.deepEqual(warnings, [{ code: 'invalid', key: 'context.maxKilobytes', value: JSON.stringify(bad), expected, fallback: '200' }]);
  }
  assert.deepEqual(english(from({ 'context.maxKilobytes': 0 }).warnings), [
    'youAgents.context.maxKilobytes: 0 is not a whole number of kilobytes from 1 to 10000; using 200.',
  ]);

  const notBool = from({ preferNativeChat: 'yes' });
  assert.equal(notBool.settings.preferNativeChat, false);
  assert.deepEqual(notBool.warnings, [{ code: 'invalid', key: 'preferNativeChat', value: '"yes"', expected: { kind: 'boolean' }, fallback: 'false' }]);
  assert.deepEqual(english(notBool.warnings), ['youAgents.preferNativeChat: "yes" is not true or false; using false.']);
  // A workspace may set both (they decide nothing about where questions go).
  const fromWorkspace = readSettings(source({ workspace: { preferNativeChat: true, 'context.maxKilobytes': 50 } }));
  assert.equal(fromWorkspace.settings.preferNativeChat, true);
  assert.equal(fromWorkspace.settings.contextMaxKilobytes, 50);
});

test('context.libraryVersions is on by default, a boolean, and a workspace may turn it off', () => {
  assert.equal(DEFAULT_SETTINGS.libraryVersions, true);
  assert.equal(from({ 'context.libraryVersions': false }).settings.libraryVersions, false);
  const bad = from({ 'context.libraryVersions': 'no' });
  assert.equal(bad.settings.libraryVersions, true);
  assert.deepEqual(bad.warnings, [{ code: 'invalid', key: 'context.libraryVersions', value: '"no"', expected: { kind: 'boolean' }, fallback: 'true' }]);
  assert.equal(readSettings(source({ workspace: { 'context.libraryVersions': false } })).settings.libraryVersions, false);
});

const evil = {
  baseUrl: 'https://collector.example/',
  'demo.serverUrl': 'https://collector.example/demo',
  'acp.servers': [{ name: 'evil', url: 'https://collector.example/acp' }],
  agentServers: [{ name: 'evil a2a', url: 'https://collector.example/a2a', protocol: 'a2a' }],
};

test('endpoint settings from the workspace are ignored and reported, each one', () => {
  const { settings, warnings, ignoredWorkspace } = readSettings(source({ workspace: evil }));
  assert.equal(settings.baseUrl, DEFAULT_SETTINGS.baseUrl);
  assert.equal(settings.demoServerUrl, undefined);
  assert.deepEqual(settings.acpServers, []);
  assert.deepEqual(settings.agentServers, []);
  assert.deepEqual(ignoredWorkspace.sort(), ENDPOINT_SETTINGS.map((k) => `youAgents.${k}`).sort());
  assert.deepEqual(warnings, []);
});

test('a folder-level or language-specific workspace value is ignored too; the user value stays', () => {
  const user = {
    baseUrl: 'https://proxy.corp.example',
    'demo.serverUrl': 'http://localhost:9000',
    'acp.servers': [{ name: 'mine', url: 'https://acp.corp.example' }],
  };
  for (const level of ['folder', 'workspaceLanguage'] as const) {
    const { settings, ignoredWorkspace } = readSettings(source({ user, [level]: evil }));
    assert.equal(settings.baseUrl, 'https://proxy.corp.example', level);
    assert.equal(settings.demoServerUrl, 'http://localhost:9000', level);
    assert.deepEqual(settings.acpServers, [{ name: 'mine', url: 'https://acp.corp.example' }], level);
    assert.deepEqual(settings.agentServers, [{ name: 'mine', url: 'https://acp.corp.example', protocol: 'acp' }], level);
    assert.equal(ignoredWorkspace.length, 4, level);
  }
});

test('user values are used; other settings still take the workspace value', () => {
  const { settings, ignoredWorkspace } = readSettings(
    source({
      user: { baseUrl: 'https://proxy.corp.example/', retries: 1, 'advanced.verbosity': 'high' },
      workspace: { retries: 5, defaultAgent: 'advanced' },
      folder: { retries: 7 },
    }),
  );
  assert.equal(settings.baseUrl, 'https://proxy.corp.example');
  assert.equal(settings.retries, 7);
  assert.equal(settings.defaultAgent, 'advanced');
  assert.equal(settings.verbosity, 'high');
  assert.deepEqual(ignoredWorkspace, []);
});

test('a workspace cannot list custom agents: only the user\'s are used, and the workspace value is reported', () => {
  const mine = { name: 'Mine', id: '11111111-2222-3333-4444-555555555555' };
  const theirs = { name: 'Theirs', id: '99999999-8888-7777-6666-555555555555' };
  for (const level of ['workspace', 'folder', 'workspaceLanguage'] as const) {
    const { settings, ignoredWorkspace } = readSettings(source({ user: { customAgents: [mine] }, [level]: { customAgents: [theirs] } }));
    assert.deepEqual(settings.customAgents, [mine], level);
    assert.deepEqual(ignoredWorkspace, ['youAgents.customAgents'], level);
  }
  const none = readSettings(source({ workspace: { customAgents: [theirs] } }));
  assert.deepEqual(none.settings.customAgents, []);
});

test('a workspace defaultAgent may pick express or advanced; a custom or ACP agent there is ignored for the user value', () => {
  for (const pick of ['express', 'advanced', ' advanced ']) {
    const { settings, ignoredWorkspace } = readSettings(source({ user: { defaultAgent: 'acp:mine/echo' }, workspace: { defaultAgent: pick } }));
    assert.equal(settings.defaultAgent, pick, pick);
    assert.deepEqual(ignoredWorkspace, [], pick);
  }
  const custom = { name: 'Theirs', id: '99999999-8888-7777-6666-555555555555' };
  for (const pick of ['acp:evil/agent', custom.id, 'Theirs', 'you:99999999-8888-7777-6666-555555555555']) {
    for (const level of ['workspace', 'folder'] as const) {
      const withUser = readSettings(source({ user: { defaultAgent: 'advanced' }, [level]: { defaultAgent: pick, customAgents: [custom] } }));
      assert.equal(withUser.settings.defaultAgent, 'advanced', `${level} ${pick}`);
      assert.ok(withUser.ignoredWorkspace.includes('youAgents.defaultAgent'), `${level} ${pick}`);
      const alone = readSettings(source({ [level]: { defaultAgent: pick } }));
      assert.equal(alone.settings.defaultAgent, DEFAULT_SETTINGS.defaultAgent, `${level} ${pick}`);
    }
  }
  // The user's own choice of a custom or ACP agent stays.
  assert.equal(from({ defaultAgent: 'acp:mine/echo' }).settings.defaultAgent, 'acp:mine/echo');
});

test('plain http to a non-loopback host is refused for every endpoint; loopback http is allowed', () => {
  const refused = from({
    baseUrl: 'http://api.example.com',
    'demo.serverUrl': 'http://10.0.0.5:8080',
    'acp.servers': [
      { name: 'remote', url: 'http://acp.example.com' },
      { name: 'local', url: 'http://[::1]:8000' },
    ],
  });
  assert.equal(refused.settings.baseUrl, DEFAULT_SETTINGS.baseUrl);
  assert.equal(refused.settings.demoServerUrl, undefined);
  assert.deepEqual(refused.settings.acpServers, [{ name: 'local', url: 'http://[::1]:8000' }]);
  assert.equal(refused.warnings.length, 3);
  assert.deepEqual(
    refused.warnings.map((w) => (w.code === 'bad-url' || w.code === 'bad-acp-url' ? w.problem : w.code)),
    ['plain-http', 'plain-http', 'plain-http'],
  );
  const text = english(refused.warnings);
  for (const w of text) assert.match(w, /must use https:\/\//);
  assert.match(text.join('\n'), /youAgents\.baseUrl: .*Using "https:\/\/api\.you\.com" instead\./);
  assert.match(text.join('\n'), /youAgents\.demo\.serverUrl: "http:\/\/10\.0\.0\.5:8080\/" must use .* It is not used\./);
  assert.match(text.join('\n'), /youAgents\.acp\.servers "remote": "http:\/\/acp\.example\.com\/" must use .* The server is skipped\./);

  const loopback = from({ baseUrl: 'http://localhost:3000', 'demo.serverUrl': 'http://127.0.0.1:4000/' });
  assert.deepEqual(loopback.warnings, []);
  assert.equal(loopback.settings.baseUrl, 'http://localhost:3000');
  assert.equal(loopback.settings.demoServerUrl, 'http://127.0.0.1:4000');
});

test('a URL with user info is refused and its password never appears in a warning', () => {
  const { settings, warnings } = from({
    baseUrl: 'https://alice:hunter2@proxy.example.com/',
    'demo.serverUrl': 'http://bob:s3cret@localhost:9000',
    'acp.servers': [{ name: 'acp', url: 'https://carol:pa55word@acp.example.com' }],
  });
  assert.equal(settings.baseUrl, DEFAULT_SETTINGS.baseUrl);
  assert.equal(settings.demoServerUrl, undefined);
  assert.deepEqual(settings.acpServers, []);
  assert.equal(warnings.length, 3);
  const text = `${JSON.stringify(warnings)}\n${english(warnings).join('\n')}`;
  for (const w of english(warnings)) assert.match(w, /must not contain a user name or password/);
  for (const secret of ['hunter2', 'alice', 's3cret', 'bob', 'pa55word', 'carol']) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
  assert.match(text, /"https:\/\/proxy\.example\.com\/"/);
});

test('a bad ACP list or entry shows no raw URL with a secret', () => {
  const all = (warnings: readonly SettingWarning[]) => `${JSON.stringify(warnings)}\n${english(warnings).join('\n')}`;
  const { warnings } = from({ 'acp.servers': 'https://dave:topsecret@acp.example.com' });
  assert.equal(warnings.length, 1);
  assert.ok(!all(warnings).includes('topsecret'));
  const dup = from({ 'acp.servers': [{ name: 'a', url: 'https://a.example' }, { name: 'a', url: 'https://x:y@b.example' }] });
  assert.equal(dup.settings.acpServers.length, 1);
  assert.deepEqual(dup.warnings, [{ code: 'bad-acp-name', name: '"a"' }]);
  assert.ok(!all(dup.warnings).includes('x:y'));
  // A list or object that could hold a URL is shown only by its shape.
  const listed = from({ baseUrl: ['https://u:p@x.example'], 'demo.serverUrl': { url: 'https://u:p@x.example' }, 'acp.servers': [{ name: 'n', url: 5 }, { url: 'x' }] });
  assert.deepEqual(listed.warnings, [
    { code: 'bad-acp-url', name: '"n"', url: '5', problem: 'not-url' },
    { code: 'bad-acp-name' },
    { code: 'bad-url', key: 'baseUrl', value: '[…]', problem: 'not-url', fallback: '"https://api.you.com"' },
    { code: 'bad-url', key: 'demo.serverUrl', value: '{…}', problem: 'not-url' },
  ]);
  assert.ok(!all(listed.warnings).includes('u:p'));
  const ftp = from({ baseUrl: 'ftp://eve:ftppass@files.example/x?token=abc' });
  assert.equal(ftp.warnings.length, 1);
  assert.match(english(ftp.warnings)[0]!, /"ftp:\/\/files\.example\/x" must start with https:\/\//);
});

test('the manifest makes every user-only setting application-scoped, and leaves defaultAgent to the workspace (express/advanced)', async () => {
  const { readFileSync } = await import('node:fs');
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { scope?: string }> } };
  };
  const properties = manifest.contributes.configuration.properties;
  for (const key of USER_ONLY_SETTINGS) assert.equal(properties[`youAgents.${key}`]?.scope, 'application', key);
  assert.notEqual(properties['youAgents.defaultAgent']?.scope, 'application');
});

test('an endpoint URL with a query or fragment is refused with a warning that does not repeat the query', () => {
  const refused = from({
    baseUrl: 'https://api.you.com/?api_key=secret-in-query-123',
    'acp.servers': [
      { name: 'team', url: 'https://acp.example.com/v1?api_key=secret-in-query-456' },
      { name: 'frag', url: 'https://acp.example.com/#token=secret-in-fragment-789' },
    ],
  });
  assert.equal(refused.settings.baseUrl, DEFAULT_SETTINGS.baseUrl);
  assert.deepEqual(refused.settings.acpServers, []);
  assert.deepEqual(
    refused.warnings.map((w) => (w.code === 'bad-url' || w.code === 'bad-acp-url' ? w.problem : w.code)),
    ['query', 'query', 'query'],
  );
  const text = english(refused.warnings).join('\n');
  assert.match(text, /youAgents\.acp\.servers "team": "https:\/\/acp\.example\.com\/v1" must not contain a query/);
  assert.doesNotMatch(text, /secret-in/);
});

test('agentServers: one list for A2A and ACP servers; acp.servers is read into it as ACP; names unique across both', () => {
  const { settings, warnings } = from({
    agentServers: [
      { name: 'team', url: 'https://agents.example.com/', tokenSecret: 'team-token' },
      { name: 'local a2a', url: 'http://127.0.0.1:41241', protocol: 'a2a' },
      { name: 'odd', url: 'https://odd.example', protocol: 'grpc' },
      { name: 'remote', url: 'http://agents.example.com' },
      { name: 'query', url: 'https://agents.example.com/?token=FAKE-not-a-key' },
    ],
    'acp.servers': [
      { name: 'local', url: 'http://localhost:8000' },
      { name: 'team', url: 'https://other.example' },
    ],
  });
  assert.deepEqual(settings.agentServers, [
    { name: 'team', url: 'https://agents.example.com', tokenSecret: 'team-token', protocol: 'auto' },
    { name: 'local a2a', url: 'http://127.0.0.1:41241', protocol: 'a2a' },
    { name: 'odd', url: 'https://odd.example', protocol: 'auto' },
    { name: 'local', url: 'http://localhost:8000', protocol: 'acp' },
  ]);
  assert.deepEqual(settings.acpServers, [{ name: 'local', url: 'http://localhost:8000' }], 'the older list alone, for what still reads it');
  assert.deepEqual(warnings, [
    { code: 'invalid', key: 'agentServers', value: '"grpc"', expected: { kind: 'one-of', values: ['auto', 'a2a', 'acp'] }, fallback: '"auto"' },
    { code: 'bad-acp-url', key: 'agentServers', name: '"remote"', url: '"http://agents.example.com/"', problem: 'plain-http' },
    { code: 'bad-acp-url', key: 'agentServers', name: '"query"', url: '"https://agents.example.com/"', problem: 'query' },
    { code: 'bad-acp-name', name: '"team"' },
  ]);
  const text = warnings.map((w) => settingWarningText(w, untranslated)).join('\n');
  assert.match(text, /youAgents\.agentServers "remote": "http:\/\/agents\.example\.com\/" must use https:\/\/ .* The server is skipped\./);
  assert.match(text, /youAgents\.acp\.servers: the server "team" is skipped; each server needs a unique name/);
  assert.doesNotMatch(text, /FAKE-not-a-key/);
  assert.deepEqual(from({ agentServers: 'https://agents.example.com' }).warnings, [
    { code: 'invalid', key: 'agentServers', value: '"https://agents.example.com/"', expected: { kind: 'acp-server-list' }, fallback: '[]' },
  ]);
});
