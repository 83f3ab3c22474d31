import MarkdownIt from 'markdown-it';
import { isHttpUrl } from '../core/url';

/** markdown-it with raw HTML off; images become plain links (the CSP loads no remote images anyway). */
export function createMarkdown() {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.renderer.rules.image = (tokens, idx) => {
    const token = tokens[idx]!;
    const src = String(token.attrGet('src') ?? '');
    const alt = md.utils.escapeHtml(String(token.content || src));
    return isHttpUrl(src) ? `<a href="${md.utils.escapeHtml(src)}">${alt}</a>` : alt;
  };
  return md;
}
