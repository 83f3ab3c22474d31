import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { AcpEventMapper } from '../../src/core/acp/events';
import { attachmentsLabel, fileAttachment, terminalAttachment } from '../../src/core/context/attachments';
import { RUN_STATUSES, type RunEvent } from '../../src/core/events';
import { readSettings, type SettingWarning, type SettingWarningCode } from '../../src/core/settings';
import { YouEventMapper } from '../../src/core/you/events';
import { attachedQuestionLabel, terminalChipLabel } from '../../src/host/common/code/attachmentText';
import { untranslated, type Translate } from '../../src/core/translate';
import { sourcesHeading } from '../../src/host/common/nativeChat/render';
import { statusText, wordedRun, wordEvent } from '../../src/host/common/runText';
import { settingWarningText } from '../../src/host/common/settingsText';
import { BUNDLE_PATH } from '../tools/l10nStrings';
import { iterate } from './helpers';

/**
 * Data the core reports and the host words (run statuses, a pause without a question, settings
 * warnings, attachment labels, the sources heading), in a pseudo-locale: every template comes
 * back as ⟦…⟧, so a letter outside every ⟦…⟧ is English that bypassed l10n. Each template used
 * must also be in the committed bundle, where translators find it.
 */
const used = new Set<string>();
const pseudo: Translate = (message, ...args) => {
  used.add(message);
  return `⟦${untranslated(message, ...args)}⟧`;
};

function assertMarked(text: string, label = text): void {
  assert.ok(text.includes('⟦'), `not worded: ${label}`);
  let depth = 0;
  for (const char of text) {
    if (char === '⟦') depth++;
    else if (char === '⟧') depth--;
    else assert.ok(depth > 0 || !/\p{L}/u.test(char), `English outside l10n in "${text}"`);
  }
  assert.equal(depth, 0, text);
}

const sse = (event: unknown) => ({ data: JSON.stringify(event), event: undefined, id: undefined });

