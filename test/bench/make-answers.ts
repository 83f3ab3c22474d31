import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { advancedAnswer, customAnswer, expressAnswer } from '../../src/demo/answers';

/**
 * Writes the recorded long answers the render benchmark replays (test/fixtures/answer-*.md):
 * realistic Markdown (headings, lists, tables, code in several languages, citations) built
 * from the demo answers, numbered so no two sections are identical.
 */
function answerOf(targetBytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 1; size < targetBytes; i++) {
    const section = [advancedAnswer(`section ${i}`), expressAnswer(`part ${i}`), customAnswer(`item ${i}`, `0000000${i}-b4de-4d8f-9dfd-cff206a5cb51`)][i % 3]!;
    const text = `${section}\n\n`;
    parts.push(text);
    size += Buffer.byteLength(text);
  }
  return parts.join('').slice(0, targetBytes).trimEnd() + '\n';
}

for (const [name, bytes] of [['answer-30k.md', 30 * 1024], ['answer-120k.md', 120 * 1024]] as const) {
  writeFileSync(join(__dirname, '..', 'fixtures', name), answerOf(bytes));
}
