import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { redact } from '../../src/core/redact';
import { decodeSse, type SseMessage } from '../../src/core/sse';
import { endpointProblem } from '../../src/core/url';
import { parseWebviewMessage } from '../../src/shared/messages';
import { createMarkdown } from '../../src/webview/markdownRenderer';
import { sanitizeToFragment } from '../../src/webview/sanitize';
import { installNodeDom } from '../tools/nodeDom';
import { encodedForms, leaked } from '../tools/secretForms';
import { cut, iterate } from './helpers';

/** Property tests (fast-check): seeded, so a failure reproduces; bounded in runs, so they stay quick. */
const SEED = 1616;
const runs = (numRuns: number) => ({ seed: SEED, numRuns });

describe('redaction', () => {
  // Secrets of key-like characters, including the ones each encoding changes; the text around
  // them uses characters no encoding of a secret produces, so what survives is a real leak.
  const secretChars = fc.constantFrom(...'abcXYZ019-_./+=:~!*()\'%&#;\\"@$ '.split(''));
  const secret = fc.string({ unit: secretChars, minLength: 8, maxLength: 40 }).filter((s) => s.trim().length >= 8);
  const filler = fc.string({ unit: fc.constantFrom(' ', '|', ',', '\n', '<', '>'), maxLength: 30 });

  test('no encoded form of a random secret survives, wherever it sits in the text', () => {
    fc.assert(
      fc.property(secret, filler, filler, fc.integer({ min: 0, max: 100 }), (key, before, after, pick) => {
        const forms = Object.values(encodedForms(key));
        const form = forms[pick % forms.length]!;
        const out = redact(`${before}${form}${after}`, [key]);
        assert.equal(leaked(out, key), undefined, out);
      }),
      runs(400),
    );
  });
});

describe('endpoint URLs', () => {
  /** The rule, written independently: plain http only to exactly localhost, 127.0.0.0/8 or ::1. */
  const loopback = (hostname: string) => hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
  const host = fc.oneof(
    fc.domain(),
    fc.ipV4(),
    fc.ipV6().map((ip) => `[${ip}]`),
    fc.constantFrom('localhost', '127.0.0.1', '127.255.0.9', '[::1]', '0.0.0.0', '[::]', '127.1', '2130706433', '0x7f.1'),
    fc.tuple(label, fc.constantFrom('localhost', '127.0.0.1')).map(([l, h]) => `${l}.${h}`),
    fc.tuple(label, fc.constantFrom('localhost', '127.0.0.1')).map(([l, h]) => `${h}.${l}`),
  );
  const url = fc.tuple(host, fc.option(fc.integer({ min: 1, max: 65535 })), fc.webPath(), fc.option(fc.webQueryParameters()), fc.option(fc.webFragments()));

  test('no generated plain-http URL to a non-loopback host passes, nor any URL with a query or fragment', () => {
    fc.assert(
      fc.property(url, ([h, port, path, query, fragment]) => {
        const value = `http://${h}${port === null ? '' : `:${port}`}${path}${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`;
        let parsed: URL;
        try {
          parsed = new URL(value);
        } catch {
          assert.equal(endpointProblem(value), 'not-url');
          return;
        }
        const accepted = endpointProblem(value) === undefined;
        if (accepted) {
          assert.ok(loopback(parsed.hostname), `accepted ${value} (host ${parsed.hostname})`);
          assert.ok(!value.includes('?') && !value.includes('#'), `accepted ${value}`);
        }
        const https = endpointProblem(value.replace(/^http:/, 'https:'));
        if (query !== null || fragment !== null) assert.equal(https, 'query', value);
      }),
      runs(500),
    );
  });
});

describe('webview messages', () => {
  const types = fc.constantFrom(
    ...['ask', 'retry', 'edit', 'openLink', 'showAnswer', 'attach', 'setKey', 'addCredits', 'copyCode', 'openCode', 'selectAgent', 'ready'],
    ...['__proto__', 'constructor', 'toString'],
  );
  const fieldName = fc.constantFrom('text', 'turnId', 'url', 'index', 'code', 'language', 'what', 'agentId', 'id');
  const message = fc.oneof(
    fc.jsonValue(),
    fc.record({ type: types }, { requiredKeys: [] }).chain((base) => fc.dictionary(fieldName, fc.jsonValue()).map((extra) => ({ ...extra, ...base }))),
  );

  test('random JSON never throws; what passes is a well-typed message that validates again to itself', () => {
    fc.assert(
      fc.property(message, (value) => {
        const parsed = parseWebviewMessage(value);
        if (parsed === undefined) return;
        for (const [key, field] of Object.entries(parsed)) {
          assert.ok(typeof field === 'string' || (typeof field === 'number' && Number.isInteger(field)), `${key}: ${JSON.stringify(field)}`);
        }
        assert.deepEqual(parseWebviewMessage(JSON.parse(JSON.stringify(parsed))), parsed);
        if ('url' in parsed) assert.equal(typeof parsed.url, 'string');
      }),
      runs(1000),
    );
  });
});

