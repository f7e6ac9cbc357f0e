// /webhooks/whatsapp: Meta's verification handshake (GET) and deliveries (POST). Signature first, on the raw
// bytes, before parsing or touching any Durable Object; 200 only once every message and status is durable.
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { errorResponse } from "../http-errors";
import { verifyMetaSignature } from "./signature";
import { deliverWebhook } from "./webhook-delivery";
import { parseWhatsAppWebhook } from "./webhook-payload";
import { applyTemplateUpdates } from "../templates/template-store";
import { rpcStub } from "../../durable/stubs";

/** Meta sends up to ~3 MB per delivery; leave headroom, refuse beyond. */
export const WEBHOOK_MAX_BYTES = 4 * 1024 * 1024;
/** Meta's payloads are about 8 levels deep; far deeper JSON is junk that would overflow the stack when stored. */
export const WEBHOOK_MAX_DEPTH = 64;

/** Nesting depth of a parsed JSON value, computed without recursion. */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Compares the verify token in constant time: hashing both sides first hides their lengths too. */
export async function verifyTokenMatches(given: string, expected: string): Promise<boolean> {
  const digest = async (s: string) => new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s)));
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

export const whatsappWebhook = new Hono<AppEnv>()
  .get("/", async (c) => {
    const mode = c.req.query("hub.mode");
    const token = c.req.query("hub.verify_token");
    if (mode === "subscribe" && token && c.env.WA_VERIFY_TOKEN && (await verifyTokenMatches(token, c.env.WA_VERIFY_TOKEN))) {
      return c.text(c.req.query("hub.challenge") ?? "", 200);
    }
    return errorResponse(403, "verification_failed", "hub.mode must be subscribe and hub.verify_token must match.");
  })
  .post("/", async (c) => {
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > WEBHOOK_MAX_BYTES) return errorResponse(413, "payload_too_large", `Webhook bodies are limited to ${WEBHOOK_MAX_BYTES} bytes.`);
    const raw = await c.req.arrayBuffer();
    if (raw.byteLength > WEBHOOK_MAX_BYTES) return errorResponse(413, "payload_too_large", `Webhook bodies are limited to ${WEBHOOK_MAX_BYTES} bytes.`);
    if (!(await verifyMetaSignature(raw, c.req.header("x-hub-signature-256") ?? null, c.env.WA_APP_SECRET))) {
      return errorResponse(401, "bad_signature", "X-Hub-Signature-256 is missing or does not match the app secret.");
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(raw));
    } catch {
      return errorResponse(400, "invalid_json", "The body is not valid UTF-8 JSON.");
    }
    if (jsonDepth(body, WEBHOOK_MAX_DEPTH) > WEBHOOK_MAX_DEPTH) {
      return errorResponse(400, "invalid_payload", `JSON nested deeper than ${WEBHOOK_MAX_DEPTH} levels is not a WhatsApp webhook.`);
    }
    const parsed = parseWhatsAppWebhook(body);
    if (!parsed.ok) return errorResponse(400, "invalid_payload", "The webhook does not have the WhatsApp Cloud API shape.", parsed.errors);
    const { webhook } = parsed;
    if (webhook.ignoredStatuses.length) {
      // Logged short and escaped: these are strings from the request.
      console.warn("whatsapp: unknown status values ignored", JSON.stringify(webhook.ignoredStatuses.slice(0, 5).map((s) => s.slice(0, 40))));
    }

    try {
      // Template changes first, written to D1 before the 200; the live notice to the inbox may lag behind.
      const templates = webhook.templates.length ? await applyTemplateUpdates(c.env.DB, webhook.templates) : { changed: [], unknown: [] };
      for (const { workspaceId, template } of templates.changed) {
        c.executionCtx.waitUntil(rpcStub(c.env, "Workspace", workspaceId).templateChanged(template).catch(() => {}));
      }
      for (const t of templates.unknown.slice(0, 5)) {
        // 200 anyway: a template made elsewhere (or deleted here) is picked up by the next sync.
        console.warn("whatsapp: template update for a template we do not have", JSON.stringify([t.wabaId, t.metaId, t.name.slice(0, 60), t.language, t.kind]));
      }
      const report = await deliverWebhook(c.env, webhook, (work) => c.executionCtx.waitUntil(work));
      for (const number of report.unknownNumbers) {
        // 200 anyway: Meta would otherwise retry a number we do not serve for 7 days.
        console.warn(`whatsapp: webhook for unknown phone_number_id ${number}; nothing stored`);
      }
      return c.json({ ok: true, ...report, templates: templates.changed.length });
    } catch (err) {
      console.error("whatsapp: delivery failed; Meta will retry", err);
      return errorResponse(503, "not_stored", "Could not store every item; retry later.", undefined, { "retry-after": "1" });
    }
  });
