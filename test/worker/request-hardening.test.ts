// Hardening of the Worker's inputs: body caps before parsing (413 with the reason), the webhook's verify token,
// no account probing through invitations, private media never cached, and routing patterns RE2 can run.
import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { sampleFile } from "../../worker/sim/sample-media";
import { JSON_MAX_BYTES, UPLOAD_MAX_BYTES } from "../../worker/body-limits";
import { api, apiJson, conversationOf, login } from "./support/api";
import { createSecondWorkspace, OTHER } from "./support/second-workspace";
import { customerWrites, resetSimulator } from "./sim-helpers";
import { customerNumber } from "./support/whatsapp";

const BASE = "http://colmena.test";
const bigNote = (bytes: number) => JSON.stringify({ text: `Nota interna con acentos y emoji 🐝: ${"ñ".repeat(bytes / 2)}`, private: true, clientId: "n-grande" });

beforeEach(async () => {
  await resetSimulator();
});

describe("body caps", () => {
  it("refuses a JSON body over 64 KB with 413 and the limit, before it is parsed or the caller is even checked", async () => {
    const res = await exports.default.fetch(`${BASE}/api/conversations/cv_x/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await login("ana"), origin: BASE },
      body: bigNote(JSON_MAX_BYTES + 1024),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "payload_too_large", message: "JSON bodies are limited to 64 KB.", details: { maxBytes: 65536 } });
    // Unauthenticated callers are refused by size too: nothing reads the body.
    expect((await exports.default.fetch(`${BASE}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: bigNote(200_000) })).status).toBe(413);
  });

  it("counts a streamed body that declares no length, and stops it at the cap", async () => {
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 20) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await exports.default.fetch(`${BASE}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" }, body: stream, duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(20);
  });

  it("lets a normal body through (an internal note is stored)", async () => {
    const number = customerNumber();
    await customerWrites(number);
    const id = await conversationOf(number);
    const res = await exports.default.fetch(`${BASE}/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await login("ana"), origin: BASE },
      body: JSON.stringify({ text: "Cliente VIP 🐝, llamar antes de las 18:00", private: true, clientId: "nota-1" }),
    });
    expect(res.status).toBe(201);
  });

  it("caps uploads at WhatsApp's largest file, by the declared length", async () => {
    expect(UPLOAD_MAX_BYTES).toBe(100 * 1024 * 1024 + 64 * 1024);
    const res = await exports.default.fetch(`${BASE}/api/conversations/cv_x/attachments`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(UPLOAD_MAX_BYTES + 1), cookie: await login("ana"), origin: BASE },
      body: "--x--",
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(/WhatsApp's own limit/);
  });
});

describe("body caps of the file imports", () => {
  const knowledgeImport = async (body: string) =>
    exports.default.fetch(`${BASE}/api/admin/knowledge/import`, { method: "POST", headers: { "content-type": "text/plain", cookie: await login("admin"), origin: BASE }, body });
  // Blocks of "title\nbody", ~1 KB each: far over the JSON cap, under the knowledge route's own 1 MB.
  const blocks = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `Artículo ${tag} ${i}\n${"Envíos a Canarias y Baleares en 72 h. ".repeat(25)}`).join("\n\n");

  it("a knowledge file of a few hundred KB gets through the general cap to its route's 1 MB limit", async () => {
    const text = blocks(300, "grande");
    expect(new TextEncoder().encode(text).byteLength).toBeGreaterThan(4 * JSON_MAX_BYTES);
    const res = await knowledgeImport(text);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ created: 300, format: "text" });
  });

  it("a knowledge file over 1 MB is refused with 413 before it is read", async () => {
    const res = await knowledgeImport(blocks(1200, "enorme"));
    expect(res.status).toBe(413);
    expect((await res.json()) as object).toMatchObject({ error: "payload_too_large", message: expect.stringMatching(/^Knowledge imports are limited to 1 MB/) });
  });
});

describe("webhook verification handshake", () => {
  const handshake = (token: string) => exports.default.fetch(`${BASE}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`);

  it("answers the challenge only to the exact verify token (same length or not)", async () => {
    const ok = await handshake("dev-verify-token");
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    for (const wrong of ["dev-verify-tokeN", "dev-verify-toke", "dev-verify-token ", ""]) expect((await handshake(wrong)).status, wrong).toBe(403);
  });
});

describe("invitations do not reveal accounts elsewhere", () => {
  it("inviting an email that has an account in another workspace answers exactly like a new email", async () => {
    await createSecondWorkspace();
    const elsewhere = await apiJson("admin", "POST", "/api/admin/invites", { email: OTHER.admin, name: "Otto" });
    const fresh = await apiJson("admin", "POST", "/api/admin/invites", { email: "nuevo.agente@demo.test", name: "Núria" });
    expect(elsewhere.status).toBe(201);
    expect(fresh.status).toBe(201);
    expect(Object.keys(elsewhere.body).sort()).toEqual(Object.keys(fresh.body).sort());
    // Someone of this workspace is named, since the admin can see them anyway.
    const here = await apiJson("admin", "POST", "/api/admin/invites", { email: "carla@demo.test", name: "Carla" });
    expect(here.status).toBe(409);
    // The link cannot create a second account for the other workspace's person.
    expect((await api(null, "POST", `/api/auth/invites/${elsewhere.body.token}/accept`, { password: "contraseña-larga" })).status).toBe(409);
  });
});

describe("private media", () => {
  it("is served with no-store and a policy under which nothing in it can run", async () => {
    const number = customerNumber();
    await customerWrites(number);
    const id = await conversationOf(number);
    const form = new FormData();
    form.set("file", new File([sampleFile("image", "image/png")!.bytes], "factura-marzo.png", { type: "image/png" }));
    const sent = await exports.default.fetch(`${BASE}/api/conversations/${id}/attachments`, { method: "POST", headers: { cookie: await login("ana"), origin: BASE }, body: form });
    expect(sent.status).toBe(201);
    const { message } = (await sent.json()) as { message: { id: string } };
    const media = await exports.default.fetch(`${BASE}/api/conversations/${id}/messages/${message.id}/media`, { headers: { cookie: await login("ana") } });
    expect(media.status).toBe(200);
    expect(media.headers.get("cache-control")).toBe("private, no-store");
    expect(media.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(media.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("routing-rule patterns", () => {
  it("refuses a pattern RE2 cannot run in linear time, with the reason", async () => {
    const res = await apiJson("admin", "POST", "/api/admin/rules", { name: "Sin devoluciones", conditions: { textMatches: "(?!devoluci)pedido" }, actions: { priority: "high" } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/lookaround and backreferences are not supported/);
    const ok = await apiJson("admin", "POST", "/api/admin/rules", { name: "Facturas", conditions: { textMatches: "factura|recib[oí]" }, actions: { priority: "high" } });
    expect(ok.status).toBe(201);
  });
});
