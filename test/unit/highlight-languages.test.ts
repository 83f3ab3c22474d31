import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FENCE_NAMES, grammarForFence } from '../../src/webview/highlightLanguages';
import { highlightClasses } from '../../src/webview/sanitize';

test('fence names select the highlight.js grammar, whatever their case or spelling', () => {
  const expected: Record<string, string> = {
    ts: 'typescript', tsx: 'typescript', TypeScript: 'typescript', js: 'javascript', jsx: 'javascript', mjs: 'javascript',
    py: 'python', python3: 'python', java: 'java', c: 'c', h: 'c', 'c++': 'cpp', cpp: 'cpp', 'C++': 'cpp', cs: 'csharp',
    csharp: 'csharp', 'c#': 'csharp', go: 'go', golang: 'go', rs: 'rust', rust: 'rust', sh: 'bash', bash: 'bash',
    shell: 'bash', zsh: 'bash', console: 'shell', json: 'json', jsonc: 'json', yml: 'yaml', yaml: 'yaml', html: 'xml',
    xml: 'xml', css: 'css', sql: 'sql', postgresql: 'sql', md: 'markdown', markdown: 'markdown', diff: 'diff', patch: 'diff',
  };
  for (const [fence, grammar] of Object.entries(expected)) assert.equal(grammarForFence(fence), grammar, fence);
});

test('an unknown or missing fence language stays plain (no auto-detection)', () => {
  for (const fence of ['', undefined, 'text', 'plaintext', 'brainfuck', 'ts2', 'python!', '__proto__', 'constructor', 'toString']) {
    assert.equal(grammarForFence(fence), undefined, String(fence));
  }
});

test('every grammar the mapping names is registered by the chunk, and each fence name maps to one grammar', () => {
  const chunk = readFileSync(join(__dirname, '..', '..', 'src', 'webview', 'highlightChunk.ts'), 'utf8');
  const seen = new Set<string>();
  for (const [grammar, names] of Object.entries(FENCE_NAMES)) {
    assert.match(chunk, new RegExp(`^import ${grammar} from 'highlight\\.js/lib/languages/${grammar}';$`, 'm'), grammar);
    for (const name of names) {
      assert.ok(!seen.has(name), `${name} is listed twice`);
      assert.equal(name, name.toLowerCase());
      seen.add(name);
    }
  }
});

test('the sanitiser keeps only highlight.js token classes on highlighter spans', () => {
  assert.deepEqual(highlightClasses('hljs-keyword'), ['hljs-keyword']);
  assert.deepEqual(highlightClasses('hljs-title function_'), ['hljs-title']);
  assert.deepEqual(highlightClasses('hljs-meta  hljs-string'), ['hljs-meta', 'hljs-string']);
  for (const hostile of ['', 'code-block', 'cite', 'hljs-', 'hljs-"x', 'hljs-a b"', 'codicon codicon-copy', 'hljs-x<script>', 'HLJS-keyword']) {
    assert.deepEqual(highlightClasses(hostile).filter((c) => !/^hljs-[a-z][\w-]*$/.test(c)), [], hostile);
  }
  assert.deepEqual(highlightClasses('code-block cite icon-button'), []);
  assert.deepEqual(highlightClasses(`hljs-${'a'.repeat(60)}`), []);
});
