import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chatShortcut, composerAction, type ComposerKey } from '../../src/webview/composerKeys';

const key = (k: string, mods: Partial<ComposerKey> = {}): ComposerKey => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  isComposing: false,
  ...mods,
});
const idle = { sendKey: 'enter' as const, empty: false, busy: false };

test('send key Enter: Enter sends, Shift+Enter is a new line, IME composition is left alone', () => {
  assert.equal(composerAction(key('Enter'), idle), 'send');
  assert.equal(composerAction(key('Enter', { shiftKey: true }), idle), 'none');
  assert.equal(composerAction(key('Enter', { isComposing: true }), idle), 'none');
});

test('send key Ctrl/Cmd+Enter: Enter is a new line, Ctrl+Enter or Cmd+Enter sends', () => {
  const state = { ...idle, sendKey: 'ctrlEnter' as const };
  assert.equal(composerAction(key('Enter'), state), 'none');
  assert.equal(composerAction(key('Enter', { ctrlKey: true }), state), 'send');
  assert.equal(composerAction(key('Enter', { metaKey: true }), state), 'send');
  assert.equal(composerAction(key('Enter', { ctrlKey: true, shiftKey: true }), state), 'none');
});

test('Up recalls the last question only in an empty composer', () => {
  assert.equal(composerAction(key('ArrowUp'), { ...idle, empty: true }), 'recall');
  assert.equal(composerAction(key('ArrowUp'), idle), 'none', 'Up moves the caret in a typed question');
  assert.equal(composerAction(key('ArrowUp', { shiftKey: true }), { ...idle, empty: true }), 'none');
});

test('Escape stops a run, and only while one is running', () => {
  assert.equal(composerAction(key('Escape'), { ...idle, busy: true }), 'stop');
  assert.equal(composerAction(key('Escape'), idle), 'none');
});

test('Ctrl+L or Cmd+L anywhere in the chat starts a new chat; with Shift, Alt or during IME composition it does not', () => {
  assert.equal(chatShortcut(key('l', { ctrlKey: true })), 'newChat');
  assert.equal(chatShortcut(key('L', { metaKey: true })), 'newChat');
  assert.equal(chatShortcut(key('l')), undefined);
  assert.equal(chatShortcut(key('l', { ctrlKey: true, shiftKey: true })), undefined);
  assert.equal(chatShortcut(key('l', { ctrlKey: true, altKey: true })), undefined);
  assert.equal(chatShortcut(key('l', { ctrlKey: true, isComposing: true })), undefined);
  assert.equal(chatShortcut(key('k', { ctrlKey: true })), undefined);
  assert.equal(chatShortcut(key('F2', { altKey: true })), 'accessibleView');
  assert.equal(chatShortcut(key('F2')), undefined);
  assert.equal(chatShortcut(key('F2', { altKey: true, ctrlKey: true })), undefined);
  assert.equal(chatShortcut(key('F2', { altKey: true, shiftKey: true })), undefined);
});
