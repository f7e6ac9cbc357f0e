// X-Hub-Signature-256 verification for Meta webhooks (WhatsApp, Messenger, Instagram share it).
// Used by the webhook route before any parsing; the Graph simulator uses `signBody` to sign what it pushes.

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

function hexToBytes(hex: string): Uint8Array | null {
  if (!/^[0-9a-f]{64}$/i.test(hex)) return null;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function bytesToHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Meta signs the payload with non-ASCII characters escaped as \uXXXX (lowercase hex, UTF-16 units). */
export function escapeNonAscii(text: string): string {
  return text.replace(/[^\x00-\x7e]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/**
 * True when `header` is `sha256=<hex>` of the raw body. `crypto.subtle.verify` compares in constant time.
 * If the raw bytes fail and the body has non-ASCII characters, retry over the escaped form: Meta's docs say
 * the signature covers the unicode-escaped payload, and some deliveries arrive unescaped.
 */
export async function verifyMetaSignature(raw: ArrayBuffer, header: string | null, appSecret: string): Promise<boolean> {
  if (!header || !header.startsWith("sha256=") || !appSecret) return false;
  const signature = hexToBytes(header.slice("sha256=".length));
  if (!signature) return false;
  const key = await hmacKey(appSecret);
  if (await crypto.subtle.verify("HMAC", key, signature, raw)) return true;
  const text = new TextDecoder().decode(raw);
  if (!/[^\x00-\x7e]/.test(text)) return false;
  return crypto.subtle.verify("HMAC", key, signature, encoder.encode(escapeNonAscii(text)));
}

/** `sha256=<hex>` header value for a body, as Meta computes it. */
export async function signBody(body: string, appSecret: string): Promise<string> {
  const key = await hmacKey(appSecret);
  return "sha256=" + bytesToHex(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
}
