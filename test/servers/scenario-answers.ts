/** Answers only the test server sends, for its `split-utf8`, `hostile` and `code-ts-python` scenarios. */

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

/** Two short fenced blocks, `ts` and `python`, each with keywords, strings and a function name to highlight. */
export const CODE_TS_PYTHON_ANSWER = `Reading a file's lines, in TypeScript and in Python:

\`\`\`ts
import { readFile } from 'node:fs/promises';

export async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  return text.split('\\n').filter((line) => line.length > 0);
}
\`\`\`

\`\`\`python
def read_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\\n") for line in f if line.strip()]
\`\`\`

Both skip empty lines.`;
