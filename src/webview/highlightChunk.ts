import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import type { LanguageFn } from 'highlight.js';
import { HIGHLIGHTER_GLOBAL, type Highlighter } from './highlightApi';
import type { Grammar } from './highlightLanguages';

// Entry of dist/webview-highlight.js, loaded on the first code block: highlight.js core with only
// the grammars the fence mapping names (the full build would be several times larger).
const grammars: Record<Grammar, LanguageFn> = {
  typescript, javascript, python, java, c, cpp, csharp, go, rust, bash, shell, json, yaml, xml, css, sql, markdown, diff,
};
for (const [name, grammar] of Object.entries(grammars)) hljs.registerLanguage(name, grammar);

const highlighter: Highlighter = {
  highlight: (code, grammar) => hljs.highlight(code, { language: grammar, ignoreIllegals: true }).value,
};
(globalThis as Record<string, unknown>)[HIGHLIGHTER_GLOBAL] = highlighter;
