import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { linkCitationMarkers, researchCitations } from '../../src/core/you/researchCitations';
import { createMarkdown } from '../../src/webview/markdownRenderer';

const SOURCES = [
  { url: 'https://one.example/a', title: 'One', snippets: ['first snippet', 'second snippet'] },
  { url: 'https://two.example/b_(c)', title: '  ', snippets: [] },
  { url: 'javascript:alert(1)', title: 'Evil' },
  { url: 'https://four.example/', snippets: ['', 'only this', 3] },
];

describe('research sources as citations', () => {
  test('title, URL, host and snippets; index is the source position even when one is dropped', () => {
    const citations = researchCitations(SOURCES);
    assert.deepEqual(
      citations.map((c) => [c.index, c.url, c.host, c.title, c.snippet, c.snippets]),
      [
        [1, 'https://one.example/a', 'one.example', 'One', 'first snippet', ['first snippet', 'second snippet']],
        [2, 'https://two.example/b_(c)', 'two.example', 'two.example', '', undefined],
        [4, 'https://four.example/', 'four.example', 'four.example', 'only this', ['only this']],
      ],
    );
    assert.deepEqual(researchCitations('not a list'), []);
  });
});

describe('[[n]] markers', () => {
  const citations = researchCitations(SOURCES);

  test('[[1]] and [[1, 2]] become numbered links to their sources', () => {
    assert.equal(linkCitationMarkers('A [[1]].', citations), 'A [[1]](<https://one.example/a>).');
    assert.equal(
      linkCitationMarkers('B [[1, 2]] and [[4,1]]', citations),
      'B [[1]](<https://one.example/a>)[[2]](<https://two.example/b_(c)>) and [[4]](<https://four.example/>)[[1]](<https://one.example/a>)',
    );
  });

  test('out-of-range markers, and markers naming a dropped source, stay as written', () => {
    for (const text of ['[[0]]', '[[5]]', '[[3]]', '[[1, 9]]', '[[]]', '[[a]]', '[[1,,2]]', '[[ 1 2 ]]', '[[1]', '[1]']) {
      assert.equal(linkCitationMarkers(text, citations), text, text);
    }
  });

  test('the rendered report shows citation links the webview marks (text [n], href the source URL)', () => {
    const html = createMarkdown().render(linkCitationMarkers('See [[1, 2]]; not [[7]].', citations));
    assert.equal(html.trim(), '<p>See <a href="https://one.example/a">[1]</a><a href="https://two.example/b_(c)">[2]</a>; not [[7]].</p>');
  });

  test('property: every in-range marker becomes exactly its links, everything else stays as written', () => {
    const href = new Map(citations.map((c) => [c.index, `<${new URL(c.url).href}>`]));
    // Plain text has no `]`, so none of it can close a marker; it may still hold `[[`.
    const plain = fc.string({ unit: fc.constantFrom('a', ' ', '[', '1', ',', '(', '\n'), maxLength: 40 });
    const marker = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(fc.tuple(plain, marker), { maxLength: 6 }), plain, (pieces, tail) => {
        const text = pieces.map(([p, m]) => `${p} [[${m.join(', ')}]] `).join('') + tail;
        const expected =
          pieces
            .map(([p, m]) => {
              const linked = m.every((n) => href.has(n)) ? m.map((n) => `[[${n}]](${href.get(n)})`).join('') : `[[${m.join(', ')}]]`;
              return `${p} ${linked} `;
            })
            .join('') + tail;
        assert.equal(linkCitationMarkers(text, citations), expected);
      }),
      { seed: 19, numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const noMarkers = text.replaceAll('[', '(');
        assert.equal(linkCitationMarkers(noMarkers, citations), noMarkers);
      }),
      { seed: 20, numRuns: 300 },
    );
  });

  test('a long source URL repeated by many markers: the links add at most twice the report + 1 MiB; the markers past that stay as written', () => {
    const longUrl = [{ url: `https://long.example/${'p'.repeat(8 * 1024)}` }];
    const report = '[[1]] '.repeat(200_000);
    const linked = linkCitationMarkers(report, researchCitations(longUrl));
    assert.ok(linked.length <= 3 * report.length + 1024 * 1024, `${linked.length}`);
    const links = linked.split('[[1]](<https://long.example/').length - 1;
    assert.ok(links > 100, `the first markers are linked (${links})`);
    assert.ok(linked.endsWith('[[1]] [[1]] '), 'the last ones stay as written');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 0, max: 3_000 }), (markers, urlChars) => {
        const text = '[[1, 1]]'.repeat(markers);
        const out = linkCitationMarkers(text, researchCitations([{ url: `https://e.example/${'u'.repeat(urlChars)}` }]));
        assert.ok(out.length <= 3 * text.length + 1024 * 1024);
      }),
      { seed: 23, numRuns: 60 },
    );
  });

  test('big reports: 32k unclosed [[ stay as they are, 20k markers all become links (growth is checked in adversarial.test.ts)', () => {
    const open = '[['.repeat(32 * 1024);
    assert.equal(linkCitationMarkers(open, citations), open);
    const many = '[[1]] '.repeat(20_000);
    assert.equal(linkCitationMarkers(many, citations).split('](<https://one.example/a>)').length - 1, 20_000);
  });
});
