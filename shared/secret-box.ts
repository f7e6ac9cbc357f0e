// Secrets kept in D1 (channel access tokens, TOTP seeds) are sealed with AES-256-GCM under the deployment's
// DATA_KEY (a Worker secret, 32 bytes in base64): D1 alone — a backup, an export — never reveals them.
// Sealed form: "v1.<iv b64url>.<ciphertext b64url>"; the version lets the key or algorithm change later.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const b64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromB64url = (s: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

const keys = new Map<string, Promise<CryptoKey>>();

function keyOf(dataKey: string): Promise<CryptoKey> {
  let key = keys.get(dataKey);
  if (!key) {
    const raw = fromB64url(dataKey.trim());
    if (raw.length !== 32) throw new Error("DATA_KEY must be 32 bytes in base64 (openssl rand -base64 32)");
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keys.set(dataKey, key);
  }
  return key;
}

export async function seal(dataKey: string, plain: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await keyOf(dataKey), encoder.encode(plain)));
  return `v1.${b64url(iv)}.${b64url(sealed)}`;
}

/** The plain text, or null when it was sealed under another key or altered. */
export async function open(dataKey: string, sealed: string): Promise<string | null> {
  const [version, iv, body] = sealed.split(".");
  if (version !== "v1" || !iv || !body) return null;
  try {
    return decoder.decode(await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromB64url(iv) }, await keyOf(dataKey), fromB64url(body)));
  } catch {
    return null;
  }
}
