/** Deeper than any body of the protocols we speak (they nest a few levels); anything past it is refused. */
export const MAX_JSON_DEPTH = 64;

/**
 * JSON.parse for text from a server, refusing nesting deeper than MAX_JSON_DEPTH before parsing:
 * V8's parser slows down more than linearly on a megabyte of `[[[[`. The pre-scan is one pass
 * over the text (brackets inside strings do not count). Throws a SyntaxError like JSON.parse.
 */
export function parseRemoteJson(text: string): unknown {
  // Text that cannot start a JSON value (an HTML page) fails at once, without the scan.
  if (!/^[[{"\dtfn-]/.test(text.trimStart().charAt(0))) throw new SyntaxError('not JSON');
  if (fewOpenings(text)) return JSON.parse(text);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > MAX_JSON_DEPTH) throw new SyntaxError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return JSON.parse(text);
}

/**
 * Whether `text` has at most MAX_JSON_DEPTH opening brackets in all (strings included), so it
 * cannot nest deeper: a stream event has a handful, found by the native indexOf instead of a
 * character loop (which cost the SSE path a third of its speed; npm run bench, sse_ratio_json).
 */
function fewOpenings(text: string): boolean {
  let openings = 0;
  for (const bracket of ['{', '[']) {
    for (let i = text.indexOf(bracket); i !== -1; i = text.indexOf(bracket, i + 1)) {
      if (++openings > MAX_JSON_DEPTH) return false;
    }
  }
  return true;
}
