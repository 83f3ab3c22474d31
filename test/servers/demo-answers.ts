/**
 * Canned Markdown answers for the local demo and test servers. Realistic on purpose:
 * headings, lists, a table, code in several languages and inline `[[n]](url)` citations,
 * so the renderer meets what the real agents send.
 */

export interface DemoSource {
  url: string;
  title: string;
  snippet: string;
}

export const DEMO_SOURCES: DemoSource[] = [
  {
    url: 'https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events/Using_server-sent_events',
    title: 'Using server-sent events - Web APIs | MDN',
    snippet: 'Developing a web application that uses server-sent events is straightforward: the server sends a stream of text events.',
  },
  {
    url: 'https://nodejs.org/api/stream.html',
    title: 'Stream | Node.js Documentation',
    snippet: 'A stream is an abstract interface for working with streaming data in Node.js.',
  },
  {
    url: 'https://code.visualstudio.com/api/extension-guides/webview',
    title: 'Webview API | Visual Studio Code Extension API',
    snippet: 'The webview API allows extensions to create fully customizable views within Visual Studio Code.',
  },
  {
    url: 'https://html.spec.whatwg.org/multipage/server-sent-events.html',
    title: 'HTML Standard: Server-sent events',
    snippet: 'The EventSource interface is used to receive server-sent events over HTTP.',
  },
];

function topic(question: string): string {
  const clean = question.replace(/\[scenario:[^\]]*\]/g, '').replace(/```[\s\S]*?```/g, '').trim().split('\n')[0] ?? '';
  const short = clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
  return short || 'your question';
}

export function expressAnswer(question: string): string {
  return `#### ${topic(question)}

Here is a short answer from the **express** demo agent. Server-sent events keep one HTTP response open and push \`data:\` lines as they happen, so an answer can appear *while* it is written.

- Each event ends with a blank line.
- Comments start with a colon and keep proxies from closing idle connections.
- A client should treat a closed connection without a final event as an **interrupted** answer.

\`\`\`typescript
const response = await fetch(url, { method: 'POST', body });
for await (const chunk of response.body!) {
  parser.feed(decoder.decode(chunk, { stream: true }));
}
\`\`\`

That is all it takes to read a stream in Node 20.`;
}

export function advancedAnswer(question: string): string {
  return `## Research report: ${topic(question)}

The **advanced** demo agent planned three steps, searched the web and wrote this report. Streaming over SSE is the common choice for chat answers [[1]](${DEMO_SOURCES[0]!.url}), and Node's web streams make the body easy to consume [[2]](${DEMO_SOURCES[1]!.url}).

### Findings

1. **Transport.** SSE is plain HTTP: no upgrade, works through most proxies [[4]](${DEMO_SOURCES[3]!.url}).
2. **Rendering.** A VS Code webview renders the answer; it must set a strict Content-Security-Policy [[3]](${DEMO_SOURCES[2]!.url}).
3. **Robustness.** Chunks may split anywhere, even inside a UTF‑8 character such as “é” or “🚀”.

| Approach | Latency | Complexity | Notes |
|---|---:|---|---|
| Polling | high | low | wastes requests |
| SSE | low | low | one-way, text only |
| WebSocket | low | medium | two-way, needs upgrade |

### Example in Python

\`\`\`python
import httpx

with httpx.stream("POST", url, json=body) as response:
    for line in response.iter_lines():
        if line.startswith("data: "):
            print(line[6:])
\`\`\`

### Example in Rust

\`\`\`rust
while let Some(chunk) = stream.next().await {
    let text = std::str::from_utf8(&chunk?)?;
    parser.feed(text);
}
\`\`\`

> **Verdict:** use SSE for agent answers, and keep the parser streaming-safe.

Sources are listed below the answer.`;
}

export function customAnswer(question: string, agentId: string): string {
  return `### Custom agent \`${agentId.slice(0, 8)}\`

You asked: *${topic(question)}*

This demo custom agent answers with a checklist:

- [x] Read the question
- [x] Look for context
- [ ] Ask a follow-up if anything is unclear

\`\`\`bash
curl -N -H "Accept: text/event-stream" https://api.you.com/v1/agents/runs
\`\`\``;
}

/** Multibyte text for stream-splitting scenarios: every chunk boundary may land inside a character. */
export const UTF8_ANSWER =
  'Ünïcödé check: café, naïve, 日本語のテキスト, emoji 🚀🎉👩‍💻, math ∑∫√, arrows ←→, and Ελληνικά. Done ✅';

/** Everything a hostile server might send; none of it may run, load or navigate in the webview. */
export const HOSTILE_ANSWER = `# Hostile answer

<script>window.__pwned = 'script'</script>
<img src="x" onerror="window.__pwned = 'img'">
<svg onload="window.__pwned = 'svg'"><circle r="5"/></svg>
<iframe src="javascript:window.parent.__pwned='iframe'"></iframe>

Links: [js link](javascript:window.__pwned='link') [data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vbs](vbscript:msgbox) [cmd](command:workbench.action.quit) [file](file:///etc/passwd) [safe link](https://example.com/safe)

![img](javascript:window.__pwned='image') ![tracker](https://example.com/pixel.png)

<a href="javascript:window.__pwned='raw'">raw anchor</a> <b onmouseover="window.__pwned='hover'">hover me</b>

\`\`\`html
<script>window.__pwned = 'code'</script>
\`\`\`

Inline citation to a bad source [[1]](javascript:window.__pwned='cite') and a good one [[2]](https://example.com/safe).`;
