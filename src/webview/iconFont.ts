import { chunkUrl } from './chunks';

/**
 * The icon font (dist/codicons/codicon.ttf), added after the first paint: a font the page's
 * stylesheet names is fetched while the page is laid out, and held up the composer by ~20 ms.
 * Icons stay hidden until it is added (style.css, `.icon-font`), then show as it loads.
 */
export function loadIconFont(): void {
  const url = chunkUrl('codicons/codicon.ttf');
  if (!url || typeof FontFace === 'undefined') return;
  const face = new FontFace('codicon', `url("${url}") format("truetype")`, { display: 'block' });
  document.fonts.add(face);
  document.documentElement.classList.add('icon-font');
  face.load().catch(() => undefined); // no font: icons stay blank, their buttons keep their labels
}
