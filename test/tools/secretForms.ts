/** The forms a server, proxy or URL could echo a secret in: what redaction must mask. Shared by the redaction tests and properties. */

const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');
export const everyByte = (text: string) => [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Every form a server, proxy or URL could echo a key in (the list the redaction promises). */
export function encodedForms(secret: string): Record<string, string> {
  const half = Math.floor(secret.length / 2);
  return {
    raw: secret,
    percentUpper: encodeURIComponent(secret),
    percentLower: encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    percentKeepingSlash: encodeURI(secret).replace(/\+/g, '%2B').replace(/=/g, '%3D'),
    percentEveryByte: everyByte(secret),
    percentPartial: secret.slice(0, half) + everyByte(secret.slice(half)),
    jsonSlash: secret.replace(/\//g, '\\/'),
    jsonUnicode: [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    jsonUnicodeUpper: [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join(''),
    htmlDecimal: [...secret].map((c) => `&#${c.charCodeAt(0)};`).join(''),
    htmlHex: [...secret].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join(''),
    htmlNamed: secret.replace(/\//g, '&sol;').replace(/\+/g, '&plus;').replace(/=/g, '&equals;'),
    base64: b64(secret),
    base64Shift1: b64(`x${secret}`),
    base64Shift2: b64(`xy${secret}`),
    base64url: b64url(secret),
    base64urlShift1: b64url(`x${secret}`),
    base64urlShift2: b64url(`xy${secret}`),
  };
}

/** An 8-character stretch of `secret` or of one of its encoded forms left in `text` (named), or undefined. */
export function leaked(text: string, secret: string): string | undefined {
  for (const [name, form] of Object.entries(encodedForms(secret))) {
    for (let i = 0; i + 8 <= form.length; i++) if (text.includes(form.slice(i, i + 8))) return `${name}: ${form.slice(i, i + 8)}`;
  }
  return undefined;
}

