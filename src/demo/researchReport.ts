/**
 * The demo's canned Research report and its sources: Markdown with `[[n]]` and `[[n, m]]` markers
 * pointing into `sources` (1-based), each source with a title, a URL and snippets, as
 * `POST /v1/research` returns them. Also the Answer, Search and Contents stand-ins' bodies.
 */

export interface ResearchSource {
  url: string;
  title: string;
  snippets: string[];
}

export const RESEARCH_SOURCES: ResearchSource[] = [
  {
    url: 'https://html.spec.whatwg.org/multipage/server-sent-events.html',
    title: 'HTML Standard: Server-sent events',
    snippets: [
      'The EventSource interface is used to receive server-sent events.',
      'Lines starting with a colon are comments; servers send them to keep a connection alive.',
    ],
  },
  {
    url: 'https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events/Using_server-sent_events',
    title: 'Using server-sent events - Web APIs | MDN',
    snippets: ['When a connection drops, the browser reconnects and sends the Last-Event-ID header with the last id it received.'],
  },
  {
    url: 'https://nodejs.org/api/stream.html',
    title: 'Stream | Node.js Documentation',
    snippets: ['A stream is an abstract interface for working with streaming data in Node.js.'],
  },
  {
    url: 'https://code.visualstudio.com/api/extension-guides/webview',
    title: 'Webview API | Visual Studio Code Extension API',
    snippets: ['Webviews should set a Content Security Policy that allows only what they need.'],
  },
];

/** Progress the demo's background task reports while it "works" (stream event name, message). */
export const RESEARCH_STEPS: readonly { event: string; message: string }[] = [
  { event: 'research.planning', message: 'Planning the research' },
  { event: 'research.searching', message: 'Searching the web for server-sent events and reconnection' },
  { event: 'research.reading', message: 'Reading 4 sources' },
  { event: 'research.writing', message: 'Writing the report' },
];

function topic(question: string): string {
  const clean = question.replace(/\[scenario:[^\]]*\]/g, '').trim().split('\n')[0] ?? '';
  const short = clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
  return short || 'your question';
}

export function researchReport(question: string, effort: string): string {
  return `## ${topic(question)}

This is the **${effort}** demo research report. Server-sent events keep one HTTP response open and push events as they happen [[1]];
a client that loses the connection reconnects and asks for the events after the last one it saw [[1, 2]].

### Findings

1. **Keep-alive.** Comment lines (\`: ping\`) keep proxies from closing an idle stream [[1]].
2. **Reading a stream.** Node's web streams make a response body easy to consume chunk by chunk [[3]].
3. **Showing it.** A VS Code webview renders the result under a strict Content Security Policy [[4]].

| Concern | Where it is handled |
| --- | --- |
| Reconnect | the client, from the last event id [[2]] |
| Rendering | the webview [[4]] |

A marker without a source, such as [[9]], stays as it was written.`;
}

/** The Answer stand-in's body: a short answer with `[[n]]` citations, excerpts per source, and web results. */
export function answerBody(query: string) {
  const sources = RESEARCH_SOURCES.slice(0, 2);
  return {
    answer:
      `**${topic(query)}**: server-sent events push text events over one open HTTP response [[1]]; ` +
      'clients reconnect with the last event id they saw [[2]].',
    citations: sources.map((s) => ({ source: s.url, excerpts: s.snippets })),
    results: { web: sources.map((s) => ({ url: s.url, title: s.title, description: s.snippets[0], snippets: s.snippets })) },
  };
}

/** The Search stand-in's body: `count` web results (at most the sources there are) and one news item. */
export function searchBody(query: string, count: number) {
  return {
    results: {
      web: RESEARCH_SOURCES.slice(0, Math.max(0, count)).map((s, i) => ({
        url: s.url,
        title: s.title,
        description: s.snippets[0],
        snippets: s.snippets,
        page_age: `2026-0${1 + i}-15T00:00:00`,
        authors: [],
        favicon_url: `${new URL(s.url).origin}/favicon.ico`,
      })),
      news: [{ url: 'https://example.com/news/sse', title: `News about ${topic(query)}`, description: 'A demo news item.', page_age: '2026-11-30T09:00:00' }],
    },
    metadata: { search_uuid: '00000000-0000-4000-8000-000000000000', query, latency: 0.01 },
  };
}

/** The Contents stand-in's body: one item per URL, Markdown and/or HTML as asked. */
export function contentsBody(urls: readonly string[], formats: readonly string[]) {
  return urls.map((url) => {
    const known = RESEARCH_SOURCES.find((s) => s.url === url);
    const title = known?.title ?? new URL(url).hostname;
    const text = known ? known.snippets.join('\n\n') : 'Demo page content.';
    return {
      url,
      title,
      html: formats.includes('html') ? `<h1>${title}</h1><p>${text}</p>` : null,
      markdown: formats.includes('markdown') || formats.length === 0 ? `# ${title}\n\n${text}\n` : null,
      metadata: formats.includes('metadata') ? { site_name: new URL(url).hostname, favicon_url: `${new URL(url).origin}/favicon.ico` } : null,
    };
  });
}
