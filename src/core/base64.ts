/**
 * The bytes a base64 text stands for; throws on text that is not base64. `fromBase64` is native
 * where the runtime has it (Chromium 140 on, Node 25 on); elsewhere a plain loop.
 * `Uint8Array.from(atob(…), callback)`, used before, made a call per byte: 2–4 ms for the chat
 * page's 6 KB icon font in a fresh page.
 */
export function bytesFromBase64(text: string): Uint8Array<ArrayBuffer> {
  const withBase64 = Uint8Array as { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> };
  if (withBase64.fromBase64) return withBase64.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
