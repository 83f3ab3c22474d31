import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { adversarialFigures } from './adversarial-bench';
import { historyFigures } from './history-bench';
import { pageFigures } from './page-bench';
import { renderFigures } from './render-bench';
import { researchFigures } from './research-bench';
import { sseFigures } from './sse-bench';
import { versionsFigures } from './versions-bench';
import { vscodeFigures } from './vscode-bench';

/**
 * `npm run bench`: one run, one `name=value` per line on stdout (progress goes to stderr).
 * Figures, not assertions. `--only=sse,history,versions,adversarial,render,page,vscode,research` picks sections.
 */
async function main(): Promise<void> {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const want = (section: string) => !only || only.includes(section);
  const progress = (line: string) => process.stderr.write(`# ${line}\n`);
  const print = (figures: Record<string, number>) => {
    for (const [name, value] of Object.entries(figures)) console.log(`${name}=${value}`);
  };
  if (want('sse')) print(await sseFigures());
  if (want('history')) print(await historyFigures(progress));
  if (want('versions')) print(await versionsFigures(progress));
  if (want('adversarial')) print(await adversarialFigures(progress));
  if (want('render') || want('page') || want('vscode') || want('research')) {
    // The production bundles and the .vsix, as users get them.
    const built = spawnSync('npm', ['run', '--silent', 'package'], { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) throw new Error('npm run package failed');
  }
  if (want('render')) print(await renderFigures(progress));
  if (want('page')) print(await pageFigures(progress));
  // vscode-bench reports the initial bundle's size with the others; without it, report it here.
  if (want('render') && !want('vscode')) {
    print({ webview_bundle_kb: Math.round((statSync(join(__dirname, '..', '..', 'dist', 'webview.js')).size / 1024) * 10) / 10 });
  }
  if (want('vscode')) print(await vscodeFigures(progress));
  if (want('research')) {
    process.env.E2E_REUSE_VSIX = '1'; // packaged just above
    print(await researchFigures(progress));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
