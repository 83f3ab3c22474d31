import '../tools/chatPageGlobals';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentPicker } from '../../src/webview/agentPicker';
import { Announcer, type StreamingTurn } from '../../src/webview/announcer';
import { AttachMenu } from '../../src/webview/attachMenu';
import { AttachmentChips, chipSize } from '../../src/webview/attachmentChips';
import type { ChatAction } from '../../src/webview/chatActions';
import { Composer } from '../../src/webview/composer';
import { createMarkdown } from '../../src/webview/markdownRenderer';
import { Transcript } from '../../src/webview/transcript';
import { turnRenderer } from '../../src/webview/turnView';
import { fire, turn } from '../tools/chatPage';

/** The parts ChatApp wires, each on its own (linkedom; see webview-actions.test.ts for the whole chat). */

function recorder(): { act: (action: ChatAction) => void; acts: ChatAction[] } {
  const acts: ChatAction[] = [];
  return { act: (action) => acts.push(action), acts };
}

test('composer: a question is taken trimmed once, the box empties, and Up recalls it before the conversation', () => {
  const composer = new Composer(recorder().act);
  assert.equal(composer.take(), undefined, 'an empty box sends nothing');
  composer.input.value = '   ';
  assert.equal(composer.take(), undefined);
  composer.input.value = '  why?  ';
  assert.equal(composer.take(), 'why?');
  assert.equal(composer.input.value, '');
  composer.recall('older question');
  assert.equal(composer.input.value, 'why?');
  const fresh = new Composer(recorder().act);
  fresh.recall('older question');
  assert.equal(fresh.input.value, 'older question');
  const none = new Composer(recorder().act);
  none.recall(undefined);
  assert.equal(none.input.value, '', 'nothing to recall leaves the box as it is');
});

test('composer: hidden characters are written out and shown with a note; the next take sends that text', () => {
  const composer = new Composer(recorder().act);
  composer.input.value = 'a\u202Eb';
  assert.equal(composer.take(), undefined);
  assert.equal(composer.input.value, 'a⟨U+202E⟩b');
  const note = composer.element.querySelector<HTMLElement>('.composer-note')!;
  assert.equal(note.hidden, false);
  assert.match(note.textContent ?? '', /written out/);
  assert.equal(composer.take(), 'a⟨U+202E⟩b');
  assert.equal(note.hidden, true);
});

test('composer: keys become actions by the send key; busy shows Stop in place of Send', () => {
  const { act, acts } = recorder();
  const composer = new Composer(act);
  composer.busy = false;
  fire(composer.input, 'keydown', { key: 'Enter' });
  composer.sendKey = 'ctrlEnter';
  assert.match(composer.input.title, /Ctrl\+Enter to send/);
  fire(composer.input, 'keydown', { key: 'Enter' });
  fire(composer.input, 'keydown', { key: 'Enter', ctrlKey: true });
  fire(composer.input, 'keydown', { key: 'Escape' });
  composer.busy = true;
  assert.equal(composer.element.querySelector<HTMLElement>('button.send')!.hidden, true);
  assert.equal(composer.visibleStop, composer.stop);
  const escape = fire(composer.input, 'keydown', { key: 'Escape' });
  assert.equal(escape.defaultPrevented, true);
  fire(composer.input, 'keydown', { key: 'ArrowUp' });
  assert.deepEqual(acts, [{ kind: 'send' }, { kind: 'send' }, { kind: 'stop' }, { kind: 'recall' }]);
  composer.busy = false;
  assert.equal(composer.visibleStop, undefined);
});

test('attach menu: opens and closes with aria-expanded, Escape asks to close, a click outside closes it', () => {
  const { act, acts } = recorder();
  const attach = new AttachMenu(act);
  const outside = document.createElement('p');
  document.body.replaceChildren(attach.button, attach.menu, outside);
  attach.toggle(true);
  assert.equal(attach.open, true);
  assert.equal(attach.button.getAttribute('aria-expanded'), 'true');
  attach.closeUnlessInside(attach.menu.querySelector('button')!);
  attach.closeUnlessInside(attach.button);
  assert.equal(attach.open, true, 'its own items and button keep it open');
  fire(attach.menu.querySelector('button')!, 'keydown', { key: 'Escape' });
  assert.deepEqual(acts, [{ kind: 'closeAttachMenu' }]);
  attach.closeUnlessInside(outside);
  assert.equal(attach.open, false);
  assert.equal(attach.button.getAttribute('aria-expanded'), 'false');
  assert.deepEqual(
    [...attach.menu.querySelectorAll<HTMLElement>('[data-attach]')].map((item) => item.dataset.attach),
    ['file', 'editors', 'terminal'],
  );
});

test('attachment chips: hidden when empty; each shows its label, size and a remove button for its id', () => {
  const chips = new AttachmentChips();
  chips.show([]);
  assert.equal(chips.element.hidden, true);
  chips.show([
    { id: 'a', label: 'cart.ts', bytes: 900 },
    { id: 'b', label: 'Terminal', bytes: 20 * 1024 },
  ]);
  assert.equal(chips.element.hidden, false);
  const shown = [...chips.element.querySelectorAll('.chip')].map((chip) => [
    chip.querySelector('.chip-label')!.textContent,
    chip.querySelector('.chip-size')!.textContent,
    chip.querySelector<HTMLElement>('.chip-remove')!.dataset.detach,
  ]);
  assert.deepEqual(shown, [
    ['cart.ts', '900 B', 'a'],
    ['Terminal', '20 KB', 'b'],
  ]);
  assert.deepEqual([chipSize(1023), chipSize(1024), chipSize(10 * 1024 - 1), chipSize(10 * 1024 + 600)], ['1023 B', '1.0 KB', '10.0 KB', '11 KB']);
});

