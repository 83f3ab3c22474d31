import { TURNS_CHUNK_GLOBAL } from './markdownLoader';
import { createMarkdown } from './markdownRenderer';
import { turnRenderer } from './turnView';

// Entry of dist/webview-markdown.js, the turns chunk: the Markdown renderer (markdown-it and its
// parts, three quarters of the chat's code) and the turns' views, kept out of the first paint's
// bundle. The page carries it when it opens on turns; else it loads when the first answer starts
// (src/webview/main.ts).
(globalThis as Record<string, unknown>)[TURNS_CHUNK_GLOBAL] = turnRenderer(createMarkdown());
