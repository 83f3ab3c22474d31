/**
 * "Open Source as Markdown" in a citation's context menu. VS Code builds a webview's context menu
 * from the `data-vscode-context` attributes on the right-clicked element and its ancestors, and
 * passes them to the menu's command (package.json `webview/context`, `webviewSection == 'source'`).
 * The attribute is set at the moment of the right-click, in the capture phase (before VS Code's own
 * listener reads it), on an inline citation or a source's title link with an http(s) address only.
 */
export const SOURCE_SECTION = 'source';

/** The context VS Code hands the command for a link, or undefined when it is not a source. */
export function sourceMenuContext(link: Element): string | undefined {
  if (!link.matches('a.cite, a.source-title')) return undefined;
  const href = link.getAttribute('href') ?? '';
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return JSON.stringify({ webviewSection: SOURCE_SECTION, sourceUrl: url.href });
}

export function installSourceMenu(root: Document): void {
  root.addEventListener(
    'contextmenu',
    (event) => {
      const link = event.target instanceof Element ? event.target.closest('a') : null;
      const context = link ? sourceMenuContext(link) : undefined;
      if (link && context) link.setAttribute('data-vscode-context', context);
    },
    { capture: true },
  );
}