test('agent picker: agents grouped in order, an unavailable one disabled with its reason; a change asks for that agent', () => {
  const { act, acts } = recorder();
  const picker = new AgentPicker(act);
  picker.setAgents(
    [
      { id: 'express', label: 'Express', group: 'You.com', description: 'Fast' },
      { id: 'local', label: 'Local', group: 'ACP', unavailable: 'Server not reachable' },
      { id: 'research', label: 'Research', group: 'You.com' },
    ],
    'research',
  );
  const select = picker.element.querySelector('select')!;
  const groups = [...select.querySelectorAll('optgroup')].map((group) => [
    group.getAttribute('label'),
    [...group.querySelectorAll('option')].map((option) => option.textContent),
  ]);
  assert.deepEqual(groups, [
    ['You.com', ['Express', 'Research']],
    ['ACP', ['Local (unavailable)']],
  ]);
  const local = select.querySelector<HTMLOptionElement>('option[value="local"]')!;
  assert.equal(local.hasAttribute('disabled'), true);
  assert.equal(local.getAttribute('title'), 'Server not reachable');
  assert.equal(select.value, 'research');
  picker.setDemo(true);
  assert.equal(picker.element.querySelector<HTMLElement>('.badge')!.hidden, false);
  picker.setDemo(false);
  assert.equal(picker.element.querySelector<HTMLElement>('.badge')!.hidden, true);
  select.value = 'express';
  fire(select, 'change');
  assert.deepEqual(acts, [{ kind: 'selectAgent', agentId: 'express' }]);
});

test('announcer: how a turn ended, a finished answer read without marks and cut at 200 characters', () => {
  const announcer = new Announcer(() => undefined);
  const long = `**Bold** see [docs](https://docs.example/) ${'word '.repeat(60)}`;
  announcer.turnEnded(turn('t', { answer: long }));
  const said = announcer.element.textContent ?? '';
  assert.match(said, /^Answer finished\. Bold see docs word/);
  assert.doesNotMatch(said, /\*|https:/);
  assert.ok(said.endsWith('…') && said.length <= 'Answer finished. '.length + 201);
  announcer.turnEnded(turn('t', { status: 'stopped' }));
  assert.equal(announcer.element.textContent, 'Answer stopped.');
  announcer.turnEnded(turn('t', { status: 'awaiting', awaitPrompt: 'Which file?' }));
  assert.equal(announcer.element.textContent, 'The agent asks: Which file?');
  announcer.turnEnded(turn('t', { status: 'error', error: { message: 'No key', action: 'set-key' } }));
  assert.equal(announcer.element.textContent, 'Answer failed: No key');
  assert.equal(announcer.element.getAttribute('aria-live'), 'polite');
});

test('announcer: streaming progress is read only when the answer has grown, and only while it streams', () => {
  let now: StreamingTurn | undefined;
  const announcer = new Announcer(() => now);
  announcer.say('Thinking…');
  announcer.announceProgress();
  assert.equal(announcer.element.textContent, 'Thinking…', 'nothing streams');
  now = { status: 'streaming', answer: { text: '' } };
  announcer.announceProgress();
  assert.equal(announcer.element.textContent, 'Thinking…', 'no words yet');
  now = { status: 'streaming', answer: { text: 'one two three' } };
  announcer.announceProgress();
  assert.equal(announcer.element.textContent, 'Still answering, 3 words so far');
  announcer.say('a step');
  announcer.announceProgress();
  assert.equal(announcer.element.textContent, 'a step', 'the same count is not read again');
  now = { status: 'done', answer: { text: 'one two three four' } };
  announcer.announceProgress();
  assert.equal(announcer.element.textContent, 'a step');
});

test('transcript: the empty state unless history is read; turns start, end, go; the last plain question; edit counts later turns', async () => {
  const md = createMarkdown();
  const transcript = new Transcript(() => turnRenderer(md), recorder().act);
  document.body.replaceChildren(transcript.element);
  transcript.show([], null, true);
  assert.equal(transcript.element.querySelector('.empty-state'), null, 'restoring: nothing yet');
  transcript.show([], null, false);
  assert.ok(transcript.element.querySelector('.empty-state'));
  transcript.turnStarted(turn('a', { status: 'streaming', answer: '' }));
  transcript.turnStarted(turn('b', { questionLabel: 'Selection in cart.ts' }));
  transcript.turnEnded(turn('c'));
  assert.equal(transcript.element.querySelector('.empty-state'), null);
  assert.deepEqual(ids(transcript), ['a', 'b', 'c']);
  assert.equal(transcript.lastPlainQuestion(), 'question c');
  transcript.remove(['c', 'missing']);
  assert.deepEqual(ids(transcript), ['a', 'b']);
  assert.equal(transcript.lastPlainQuestion(), 'question a', 'a labelled question is not recalled');
  assert.equal(transcript.turn('c'), undefined);
  assert.equal(transcript.turn(null), undefined);
  transcript.turnEnded(turn('a', { answer: 'done now' }));
  assert.equal(transcript.turn('a')!.status, 'done');
  transcript.startEdit('a', 'enter');
  assert.match(transcript.element.querySelector('.edit-note')!.textContent ?? '', /1 later/);
  transcript.setBusy(true);
  assert.equal(transcript.element.getAttribute('aria-busy'), 'true');
  const jump = transcript.jump;
  jump.hidden = false;
  transcript.jumpToLatest();
  assert.equal(jump.hidden, true);
  await new Promise((resolve) => setTimeout(resolve, 5));
});

function ids(transcript: Transcript): (string | undefined)[] {
  return [...transcript.element.querySelectorAll<HTMLElement>('.turn')].map((el) => el.dataset.turnId);
}
