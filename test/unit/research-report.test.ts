import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Turn } from '../../src/core/conversation';
import { conversationToMarkdown } from '../../src/core/exportMarkdown';
import { parseTurnValue } from '../../src/core/historySchema';
import { reportFileName, reportMarkdown } from '../../src/core/researchReport';
import { addSpend, countingAccepted, formatDollars, todaySpend } from '../../src/core/researchSpend';

const turn: Turn = {
  id: 't1',
  question: 'How do *Rust* lifetimes work?',
  agentId: 'you:research',
  agentLabel: 'You.com Research',
  answer: 'Lifetimes are scopes [[1]](https://doc.rust-lang.org/book/ch10-03.html) [[2]](https://example.com/a).',
  citations: [
    { index: 1, url: 'https://doc.rust-lang.org/book/ch10-03.html', title: 'Validating References', snippet: 'one', snippets: ['one', 'two <b>'], host: 'doc.rust-lang.org' },
    { index: 2, url: 'https://example.com/a', title: '', snippet: '', host: 'example.com' },
  ],
  status: 'done',
  startedAt: Date.UTC(2026, 11, 3, 9, 0),
  finishedAt: Date.UTC(2026, 11, 3, 9, 2),
  research: { effort: 'deep', background: true, taskId: 'task-9', submittedAt: 1 },
};

describe('research report file', () => {
  test('has the question, effort, date, the report and a numbered source list with every snippet, escaped', () => {
    const md = reportMarkdown(turn, 'Deep ($0.10)');
    assert.match(md, /^# How do \\\*Rust\\\* lifetimes work\?/);
    assert.match(md, /\*\*Effort:\*\* Deep \(\$0\.10\)|\*\*Effort:\*\* Deep \\\(\$0\.10\\\)/);
    assert.match(md, /\*\*Date:\*\* 2026-12-03T09:02:00\.000Z/);
    assert.match(md, /\*\*Task:\*\* `task-9`/);
    assert.match(md, /Lifetimes are scopes \[\[1\]\]/);
    assert.match(md, /## Sources\n\n1\. \[Validating References\]\(https:\/\/doc\.rust-lang\.org\/book\/ch10-03\.html\)\n {3}> one\n {3}> two &lt;b&gt;/);
    assert.match(md, /2\. \[example\.com\]\(https:\/\/example\.com\/a\)/);
  });

  test('the file name is the date and the question; a taken name gets a number, never overwritten', async () => {
    const at = new Date(Date.UTC(2026, 11, 3, 12));
    const taken = new Set(['2026-12-03-how-do-rust-lifetimes-work.md', '2026-12-03-how-do-rust-lifetimes-work-2.md']);
    assert.equal(await reportFileName('How do Rust lifetimes work?', at, async (n) => taken.has(n)), '2026-12-03-how-do-rust-lifetimes-work-3.md');
    assert.equal(await reportFileName('Café ../../etc/passwd', at, async () => false), '2026-12-03-cafe-etc-passwd.md');
    assert.equal(await reportFileName('???', at, async () => false), '2026-12-03-research.md');
    await assert.rejects(reportFileName('x', at, async () => true), /no free file name/);
  });

  test('export and history keep the effort, the task and every snippet', () => {
    const back = parseTurnValue(JSON.parse(JSON.stringify(turn)));
    assert.deepEqual(back, turn);
    const md = conversationToMarkdown({ id: 'c', title: 'R', createdAt: 0, updatedAt: 0, turns: [turn] });
    assert.match(md, /\*\*Research effort:\*\* deep \(task `task-9`\)/);
    assert.match(md, / {3}> two &lt;b&gt;/);
    // A research field that is not well formed rejects the turn (history takes a file whole or not at all).
    assert.equal(parseTurnValue({ ...turn, research: { effort: 'huge', background: true } }), undefined);
    assert.equal(parseTurnValue({ ...turn, research: { effort: 'deep', background: true, taskId: '../x' } }), undefined);
  });
});

describe('research spend estimate', () => {
  test('adds per local day and starts again the next day', () => {
    const day1 = new Date(2026, 11, 3, 10);
    let spend = addSpend(undefined, 0.1, day1);
    spend = addSpend(spend, 0.012, day1);
    assert.deepEqual(spend, { day: '2026-12-03', runs: 2, dollars: 0.112 });
    assert.deepEqual(todaySpend(spend, new Date(2026, 11, 4, 1)), { day: '2026-12-04', runs: 0, dollars: 0 });
    assert.deepEqual(todaySpend({ day: '2026-12-03', runs: -1, dollars: 3 }, day1).runs, 0);
    assert.equal(formatDollars(0.012), '$0.012');
    assert.equal(formatDollars(1.2), '$1.20');
    assert.equal(formatDollars(0.112), '$0.112');
  });
});

test('the spend estimate counts a call once, when You.com took it: not a call refused before, not a resumed task', async () => {
  const run = async (events: { type: string }[]) => {
    let count = 0;
    async function* source() {
      yield* events;
    }
    const seen: string[] = [];
    for await (const event of countingAccepted(source(), () => count++)) seen.push(event.type);
    assert.deepEqual(seen, events.map((e) => e.type), 'every event passes through, in order');
    return count;
  };
  assert.equal(await run([{ type: 'progress' }, { type: 'started' }, { type: 'text' }, { type: 'started' }, { type: 'done' }]), 1);
  assert.equal(await run([{ type: 'progress' }, { type: 'error' }]), 0, 'a 402 or 422 before the task exists is not billed');
  assert.equal(await run([]), 0);
});
