import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BUNDLE_PATH, ROOT, bundleText, scanProject } from './l10nStrings';

/**
 * Regenerates l10n/bundle.l10n.json (English -> English) from the t(...) calls in src/host and
 * src/webview: `npm run l10n`. Translators copy it to bundle.l10n.<locale>.json.
 */
const scan = scanProject();
if (scan.nonLiteral.length > 0) {
  console.error(`l10n calls whose first argument is not a string literal:\n${scan.nonLiteral.join('\n')}`);
  process.exit(1);
}
writeFileSync(BUNDLE_PATH, bundleText(scan.messages));
console.log(`${relative(ROOT, BUNDLE_PATH)}: ${scan.messages.size} messages`);
