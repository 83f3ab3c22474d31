/**
 * How a file an agent sends shows in its answer (ACP message parts, A2A file parts): its name and
 * media type made safe to write into Markdown; its address is a link through exportMarkdown's
 * `linkTarget`, as in exported chats and the search tool's results. Name and type are cut to what
 * is shown before anything else is done with them: a hostile megabyte name with a bracket at
 * every character took V8's global replace about 200 ms, growing faster than the text.
 */
const NAME_CHARS = 200;
/** RFC 6838 allows 127 characters on each side of the slash. */
const MEDIA_TYPE_CHARS = 255;
const SHOWN_MEDIA_TYPE_CHARS = 100;

/**
 * A file's name for `📎 name` or `[name](…)`: brackets, backticks and line breaks become spaces, and
 * backslashes are escaped (a name ending in one escaped the link's closing bracket); `fallback`
 * when blank.
 */
export function attachmentName(name: unknown, fallback: string): string {
  const shown = typeof name === 'string' ? name.slice(0, NAME_CHARS).replace(/[[\]\n\r`]/g, ' ').trim() : '';
  return shown ? shown.replaceAll('\\', '\\\\') : fallback;
}

/** A media type as shown: only the characters media types have. */
export function mediaTypeLabel(type: unknown): string {
  if (typeof type !== 'string') return '';
  return type.slice(0, MEDIA_TYPE_CHARS).replace(/[^\w.+/-]/g, '').slice(0, SHOWN_MEDIA_TYPE_CHARS);
}
