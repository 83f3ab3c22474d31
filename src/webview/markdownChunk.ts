import { MARKDOWN_GLOBAL } from './markdownLoader';
import { createMarkdown } from './markdownRenderer';

// Entry of dist/webview-markdown.js: the Markdown renderer (markdown-it and its parts, three
// quarters of the chat's code), kept out of the first paint's bundle. The page carries it when it
// opens on turns; else it loads when the first answer starts (src/webview/main.ts).
(globalThis as Record<string, unknown>)[MARKDOWN_GLOBAL] = createMarkdown();
