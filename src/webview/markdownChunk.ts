import { MARKDOWN_GLOBAL } from './markdownLoader';
import { createMarkdown } from './markdownRenderer';

// Entry of dist/webview-markdown.js: the Markdown renderer (markdown-it and its parts, three
// quarters of the chat's code), kept out of the first paint's bundle. The page loads it at once
// when it opens on turns, else right after its first paint.
(globalThis as Record<string, unknown>)[MARKDOWN_GLOBAL] = createMarkdown();