describe('SSE framing', () => {
  const field = fc.string({ unit: fc.constantFrom('a', 'é', '€', '𝄞', ' ', ':', '\n', 'x', '{', '"'), maxLength: 20 });
  const event = fc.record({ event: fc.option(fc.stringMatching(/^[a-z.]{1,10}$/)), data: field });

  /** The wire text of events, with LF, CRLF or CR line ends. */
  function wire(events: { event: string | null; data: string }[], eol: string): string {
    return events
      .map((e) => `${e.event === null ? '' : `event: ${e.event}${eol}`}${e.data.split('\n').map((line) => `data: ${line}${eol}`).join('')}${eol}`)
      .join('');
  }
  async function decodeAll(pieces: Uint8Array[]): Promise<SseMessage[]> {
    const out: SseMessage[] = [];
    for await (const batch of decodeSse(iterate(pieces))) out.push(...batch);
    return out;
  }

  const events = fc.array(event, { maxLength: 8 });
  const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
  const cutPoints = fc.array(fc.nat(), { maxLength: 12 });

  test('any re-chunking of the bytes decodes to the same events', async () => {
    await fc.assert(
      fc.asyncProperty(events, lineEnd, cutPoints, async (generated, eol, at) => {
        const bytes = new TextEncoder().encode(wire(generated, eol));
        const whole = await decodeAll([bytes]);
        assert.deepEqual(whole.map((m) => m.data), generated.map((e) => e.data));
        const offsets = [...new Set(at.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        assert.deepEqual(await decodeAll(cut(bytes, offsets)), whole);
      }),
      runs(300),
    );
  });
});

describe('Markdown sanitising', () => {
  before(() => installNodeDom());
  const md = createMarkdown();
  const ALLOWED = new Set(
    ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote'].concat(
      ['ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'span', 'sup', 'sub', 'kbd'],
    ),
  );
  const token = fc.constantFrom(
    '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', '[x](javascript:alert(1))', '[x](JAVASCRIPT:alert(1))',
    '[x](data:text/html,x)', '[x](vbscript:x)', '[x](https://ok.example/)', '<https://ok.example/a>', '<javascript:alert(1)>', '![i](javascript:x)', '![i](https://e.com/i.png)',
    '[x]( java\tscript:alert(1))', '[x](&#106;avascript:alert(1))', '<svg onload=alert(1)>', '<iframe src=x>', 'www.example.com', 'mailto:a@b.c', 'file:///etc/passwd',
    '**', '*', '`', '```', '\n', '\n\n', '| a | b |\n|---|---|\n| 1 | 2 |', '> ', '- ', '1. ', '[', ']', '(', ')', '<', '>', '"', "'", ' onclick="x" ', 'text',
  );
  const source = fc.array(token, { maxLength: 25 }).map((parts) => parts.join(''));

  test('no generated input yields a non-http(s) link, an event-handler attribute or a tag outside the allowlist', () => {
    fc.assert(
      fc.property(source, (text) => {
        const fragment = sanitizeToFragment(md.render(text));
        for (const el of Array.from(fragment.querySelectorAll('*'))) {
          assert.ok(ALLOWED.has(el.localName), `<${el.localName}> from ${JSON.stringify(text)}`);
          for (const attr of Array.from(el.attributes)) assert.ok(!/^on/i.test(attr.name), `${attr.name} from ${JSON.stringify(text)}`);
          const href = el.getAttribute('href');
          if (href !== null) assert.match(href, /^https?:\/\//i, `href ${href} from ${JSON.stringify(text)}`);
          for (const name of ['src', 'style', 'srcset', 'action', 'formaction']) assert.equal(el.getAttribute(name), null);
        }
      }),
      runs(500),
    );
  });
});
