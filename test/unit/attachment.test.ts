import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { A2aEventMapper } from '../../src/core/a2a/events';
import { AcpEventMapper } from '../../src/core/acp/events';
import { attachmentName, mediaTypeLabel } from '../../src/core/attachment';
import { linkTarget } from '../../src/core/exportMarkdown';
import type { RunEvent } from '../../src/core/events';
import { createMarkdown } from '../../src/webview/markdownRenderer';

/**
 * A file an agent sends shows as `📎 name (type)` in its answer, the same way for ACP and A2A
 * (src/core/attachment.ts). Its name and type come from the server: they cannot break out of the
 * Markdown around them, and only the part that is shown is read, so a megabyte name costs what a
 * short one does (properties over random text, seeded).
 */
/** Any text, and text made of what Markdown and links care about. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: fc.constantFrom('\\', '[', ']', '(', ')', '`', '*', '_', '<', '>', '!', '&', '\n', '\r', ' ', 'a', '/', ';'), maxLength: 400 }),
);
const SETTINGS = { seed: 20261204, numRuns: 300 };

const md = createMarkdown();
const unescaped = (name: string) => name.replaceAll('\\\\', '\\');

test('a name never carries brackets, backticks or line breaks, shows at most 200 characters, is never blank, and never breaks its link', () => {
  fc.assert(
    fc.property(text, (name) => {
      const shown = attachmentName(name, 'file');
      assert.doesNotMatch(shown, /[[\]`\n\r]/);
      assert.ok(shown.length > 0 && unescaped(shown).length <= 200, `length ${shown.length}`);
      assert.equal(shown, shown.trim());
      // As the answer shows it: one link, the whole line, whatever the name.
      const html = md.render(`📎 [${shown}](https://f.example/a.png) (image/png)`);
      assert.equal(html.match(/<a /g)?.length, 1, html);
      assert.match(html, /<\/a> \(image\/png\)<\/p>\n$/, html);
    }),
    SETTINGS,
  );
  assert.equal(attachmentName('  \n ', 'file'), 'file');
  assert.equal(attachmentName(42, 'attachment'), 'attachment');
  assert.equal(attachmentName(' [report](x) `v2`.pdf ', 'file'), 'report (x)  v2 .pdf');
  assert.equal(attachmentName('C:\\reports\\ ', 'file'), 'C:\\\\reports\\\\');
});

test('only the shown part of a name or media type is read: what follows it changes nothing', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 255, maxLength: 300 }), text, (head, tail) => {
      assert.equal(attachmentName(head + tail, 'file'), attachmentName(head, 'file'));
      assert.equal(mediaTypeLabel(head + tail), mediaTypeLabel(head));
    }),
    SETTINGS,
  );
  // Cleaned first and cut after, this would show the type: the cost of cleaning a megabyte is the bench's (--only=adversarial).
  assert.equal(mediaTypeLabel(`${';'.repeat(300)}image/png`), '');
});

test('a media type keeps only the characters media types have, at most 100', () => {
  fc.assert(
    fc.property(text, (type) => {
      const shown = mediaTypeLabel(type);
      assert.match(shown, /^[\w.+/-]{0,100}$/);
    }),
    SETTINGS,
  );
  assert.equal(mediaTypeLabel('application/pdf); x="<b>'), 'application/pdfxb');
  assert.equal(mediaTypeLabel(undefined), '');
});

test('a link target has no parenthesis, angle bracket or white space left to end the link', () => {
  assert.equal(linkTarget('https://f.example/a (1)<x>.pdf'), 'https://f.example/a%20%281%29%3Cx%3E.pdf');
});

test('ACP and A2A show a hostile file name the same safe way, cut to 200 characters', () => {
  const name = `${'a['.repeat(150)}\nend`;
  const acp: RunEvent[] = [];
  const part = { content_type: 'image/png', content_url: 'https://f.example/a.png', name };
  new AcpEventMapper('srv').map({ data: JSON.stringify({ type: 'message.part', part }), event: undefined, id: undefined }, acp);
  const a2a: RunEvent[] = [];
  const parts = [{ url: 'https://f.example/a.png', filename: name, mediaType: 'image/png' }];
  new A2aEventMapper('srv').map({ artifactUpdate: { taskId: 't1', contextId: 'c1', artifact: { artifactId: 'a', parts } } }, a2a);
  const shown = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join('');
  const line = `📎 [${'a '.repeat(100).trim()}](https://f.example/a.png) (image/png)`;
  assert.ok(shown(acp).includes(line), shown(acp));
  assert.ok(shown(a2a).includes(line), shown(a2a));
});
