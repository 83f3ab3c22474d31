/** A source as inline links may cite it: where it points, the tooltip ("Title — host") and the accessible name ("Source 1: Title, host"). */
export interface KnownCitation {
  url: string;
  title: string;
  name: string;
}

/** Link text that reads as a citation number: `1` or `[1]`. */
const CITATION_TEXT = /^\[?(\d{1,3})\]?$/;

/**
 * Styles a link as citation n only when its text reads n and its href is citation n's URL: an
 * answer cannot dress another link as a cited source. Links marked before the sources arrived
 * (or changed) are checked again; one that no longer matches loses the mark.
 */
export function markCitationLinks(root: ParentNode, known: ReadonlyMap<string, KnownCitation>): void {
  for (const link of Array.from(root.querySelectorAll('a'))) {
    const number = link.getAttribute('data-cite') ?? CITATION_TEXT.exec(link.textContent?.trim() ?? '')?.[1];
    const citation = number === undefined ? undefined : known.get(number);
    if (number !== undefined && citation && sameUrl(link.getAttribute('href'), citation.url)) {
      link.classList.add('cite');
      link.setAttribute('data-cite', number);
      link.textContent = number;
      link.title = citation.title;
      link.setAttribute('aria-label', citation.name);
    } else if (link.hasAttribute('data-cite')) {
      link.classList.remove('cite');
      link.removeAttribute('data-cite');
      link.removeAttribute('title');
      link.removeAttribute('aria-label');
    }
  }
}

/** Equal as parsed URLs (Markdown percent-encodes an href the source wrote plainly). */
function sameUrl(href: string | null, url: string): boolean {
  if (href === null) return false;
  try {
    return new URL(href).href === new URL(url).href;
  } catch {
    return false;
  }
}
