// The Continue-style anchor for the render benchmark: markdown-it + DOMPurify, whole message re-rendered per delta.
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true });
(window as unknown as { anchorRender: (el: HTMLElement, text: string) => void }).anchorRender = (el, text) => {
  el.innerHTML = DOMPurify.sanitize(md.render(text));
  void el.offsetHeight; // layout, as a real view pays it
};
