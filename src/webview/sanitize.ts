import { isHttpUrl } from '../core/url';

/**
 * Second line of defence after markdown-it (which runs with HTML disabled): parses HTML in an
 * inert <template> (nothing runs or loads there), then keeps only an allowlist of tags and
 * attributes. Unknown tags are unwrapped (their text stays); dangerous ones go with their content.
 */
const ALLOWED_TAGS = new Set([
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'span', 'sup', 'sub', 'kbd',
]);
const DROPPED_WITH_CONTENT = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'svg', 'math', 'template', 'noscript',
  'form', 'input', 'button', 'textarea', 'select', 'link', 'meta', 'base', 'img', 'video', 'audio', 'source', 'canvas',
]);
const ALIGN = /^text-align:\s*(left|right|center);?$/i;

export function sanitizeToFragment(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return cleanFragment(template.content);
}

/** The allowlist applied to parsed HTML, in place: one visit per node. */
export function cleanFragment(fragment: DocumentFragment): DocumentFragment {
  cleanChildren(fragment);
  return fragment;
}

/** Over a snapshot of the children (cleaning removes and unwraps): one step per child in any DOM. */
function cleanChildren(parent: ParentNode): void {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === Node.ELEMENT_NODE) cleanElement(node as Element);
    else if (node.nodeType !== Node.TEXT_NODE) node.remove();
  }
}

function cleanElement(el: Element): void {
  const tag = el.localName;
  if (DROPPED_WITH_CONTENT.has(tag) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') {
    el.remove();
    return;
  }
  if (!ALLOWED_TAGS.has(tag)) {
    cleanChildren(el);
    el.replaceWith(...Array.from(el.childNodes));
    return;
  }
  for (const attr of Array.from(el.attributes)) {
    const keep = keepAttribute(el, tag, attr.name, attr.value);
    if (keep === false) el.removeAttribute(attr.name);
  }
  if (tag === 'a' && !el.hasAttribute('href')) {
    cleanChildren(el);
    el.replaceWith(...Array.from(el.childNodes));
    return;
  }
  cleanChildren(el);
}

/** true: keep as is; false: remove. Table alignment turns into a class (inline styles are blocked by the CSP). */
function keepAttribute(el: Element, tag: string, name: string, value: string): boolean {
  if (tag === 'a' && name === 'href') return isHttpUrl(value);
  if (tag === 'a' && name === 'title') return true;
  if (tag === 'ol' && name === 'start') return /^\d{1,6}$/.test(value);
  if (tag === 'code' && name === 'class') return /^language-[\w#+.-]{1,40}$/.test(value);
  if ((tag === 'th' || tag === 'td') && name === 'style') {
    const align = ALIGN.exec(value)?.[1];
    if (align) el.classList.add(`align-${align.toLowerCase()}`);
    return false;
  }
  if ((tag === 'th' || tag === 'td') && name === 'class') return /^align-(left|right|center)$/.test(value);
  return false;
}

/**
 * For highlighter output put into a <code>: only text and <span> with highlight.js token classes
 * (`hljs-*`; any other class word is dropped) survive, with no other attribute. Anything else is
 * unwrapped to its text, or dropped with its content if dangerous, as above.
 */
export function sanitizeHighlighted(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  cleanHighlighted(template.content);
  return template.content;
}

/** The class words of a highlighter span that may stay (none: the span is unwrapped). */
export function highlightClasses(value: string): string[] {
  return value.split(/\s+/).filter((word) => /^hljs-[a-z][\w-]{0,40}$/.test(word));
}

function cleanHighlighted(parent: ParentNode): void {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === Node.ELEMENT_NODE) cleanHighlightedElement(node as Element);
    else if (node.nodeType !== Node.TEXT_NODE) node.remove();
  }
}

function cleanHighlightedElement(el: Element): void {
  if (DROPPED_WITH_CONTENT.has(el.localName) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') {
    el.remove();
    return;
  }
  const classes = el.localName === 'span' ? highlightClasses(el.getAttribute('class') ?? '') : [];
  cleanHighlighted(el);
  if (classes.length === 0) {
    el.replaceWith(...Array.from(el.childNodes));
    return;
  }
  for (const attr of Array.from(el.attributes)) el.removeAttribute(attr.name);
  el.className = classes.join(' ');
}