async function collect(events: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const out: RunEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('run progress: the core reports codes, the host words them', () => {
  test('every status has its text', () => {
    for (const status of RUN_STATUSES) assertMarked(statusText(status, pseudo), status);
    assert.equal(new Set(RUN_STATUSES.map((s) => statusText(s, untranslated))).size, RUN_STATUSES.length);
  });

  test('You.com and ACP lifecycle events reach the views worded; the agent\'s own steps pass as they are', async () => {
    const you = new YouEventMapper();
    const acp = new AcpEventMapper('srv');
    const core: RunEvent[] = [];
    you.map({ data: '{"type":"response.starting"}', event: undefined, id: undefined }, core);
    you.map(sse({ type: 'response.research', response: { message: 'Reading 3 pages' } }), core);
    acp.map(sse({ type: 'run.in-progress', run: { run_id: 'r1', status: 'in-progress' } }), core);
    acp.map(sse({ type: 'run.cancelling', run: { run_id: 'r1', status: 'cancelling' } }), core);
    acp.map(sse({ type: 'run.awaiting', run: { run_id: 'r1', status: 'awaiting', await_request: {} } }), core);

    // The core: codes only, no sentence.
    const statuses = core.filter((e) => e.type === 'progress' && e.kind === 'status');
    assert.deepEqual(
      statuses.map((e) => e.type === 'progress' && e.kind === 'status' && [e.status, e.message]),
      [
        ['starting', 'starting'],
        ['working', 'working'],
        ['cancelling', 'cancelling'],
      ],
    );
    assert.deepEqual(core.at(-1), { type: 'await', runId: 'r1', prompt: '' });

    // What the routes hand on (youSource, agentServerSource and /research wrap their runs in wordedRun).
    const shown = await collect(wordedRun(iterate(core), pseudo));
    const lines = shown.flatMap((e) => (e.type === 'progress' && e.kind !== 'debug' ? [e.message] : e.type === 'await' ? [e.prompt] : []));
    assert.deepEqual(lines, ['⟦Starting…⟧', 'Reading 3 pages', '⟦Working…⟧', '⟦Cancelling…⟧', '⟦The agent needs your input.⟧']);
    for (const line of lines.filter((l) => l !== 'Reading 3 pages')) assertMarked(line);

    // An agent's own question is its content, never replaced.
    const asked: RunEvent = { type: 'await', runId: 'r1', prompt: 'Which file?' };
    assert.equal(wordEvent(asked, pseudo), asked);
  });
});

/** One sample of every warning code and every kind of expectation. */
const BAD_SETTINGS: Record<string, unknown> = {
  baseUrl: 'http://api.example.com',
  'demo.serverUrl': 'https://u:p@demo.example',
  defaultAgent: '   ',
  customAgents: [{ name: 'x', id: 'not-a-uuid' }],
  'acp.servers': [{ url: 'https://a.example' }, { name: 'ok', url: 'ftp://a.example' }],
  'advanced.research.enabled': 'yes',
  'advanced.verbosity': 'loud',
  'advanced.maxWorkflowSteps': 0,
  requestTimeoutSeconds: 1,
  batchTimeoutMinutes: 0,
  'context.maxKilobytes': 0,
  preferNativeChat: 1,
};

describe('settings warnings: data in the core, sentences in the host', () => {
  const source = (user: Record<string, unknown>) => ({ get: (k: string) => user[k], userValue: (k: string) => user[k], workspaceValueSet: () => false });
  const { warnings } = readSettings(source(BAD_SETTINGS));
  const lists = readSettings(source({ customAgents: 'x', 'acp.servers': {} })).warnings;
  const all: SettingWarning[] = [...warnings, ...lists];

  test('the samples cover every code and every expectation', () => {
    const codes: Record<SettingWarningCode, true> = { invalid: true, 'bad-url': true, 'bad-custom-agent': true, 'bad-acp-name': true, 'bad-acp-url': true };
    assert.deepEqual([...new Set(all.map((w) => w.code))].sort(), Object.keys(codes).sort());
    const expectations = new Set(all.flatMap((w) => (w.code === 'invalid' ? [`${w.expected.kind}${'unit' in w.expected ? `:${w.expected.unit}` : ''}`] : [])));
    assert.deepEqual(
      [...expectations].sort(),
      ['acp-server-list', 'agent-id', 'boolean', 'custom-agent-list', 'integer', 'integer:kilobytes', 'integer:minutes', 'integer:seconds', 'one-of'],
    );
    assert.ok(all.some((w) => w.code === 'bad-url' && w.fallback === undefined) && all.some((w) => w.code === 'bad-url' && w.fallback !== undefined));
    assert.ok(all.some((w) => w.code === 'bad-acp-name' && w.name === undefined));
  });

  test('each is worded in the display language, as the host shows it', () => {
    for (const warning of all) {
      const text = pseudo('You.com settings: {0}', settingWarningText(warning, pseudo));
      assertMarked(text, JSON.stringify(warning));
      assert.doesNotMatch(settingWarningText(warning, untranslated), /undefined|\[object|\{\d\}/);
    }
  });

  test('the warnings hold no English sentence, only names, codes and values', () => {
    const text = JSON.stringify(all);
    for (const word of ['is not', 'using', 'skipped', 'must', 'needs']) assert.ok(!text.includes(word), `"${word}" in ${text}`);
  });
});

describe('attachments and sources: labels worded by the host', () => {
  test('a terminal chip and the question label', () => {
    const terminal = terminalAttachment('1', 'bash', 'out', terminalChipLabel('bash', pseudo));
    assertMarked(terminal.label);
    const label = attachmentsLabel('Why?', [fileAttachment('2', 'a.ts', 'typescript', 'x')], (q, labels) => attachedQuestionLabel(q, labels, pseudo));
    assert.equal(label, '⟦Why? [attached: a.ts]⟧');
  });

  test('the sources heading', () => {
    assertMarked(sourcesHeading(pseudo));
  });
});

test('every template worded above is in the committed bundle (npm run l10n)', () => {
  const bundle = JSON.parse(readFileSync(BUNDLE_PATH, 'utf8')) as Record<string, string>;
  assert.ok(used.size >= 20, `${used.size} templates`);
  assert.deepEqual([...used].filter((m) => !Object.hasOwn(bundle, m)), []);
});
