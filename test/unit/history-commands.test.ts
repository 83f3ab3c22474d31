import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEntry } from '../../src/core/history';
import { silentLog } from '../../src/core/redact';
import type * as HistoryCommandsModule from '../../src/host/commands/history';
import { requireWithVscode } from './helpers';

/** The quick pick registerHistoryCommands creates, with the handlers it sets, so a test can press its buttons. */
interface FakePick {
  items: { id: string }[];
  value: string;
  ignoreFocusOut: boolean;
  onButton?: (event: { item: { id: string }; button: unknown }) => Promise<void>;
}

const commands = new Map<string, (...args: unknown[]) => Promise<void>>();
const warnings: string[] = [];
let answer: string | undefined;
let pick: FakePick | undefined;
let focusKeptDuringDialog: boolean | undefined;

const fake = {
  l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) },
  ThemeIcon: class {
    constructor(readonly id: string) {}
  },
  commands: {
    registerCommand: (id: string, run: (...args: unknown[]) => Promise<void>) => (commands.set(id, run), { dispose() {} }),
  },
  window: {
    showWarningMessage: async (message: string) => {
      warnings.push(message);
      focusKeptDuringDialog = pick?.ignoreFocusOut;
      return answer;
    },
    showErrorMessage: async () => undefined,
    createQuickPick: () => {
      pick = {
        items: [],
        value: '',
        ignoreFocusOut: false,
        onDidChangeValue() {},
        onDidTriggerItemButton(handler: FakePick['onButton']) {
          pick!.onButton = handler;
        },
        onDidAccept() {},
        onDidHide() {},
        show() {},
        hide() {},
        dispose() {},
      } as FakePick;
      return pick;
    },
  },
};
const { registerHistoryCommands } = requireWithVscode<typeof HistoryCommandsModule>('../../src/host/commands/history', fake);

const entry: HistoryEntry = { id: 'c1', title: 'Cart totals', createdAt: 0, updatedAt: 0, turns: 2, bytes: 100 };
const deleted: string[] = [];
registerHistoryCommands({
  controller: { deleteConversation: async (id: string) => void deleted.push(id) } as never,
  history: {
    dir: join(tmpdir(), 'you-agents-history-commands'),
    list: async () => ({ conversations: [entry], setAside: [] }),
    load: async () => undefined,
    onDidChange: () => () => undefined,
  } as never,
  log: silentLog,
  reveal: async () => undefined,
});

test("deleting from the history picker asks first, as Delete Chat does; No keeps the chat, Delete removes it", async () => {
  await commands.get('youAgents.showHistory')!();
  assert.ok(pick?.onButton);
  const trash = (pick.items[0] as unknown as { buttons: unknown[] }).buttons[1];

  answer = undefined; // the dialog dismissed
  await pick.onButton({ item: pick.items[0]!, button: trash });
  assert.deepEqual(warnings, ['Delete the chat "Cart totals"?']);
  assert.deepEqual(deleted, []);
  assert.equal(focusKeptDuringDialog, true, 'the picker stays open behind the dialog');

  answer = 'Delete';
  await pick.onButton({ item: pick.items[0]!, button: trash });
  assert.deepEqual(deleted, ['c1']);
  assert.equal(pick.ignoreFocusOut, false);
});
