import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { escapeCodePoint, hasHidden, hiddenCodePoints, showHidden } from '../../src/core/visibleText';
import { toolConfirmation } from '../../src/host/common/nativeChat/choices';

/**
 * What a confirmation shows is what is sent (src/core/visibleText.ts): every invisible,
 * reordering or control character is written out as ⟨U+XXXX⟩.
 */
const RUNS = { seed: 16_05, numRuns: 300 };

/** Characters that must never reach the screen as themselves. */
const HIDDEN_SAMPLES = [
  0xe0000, 0xe0001, 0xe0041, 0xe007f, // tag characters (ASCII smuggling)
  0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x034f, 0xfe0f, // zero-width, joiners, BOM, soft hyphen, variation selector
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c, // bidi
  0x00, 0x07, 0x08, 0x0b, 0x0c, 0x0d, 0x1b, 0x7f, 0x85, 0x9b, 0x2028, 0x2029, // controls, separators
];
const hiddenChar = fc.constantFrom(...HIDDEN_SAMPLES.map((cp) => String.fromCodePoint(cp)));
/** Visible text: letters, digits, punctuation, emoji, CJK, newlines and tabs. */
const visibleChar = fc.oneof(
  fc.constantFrom('a', 'Z', '0', ' ', '.', '`', '*', '[', ']', '\n', '\t', '€', 'é', '中', '😀', '⟩', 'U', '+'),
  fc.integer({ min: 0x21, max: 0x7e }).map((cp) => String.fromCodePoint(cp)),
);
const mixedChar = fc.oneof({ weight: 4, arbitrary: visibleChar }, { weight: 1, arbitrary: hiddenChar });
const mixedText = fc.array(mixedChar, { maxLength: 60 }).map((parts) => parts.join(''));

/** Reads `showHidden`'s output back: each ⟨U+XXXX⟩ is the one character it names. */
function decode(shown: string): string {
  return shown.replace(/⟨U\+([0-9A-F]{4,6})⟩/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
}

describe('showHidden', () => {
  test('examples: tag characters, bidi overrides, zero-width and controls are written out; tab and newline stay', () => {
    const smuggled = `search docs${[...'KEY=abc'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')}`;
    assert.equal(showHidden(smuggled), 'search docs⟨U+E004B⟩⟨U+E0045⟩⟨U+E0059⟩⟨U+E003D⟩⟨U+E0061⟩⟨U+E0062⟩⟨U+E0063⟩');
    assert.equal(showHidden('abc\u202Edcba'), 'abc⟨U+202E⟩dcba');
    assert.equal(showHidden('a\u200Bb\u2066c\u2069'), 'a⟨U+200B⟩b⟨U+2066⟩c⟨U+2069⟩');
    assert.equal(showHidden('line\tone\nline\rtwo\x1b[31m'), 'line\tone\nline⟨U+000D⟩two⟨U+001B⟩[31m');
    assert.equal(showHidden('plain text, émoji 😀, 中文'), 'plain text, émoji 😀, 中文');
    // A written-out escape in the text cannot pass for one.
    assert.equal(showHidden('⟨U+202E⟩'), '⟨U+27E8⟩U+202E⟩');
    assert.equal(escapeCodePoint(0x7), '⟨U+0007⟩');
    assert.deepEqual(hiddenCodePoints('a\u202Eb\u202Ec\u200B⟨'), [0x202e, 0x200b]);
    assert.equal(hasHidden('⟨ only a bracket'), false);
    assert.equal(hasHidden('x\uFEFF'), true);
  });

  test('property: the output has no hidden character left, and reads back to exactly the input', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        const shown = showHidden(text);
        assert.equal(hasHidden(shown), false);
        for (const ch of shown) assert.ok(!HIDDEN_SAMPLES.includes(ch.codePointAt(0)!), `left: U+${ch.codePointAt(0)!.toString(16)}`);
        assert.equal(decode(shown), text);
      }),
      RUNS,
    );
  });

  test('property: over any code point at all, nothing default-ignorable, bidi or control survives', () => {
    const anyText = fc.array(fc.integer({ min: 0, max: 0x10ffff }).filter((cp) => cp < 0xd800 || cp > 0xdfff), { maxLength: 40 });
    fc.assert(
      fc.property(anyText, (points) => {
        const shown = showHidden(String.fromCodePoint(...points));
        assert.doesNotMatch(shown, /[\p{Default_Ignorable_Code_Point}\u2028\u2029]|(?![\t\n])\p{Cc}/u);
        assert.equal(decode(shown), String.fromCodePoint(...points));
      }),
      RUNS,
    );
  });

  test('text without hidden characters is shown unchanged', () => {
    const plain = fc.array(visibleChar, { maxLength: 80 }).map((parts) => parts.join('').replace(/⟨/g, ''));
    fc.assert(fc.property(plain, (text) => assert.equal(showHidden(text), text)), RUNS);
  });

  test('linear: 1 MiB of hidden characters is escaped in one pass', () => {
    const big = '\u202E'.repeat(1024 * 1024);
    const shown = showHidden(big);
    assert.equal(shown.length, big.length * '⟨U+202E⟩'.length);
  });
});

describe('the #youcom tool confirmation shows what is sent', () => {
  test('a query with tag characters and a bidi override: the confirmation writes them out and names them', () => {
    const secret = [...'sk-123'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    const query = `weather in Paris${secret} \u202Etxet`;
    const { message } = toolConfirmation(query, 'api.you.com');
    assert.ok(message.includes('weather in Paris⟨U+E0073⟩⟨U+E006B⟩⟨U+E002D⟩⟨U+E0031⟩⟨U+E0032⟩⟨U+E0033⟩ ⟨U+202E⟩txet'), message);
    assert.match(message, /invisible or reordering characters, shown as ⟨U\+E0073⟩ ⟨U\+E006B⟩ .*⟨U\+202E⟩; they are sent as they are/);
    assert.equal(hasHidden(message), false, 'nothing in the confirmation is invisible');
  });

  test('property: the confirmation never holds a hidden character, and its fenced text reads back to the query', () => {
    fc.assert(
      fc.property(mixedText.filter((q) => q.trim().length > 0), (query) => {
        const { message } = toolConfirmation(query, 'api.you.com');
        assert.equal(hasHidden(message), false);
        const fenced = /\n(`{3,})text\n([\s\S]*)\n\1$/.exec(message);
        assert.ok(fenced, message);
        assert.equal(decode(fenced[2]!), query);
        assert.equal(message.includes('sent as they are'), hasHidden(query));
      }),
      RUNS,
    );
  });
});
