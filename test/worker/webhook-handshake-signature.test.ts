import { exports } from "cloudflare:workers";
import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { escapeNonAscii, signBody } from "../../worker/whatsapp/signature";
import { APP_SECRET, customerNumber, envelope, postWebhook, textMessage } from "./support/whatsapp";

const verify = (query: string) => exports.default.fetch(`http://colmena.test/webhooks/whatsapp?${query}`);

describe("GET /webhooks/whatsapp (Meta's verification handshake)", () => {
  it("echoes hub.challenge verbatim as plain text when mode and token match", async () => {
    const res = await verify("hub.mode=subscribe&hub.verify_token=dev-verify-token&hub.challenge=0123456789");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    expect(await res.text()).toBe("0123456789");
  });

  it("answers 403 to a wrong token or a wrong mode", async () => {
    expect((await verify("hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1")).status).toBe(403);
    expect((await verify("hub.mode=unsubscribe&hub.verify_token=dev-verify-token&hub.challenge=1")).status).toBe(403);
    expect((await verify("hub.challenge=1")).status).toBe(403);
  });
});

describe("POST /webhooks/whatsapp signature", () => {
  const customer = () => ({ waId: customerNumber(), name: "Lucía Fernández" });

  it("rejects a missing signature with 401 before touching any Durable Object", async () => {
    const before = (await listDurableObjectIds(env.Conversation)).length;
    const c = customer();
    const res = await postWebhook(envelope({ contacts: [c], messages: [textMessage(c, "hola")] }), { signature: null });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "bad_signature" });
    expect((await listDurableObjectIds(env.Conversation)).length).toBe(before);
  });

  it("rejects a signature made with another secret, a malformed header, and a tampered body", async () => {
    const c = customer();
    const payload = envelope({ contacts: [c], messages: [textMessage(c, "hola")] });
    const body = JSON.stringify(payload);
    expect((await postWebhook(payload, { signature: await signBody(body, "another-secret") })).status).toBe(401);
    expect((await postWebhook(payload, { signature: "sha1=abc" })).status).toBe(401);
    expect((await postWebhook(payload, { signature: "sha256=zz" })).status).toBe(401);
    const goodSignature = await signBody(body, APP_SECRET);
    expect((await postWebhook(null, { raw: body.replace("hola", "HOLA"), signature: goodSignature })).status).toBe(401);
  });

  it("accepts a body signed over its \\u-escaped form even when it arrives as raw UTF-8 (Meta's documented quirk)", async () => {
    const c = customer();
    const raw = JSON.stringify(envelope({ contacts: [c], messages: [textMessage(c, "¿Mañana a las 10? Sí 👍")] }));
    const signature = await signBody(escapeNonAscii(raw), APP_SECRET);
    const res = await postWebhook(null, { raw, signature });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 1 });
  });

  it("refuses bodies over the size limit with 413 and a reason", async () => {
    const res = await postWebhook(null, { raw: "x".repeat(4 * 1024 * 1024 + 1), signature: "sha256=" + "0".repeat(64) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "payload_too_large" });
  });
});
