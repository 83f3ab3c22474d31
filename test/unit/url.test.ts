import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayUrl, endpointProblem, isHttpUrl, isLoopbackHost, isYouComPage, MAX_URL_CHARS, originOf } from '../../src/core/url';

test('an endpoint must be https, or http only on loopback, and carry no user info', () => {
  assert.equal(endpointProblem('https://api.you.com'), undefined);
  assert.equal(endpointProblem('http://127.0.0.1:8080'), undefined);
  assert.equal(endpointProblem('http://localhost:8000/acp'), undefined);
  assert.equal(endpointProblem('http://[::1]:9000'), undefined);
  assert.equal(endpointProblem('http://api.example.com'), 'plain-http');
  assert.equal(endpointProblem('http://10.0.0.5:8000'), 'plain-http');
  assert.equal(endpointProblem('https://user:secret@api.example.com'), 'user-info');
  assert.equal(endpointProblem('ftp://example.com'), 'not-http');
  assert.equal(endpointProblem('not a url'), 'not-url');
  // A host that only starts like loopback is not loopback.
  assert.equal(endpointProblem('http://127.0.0.1.evil.example'), 'plain-http');
  assert.equal(endpointProblem('http://localhost.evil.example'), 'plain-http');
});

test('loopback hosts', () => {
  for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.8.9.10', '::1', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
  for (const host of ['example.com', '10.0.0.1', '128.0.0.1', 'localhost.example.com', 'localhost.', '127.0.0.1.nip.io']) {
    assert.equal(isLoopbackHost(host), false, host);
  }
  // Exactly localhost: a subdomain of it goes to the normal resolver, which may answer with anything.
  for (const host of ['app.localhost', 'evil.localhost']) assert.equal(isLoopbackHost(host), false, host);
  assert.equal(endpointProblem('http://evil.localhost/'), 'plain-http');
  assert.equal(endpointProblem('http://127.1:8000/'), undefined, 'the URL parser writes 127.1 as 127.0.0.1');
});

test('an endpoint URL with a query or fragment is refused: it could carry a secret, and paths go after it', () => {
  assert.equal(endpointProblem('https://acp.example.com/?api_key=abc'), 'query');
  assert.equal(endpointProblem('https://acp.example.com/base?'), 'query');
  assert.equal(endpointProblem('https://acp.example.com/#token=abc'), 'query');
  assert.equal(endpointProblem('http://localhost:8000/#'), 'query');
  assert.equal(endpointProblem('https://acp.example.com/base'), undefined);
});

test('URLs in logs and errors lose user info, query and fragment', () => {
  assert.equal(displayUrl('https://bob:hunter2@api.example.com/v1/runs?key=abc#x'), 'https://api.example.com/v1/runs');
  assert.doesNotMatch(displayUrl('://bob:hunter2@host/?token=abc'), /hunter2|abc/);
  // An unparsable value loses everything from its first `?` or `#`, even when a line follows.
  assert.equal(displayUrl('://host/p?token=abc\nmore?x'), '://host/p');
  assert.equal(originOf('https://api.you.com/v1/agents/runs'), 'https://api.you.com');
  assert.equal(originOf('nonsense'), '');
});

test('a URL longer than MAX_URL_CHARS is not followed, not an endpoint, and shown clipped without its secrets', () => {
  const long = `https://bob:hunter2@api.example.com/${'a'.repeat(MAX_URL_CHARS)}?key=abc`;
  assert.equal(isHttpUrl(`https://e.com/${'a'.repeat(MAX_URL_CHARS - 14)}`), true);
  assert.equal(isHttpUrl(long), false);
  assert.equal(endpointProblem(long), 'not-url');
  assert.equal(originOf(long), '');
  const shown = displayUrl(long);
  assert.doesNotMatch(shown, /hunter2|abc/);
  assert.ok(shown.startsWith('https://api.example.com/aaa') && shown.length <= MAX_URL_CHARS + 1);
});

test('only https pages on you.com open as upgrade links', () => {
  assert.equal(isYouComPage('https://you.com/platform/upgrade'), true);
  assert.equal(isYouComPage('https://api.you.com/x'), true);
  assert.equal(isYouComPage('http://you.com/platform'), false);
  assert.equal(isYouComPage('https://you.com.evil.example/'), false);
  assert.equal(isYouComPage('https://evilyou.com/'), false);
  assert.equal(isYouComPage('https://user:pw@you.com/'), false);
  assert.equal(isYouComPage('javascript:alert(1)'), false);
});
