import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aptInstallCommand, debianPrerequisites, meaningfulTail, planDebianPackages } from '../harness/codeServer';

/** The decisions of test/harness/prereqs.ts (and `npm start`), on fakes: no dpkg, no apt-get. */

describe('which Debian packages a use needs', () => {
  test('the tests need Chromium unless CHROMIUM_PATH names another browser; start needs only the build headers', () => {
    assert.deepEqual(debianPrerequisites('test', {}), ['libkrb5-dev', 'openssl', 'chromium']);
    assert.deepEqual(debianPrerequisites('test', { CHROMIUM_PATH: '/opt/chrome/chrome' }), ['libkrb5-dev', 'openssl']);
    assert.deepEqual(debianPrerequisites('start', {}), ['libkrb5-dev']);
  });
});

describe('missing packages → what is done or printed', () => {
  test('nothing missing: nothing to do', () => {
    assert.deepEqual(planDebianPackages([], { isRoot: false, hasAptGet: false }), { action: 'none' });
    assert.deepEqual(planDebianPackages([], { isRoot: true, hasAptGet: true }), { action: 'none' });
  });

  test('not root: stop, naming each package and why, with the exact sudo command', () => {
    const plan = planDebianPackages(['libkrb5-dev', 'chromium'], { isRoot: false, hasAptGet: true });
    assert.equal(plan.action, 'stop');
    assert.equal(
      plan.action === 'stop' && plan.message,
      "missing Debian packages: libkrb5-dev (code-server's native modules build against it), " +
        'chromium (the end-to-end tests drive it (or set CHROMIUM_PATH)). Install them, then run this again:\n' +
        '  sudo apt-get update && sudo apt-get install -y --no-install-recommends libkrb5-dev chromium',
    );
  });

  test('only the missing ones are named', () => {
    const plan = planDebianPackages(['chromium'], { isRoot: false, hasAptGet: true });
    assert.ok(plan.action === 'stop');
    assert.match(plan.message, /^missing Debian packages: chromium \(/);
    assert.ok(plan.message.endsWith('\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium'), plan.message);
    assert.doesNotMatch(plan.message, /libkrb5/);
  });

  test('root without apt-get: stop, with the command without sudo', () => {
    const plan = planDebianPackages(['libkrb5-dev'], { isRoot: true, hasAptGet: false });
    assert.ok(plan.action === 'stop');
    assert.ok(plan.message.endsWith('\n  apt-get update && apt-get install -y --no-install-recommends libkrb5-dev'), plan.message);
  });

  test('root with apt-get: install exactly the missing ones, saying so', () => {
    assert.deepEqual(planDebianPackages(['chromium'], { isRoot: true, hasAptGet: true }), {
      action: 'install',
      packages: ['chromium'],
      notice: 'installing missing Debian packages: chromium (the end-to-end tests drive it (or set CHROMIUM_PATH)) (apt-get update, then apt-get install) ...',
    });
  });

  test('the command', () => {
    assert.equal(aptInstallCommand(['libkrb5-dev'], true), 'apt-get update && apt-get install -y --no-install-recommends libkrb5-dev');
    const both = aptInstallCommand(['libkrb5-dev', 'chromium'], false);
    assert.equal(both, 'sudo apt-get update && sudo apt-get install -y --no-install-recommends libkrb5-dev chromium');
  });
});

describe('the tail of a failed install log', () => {
  const aptLog = [
    'Hit:1 http://deb.debian.org/debian bookworm InRelease',
    'Reading package lists...',
    '',
    'Reading package lists... Done',
    'Building dependency tree... Done',
    '   ',
    '|',
    '/',
    '-',
    '\\',
    'E: Unable to locate package chromiumm',
    '',
  ].join('\r\n');

  test('blank lines and spinner frames are dropped; the error is last', () => {
    assert.equal(
      meaningfulTail(aptLog),
      [
        'Hit:1 http://deb.debian.org/debian bookworm InRelease',
        'Reading package lists...',
        'Reading package lists... Done',
        'Building dependency tree... Done',
        'E: Unable to locate package chromiumm',
      ].join('\n'),
    );
  });

  test('only the last `count` lines, trailing spaces trimmed, carriage-return progress split into lines', () => {
    assert.equal(meaningfulTail('a\nb  \rc\nd\n', 2), 'c\nd');
    assert.equal(meaningfulTail('one\ntwo   \n', 5), 'one\ntwo');
  });

  test("npm's debug chatter is dropped, its errors kept", () => {
    const npmLog = ['npm http fetch GET 200 https://registry.npmjs.org/x', 'npm timing build Completed', 'npm verb cli', 'npm ERR! code 1', 'gyp ERR! stack'];
    assert.equal(meaningfulTail(npmLog.join('\n')), 'npm ERR! code 1\ngyp ERR! stack');
  });

  test('an empty log gives an empty tail', () => {
    assert.equal(meaningfulTail('\n\n  \n'), '');
  });
});
