import { addChunk } from './chunks';
import type { TurnRenderer } from './turnView';

/**
 * The contract with dist/webview-markdown.js, the turns chunk: it sets this global to its
 * TurnRenderer (turns' views with its Markdown renderer) when it runs. The host's page carries the
 * chunk before the chat's bundle when it opens on turns (they need it for the first paint);
 * otherwise `loadTurnRenderer` adds it (./chunks) when the user starts an answer or a message shows a
 * turn: loaded right after the first paint, it held up the first keys typed.
 */
export const TURNS_CHUNK_GLOBAL = 'youAgentsMarkdown';

let loading: Promise<TurnRenderer> | undefined;

/** The turns' renderer if its chunk has run. */
export function turnRendererNow(): TurnRenderer | undefined {
  return (globalThis as Record<string, unknown>)[TURNS_CHUNK_GLOBAL] as TurnRenderer | undefined;
}

/** The turns' renderer, loading its chunk (once) if it is not on the page yet. */
export function loadTurnRenderer(): Promise<TurnRenderer> {
  const now = turnRendererNow();
  if (now) return Promise.resolve(now);
  loading ??= new Promise<TurnRenderer>((resolve, reject) => {
    const failed = () => reject(new Error('the Markdown renderer did not load'));
    const loaded = () => {
      const md = turnRendererNow();
      if (md) resolve(md);
      else failed();
    };
    if (!addChunk('webview-markdown.js', loaded, failed)) reject(new Error('the chat bundle has no address to load the Markdown renderer from'));
  });
  return loading;
}
