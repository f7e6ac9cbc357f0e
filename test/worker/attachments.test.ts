// Agents send files: checked against WhatsApp's type and size limits before anything is stored, kept in R2,
// uploaded to the Graph API once and sent by media id with the caption; ticks come back like any reply.
import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { sampleFile } from "../../worker/sim/sample-media";
import { apiJson, conversationOf, login } from "./support/api";
import { customerNumber, nowSeconds } from "./support/whatsapp";
import { customerWrites, resetSimulator, sentTo, waitFor } from "./sim-helpers";

async function upload(id: string, file: File, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("file", file);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const res = await exports.default.fetch(`http://colmena.test/api/conversations/${id}/attachments`, {
    method: "POST",
    headers: { cookie: await login("ana"), origin: "http://colmena.test" },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const png = () => {
  const sample = sampleFile("image", "image/png")!;
  return new File([sample.bytes], "plano.png", { type: "image/png" });
};

beforeEach(async () => {
  await resetSimulator();
});

describe("attachments", () => {
  it("uploads an image once, sends it by media id with its caption, and the ticks come back", async () => {
    const number = customerNumber();
    await customerWrites(number);
    const id = await conversationOf(number);
    const sent = await upload(id, png(), { caption: "Aquí tienes el plano", clientId: "att-1" });
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({ kind: "image", direction: "out", status: "pending", text: "Aquí tienes el plano", media: { mimeType: "image/png", state: "stored" } });
    const log = await waitFor(() => sentTo(number), (l) => l.messages[0]?.statuses.some((s) => s.status === "read") ?? false);
    expect(log.messages).toHaveLength(1);
    const body = log.messages[0]!.body as { type: string; image: { id: string; caption: string } };
    expect(body.type).toBe("image");
    expect(body.image.caption).toBe("Aquí tienes el plano");
    expect(body.image.id).toMatch(/\d+/);
    // Retrying the same upload (same clientId) sends nothing more.
    expect((await upload(id, png(), { clientId: "att-1" })).status).toBe(200);
    // The agent can open what they sent.
    const media = await exports.default.fetch(`http://colmena.test/api/conversations/${id}/messages/${sent.body.message.id}/media`, { headers: { cookie: await login("ana") } });
    expect(media.headers.get("content-type")).toBe("image/png");
    expect((await sentTo(number)).messages).toHaveLength(1);
  });

  it("refuses a type WhatsApp does not accept, or a file over its limit, with the reason", async () => {
    const number = customerNumber();
    await customerWrites(number);
    const id = await conversationOf(number);
    const gif = await upload(id, new File([new Uint8Array(100)], "animado.gif", { type: "image/gif" }));
    expect(gif.status).toBe(422);
    expect(gif.body).toMatchObject({ error: "media_type_not_allowed" });
    expect(gif.body.message).toMatch(/image\/gif is not accepted/);
    const huge = await upload(id, new File([new Uint8Array(6 * 1024 * 1024)], "foto.jpg", { type: "image/jpeg" }));
    expect(huge.status).toBe(422);
    expect(huge.body).toMatchObject({ error: "media_too_large" });
    expect((await sentTo(number)).messages).toHaveLength(0);
  });

  it("refuses files outside the 24-hour window and without a file", async () => {
    const number = customerNumber();
    await customerWrites(number, { timestamp: nowSeconds() - 26 * 3600 });
    const id = await conversationOf(number);
    expect((await upload(id, png())).body.error).toBe("window_closed");
    const empty = await exports.default.fetch(`http://colmena.test/api/conversations/${id}/attachments`, {
      method: "POST",
      headers: { cookie: await login("ana"), origin: "http://colmena.test", "content-type": "application/json" },
      body: "{}",
    });
    expect(empty.status).toBe(400);
    expect((await apiJson("ana", "GET", `/api/conversations/${id}/messages`)).body.messages.filter((m: { direction: string }) => m.direction === "out")).toHaveLength(0);
  });
});
