// The request work every floor shares with the product's webhook route (worker/whatsapp/webhook-route.ts and
// signature.ts): read the raw body, check X-Hub-Signature-256 (HMAC-SHA256 with crypto.subtle over the raw bytes,
// key imported once), decode it as strict UTF-8 and JSON.parse it. Imported by the floors' Workers (bench/floor/*).
const encoder = new TextEncoder();
// The product's local app secret (.dev.vars.example, bench/lib/whatsapp.mjs signs with it).
export const APP_SECRET = "dev-app-secret";
let key = null;

function hexToBytes(hex) {
  if (!/^[0-9a-f]{64}$/i.test(hex)) return null;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The parsed body when the signature matches, else a Response (401/400) to send back. */
export async function checkedWebhook(request) {
  const raw = await request.arrayBuffer();
  const header = request.headers.get("x-hub-signature-256");
  const signature = header?.startsWith("sha256=") ? hexToBytes(header.slice(7)) : null;
  key ??= crypto.subtle.importKey("raw", encoder.encode(APP_SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  if (!signature || !(await crypto.subtle.verify("HMAC", await key, signature, raw))) return { error: new Response("bad signature", { status: 401 }) };
  try {
    return { body: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw)) };
  } catch {
    return { error: new Response("invalid json", { status: 400 }) };
  }
}

/** The first message of a WhatsApp delivery (what the floors store), or null. */
export function firstMessage(body) {
  return body?.entry?.[0]?.changes?.[0]?.value?.messages?.[0] ?? null;
}
