import { debianPrerequisites, ensureDebianPackages } from './codeServer';

/**
 * `tsx test/harness/prereqs.ts test|start`: the Debian packages that use needs, checked before
 * anything else runs (`npm test` starts Chromium in its unit tests, long before the end-to-end
 * setup). Missing ones are installed when this runs as root with apt-get, saying so; otherwise
 * this prints the exact command to run and exits with 1.
 */
const use = process.argv[2];
if (use !== 'test' && use !== 'start') {
  console.error('usage: tsx test/harness/prereqs.ts test|start');
  process.exit(2);
}
try {
  ensureDebianPackages(debianPrerequisites(use));
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
