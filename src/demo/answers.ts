/**
 * Canned Markdown answers of the demo agent (and the local test server). Realistic on purpose:
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
  // Code from an "ask about selection" would make a poor heading; the first line of prose does.
  const clean = question.replace(/```[\s\S]*?```/g, '').trim().split('\n')[0] ?? '';
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

/** The canned answer for an agent: `express`, `advanced`, or a custom agent's id. */
export function demoAnswer(agent: string, question: string): string {
  if (agent === 'express') return expressAnswer(question);
  if (agent === 'advanced') return advancedAnswer(question);
  return customAnswer(question, agent);
}
