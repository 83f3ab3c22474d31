import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as HostActionsModule from '../../src/host/hostActions';
import { PROPOSED_SCHEME } from '../../src/host/code/proposedContent';
import { silentLog } from '../../src/core/redact';
import { requireWithVscode } from './helpers';

/** A text editor stand-in that records what Insert writes into it. */
function editor(scheme: string, name: string) {
  const written: string[] = [];
  return {
    name,
    written,
    selections: [{}],
    viewColumn: 1,
    document: { isClosed: false, uri: { scheme } },
    edit: async (build: (edit: { replace(selection: unknown, text: string): void }) => void) => {
      build({ replace: (_selection, text) => written.push(text) });
      return true;
    },
  };
}

type Editor = ReturnType<typeof editor>;

/** One stand-in for every test: the module keeps the `vscode` it was first loaded with. */
const shown: string[] = [];
const fake = {
  window: {
    activeTextEditor: undefined as Editor | undefined,
    visibleTextEditors: [] as Editor[],
    onDidChangeActiveTextEditor: () => ({ dispose() {} }),
    showTextDocument: async () => undefined,
    showInformationMessage: async (message: string) => void shown.push(message),
  },
  l10n: { t: (message: string) => message },
};
const { HostActions } = requireWithVscode<typeof HostActionsModule>('../../src/host/hostActions', fake);

function hostActionsWith(active: Editor | undefined, visible: Editor[]) {
  shown.length = 0;
  fake.window.activeTextEditor = active;
  fake.window.visibleTextEditors = visible;
  return { actions: new HostActions(silentLog), shown };
}

test('Insert goes to the file the user works in, never into a proposed diff or an output panel (the same rule as Apply)', async () => {
  const file = editor('file', 'cart.ts');
  for (const scheme of [PROPOSED_SCHEME, 'output']) {
    const other = editor(scheme, scheme);
    const { actions } = hostActionsWith(other, [other, file]);
    await actions.insert('code();');
    assert.deepEqual(other.written, [], `inserted into ${scheme}`);
    assert.deepEqual(file.written.splice(0), ['code();']);
    actions.dispose();
  }
});

test('Insert with no usable editor says so and writes nowhere', async () => {
  const output = editor('output', 'output');
  const { actions, shown } = hostActionsWith(output, [output]);
  await actions.insert('code();');
  assert.deepEqual(output.written, []);
  assert.deepEqual(shown, ['Open an editor to insert the code into.']);
});
