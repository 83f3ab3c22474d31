/** A Markdown fence that the code cannot close early: longer than any backtick run inside it. */
export function fenceFor(code: string): string {
  const longest = Math.max(0, ...Array.from(code.matchAll(/`{3,}/g), (m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** UTF-8 size in bytes: what a cap in kilobytes measures. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
