import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

/**
 * Code colours in every kind of theme: each token colour of the chat's fallback palettes is readable
 * (WCAG AA, 4.5:1) on the editor background of that kind's built-in themes, which code blocks sit on.
 */
const css = readFileSync(new URL('../../src/webview/style.css', import.meta.url), 'utf8');

/** Editor backgrounds of VS Code's built-in themes, by the body class a webview gets. */
const EDITOR_BACKGROUNDS: Record<string, string[]> = {
  'vscode-light': ['#ffffff'], // Light Modern, Light+
  'vscode-dark': ['#1f1f1f', '#1e1e1e'], // Dark Modern, Dark+
  'vscode-high-contrast': ['#000000'],
  'vscode-high-contrast-light': ['#ffffff'],
};

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** The `--hl-*` palette declared for `body.<kind>` (the dark one also on :root, the default). */
function palette(kind: string): Record<string, string> {
  const block = new RegExp(`body\\.${kind}\\s*\\{([^}]*)\\}`).exec(css)?.[1];
  assert.ok(block, `a palette for ${kind}`);
  return Object.fromEntries([...block.matchAll(/--hl-([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

test('the contrast formula gives the WCAG figures (black on white 21:1, #767676 on white 4.54:1)', () => {
  assert.equal(contrast('#000000', '#ffffff').toFixed(1), '21.0');
  assert.equal(contrast('#767676', '#ffffff').toFixed(2), '4.54');
});

test('every token colour of every theme kind is at least 4.5:1 on that kind’s editor background', () => {
  const low: string[] = [];
  for (const [kind, backgrounds] of Object.entries(EDITOR_BACKGROUNDS)) {
    const colours = palette(kind);
    assert.ok(Object.keys(colours).length >= 10, `${kind} has a full palette`);
    for (const [token, colour] of Object.entries(colours))
      for (const background of backgrounds) {
        const ratio = contrast(colour, background);
        if (ratio < 4.5) low.push(`${kind} ${token} ${colour} on ${background}: ${ratio.toFixed(2)}`);
      }
  }
  assert.deepEqual(low, []);
});

test('code blocks sit on the editor background with the editor text colour, and no token uses an icon colour', () => {
  assert.match(css, /\.code-block \{[^}]*background: var\(--vscode-editor-background\)/);
  assert.match(css, /\.code-block \{[^}]*color: var\(--vscode-editor-foreground\)/);
  assert.doesNotMatch(css, /\.hljs[^{]*\{[^}]*symbolIcon/);
});
