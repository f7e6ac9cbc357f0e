// Agents' files stream into R2 as they arrive instead of being buffered whole: the bytes land intact (small files
// in one put, large ones as an R2 multipart upload), and a file over WhatsApp's limit is refused while it is still
// arriving, with nothing stored.
import { env, exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { login, conversationOf } from "./support/api";
import { customerWrites, resetSimulator } from "./sim-helpers";
import { customerNumber } from "./support/whatsapp";
import { sampleFile } from "../../worker/sim/sample-media";

const BASE = "http://colmena.test";
const MB = 1024 * 1024;

beforeEach(async () => {
  await resetSimulator();
});

async function openConversation(): Promise<string> {
  const number = customerNumber();
  await customerWrites(number);
  return conversationOf(number);
}

async function post(id: string, body: BodyInit, headers: Record<string, string> = {}) {
  const res = await exports.default.fetch(`${BASE}/api/conversations/${id}/attachments`, {
    method: "POST",
    headers: { cookie: await login("ana"), origin: BASE, ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** The inbox's order: the file first, then caption and clientId. */
function form(file: File, fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  f.set("file", file);
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

/** Bytes that change all along, so a lost, repeated or shifted chunk changes the hash. */
function noise(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const sha256 = async (bytes: ArrayBuffer | Uint8Array) => [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");

async function storedUnder(conversationId: string): Promise<R2Object[]> {
  return (await env.MEDIA.list({ limit: 1000 })).objects.filter((o) => o.key.includes(`/${conversationId}/`));
}

async function mediaOf(id: string, messageId: string): Promise<Response> {
  return exports.default.fetch(`${BASE}/api/conversations/${id}/messages/${messageId}/media`, { headers: { cookie: await login("ana") } });
}

describe("streamed uploads", () => {
  it("a 12 MB PDF crosses several R2 parts and is stored byte for byte, with its accented name, caption and clientId", async () => {
    const id = await openConversation();
    const pdf = noise(12 * MB + 12_345, 7);
    pdf.set(new TextEncoder().encode("%PDF-1.7\n"));
    const sent = await post(id, form(new File([pdf], "presupuesto-año-2025 «final».pdf", { type: "application/pdf" }), { caption: "Aquí va el presupuesto 📎", clientId: "pdf-grande" }));
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({ kind: "document", text: "Aquí va el presupuesto 📎", media: { mimeType: "application/pdf", state: "stored", filename: "presupuesto-año-2025 «final».pdf" } });
    const [object] = await storedUnder(id);
    expect(object?.size).toBe(pdf.length);
    const media = await mediaOf(id, sent.body.message.id);
    expect(media.status).toBe(200);
    expect(await sha256(await media.arrayBuffer())).toBe(await sha256(pdf));
  });

  it("a small image is stored intact in one put", async () => {
    const id = await openConversation();
    const png = sampleFile("image", "image/png")!.bytes;
    const sent = await post(id, form(new File([png], "plano.png", { type: "image/png" })));
    expect(sent.status).toBe(201);
    const media = await mediaOf(id, sent.body.message.id);
    expect(await sha256(await media.arrayBuffer())).toBe(await sha256(png));
  });

  it("an image just over 5 MB is refused with the reason and nothing is stored", async () => {
    const id = await openConversation();
    const res = await post(id, form(new File([noise(5 * MB + 1, 3)], "foto.jpg", { type: "image/jpeg" })));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: "media_too_large", message: expect.stringMatching(/^image is 5\.0 MB; WhatsApp allows up to 5 MB$/) });
    expect(await storedUnder(id)).toEqual([]);
    // Exactly at the limit is fine.
    expect((await post(id, form(new File([noise(5 * MB, 4)], "foto.jpg", { type: "image/jpeg" })))).status).toBe(201);
  });

  it("refuses an oversized file while it is still arriving: the rest of the body is never read", async () => {
    const id = await openConversation();
    const boundary = "----colmena-prueba";
    const enc = new TextEncoder();
    const head = enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="clientId"\r\n\r\nlento-1\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="video.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
    const chunk = noise(64 * 1024, 9);
    const chunks = 400; // 25 MB of video, over WhatsApp's 16 MB
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled === 0) controller.enqueue(head);
        if (pulled === chunks) {
          controller.enqueue(enc.encode(`\r\n--${boundary}--\r\n`));
          return controller.close();
        }
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const res = await post(id, body, { "content-type": `multipart/form-data; boundary=${boundary}`, "transfer-encoding": "chunked" });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe("media_too_large");
    expect(pulled).toBeLessThan(chunks);
    expect(await storedUnder(id)).toEqual([]);
  });

  it("a body of undeclared length is counted while it streams and stopped at the upload cap (413)", async () => {
    const id = await openConversation();
    const boundary = "----colmena-relleno";
    const enc = new TextEncoder();
    const chunk = new Uint8Array(1024 * 1024).fill(120);
    const chunks = 120; // a 120 MB field that is not the file: skipped, yet still counted
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled === 0) controller.enqueue(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="relleno"\r\n\r\n`));
        if (pulled === chunks) return controller.close();
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const res = await post(id, body, { "content-type": `multipart/form-data; boundary=${boundary}`, "transfer-encoding": "chunked" });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: "payload_too_large", message: expect.stringMatching(/WhatsApp's own limit/) });
    expect(pulled).toBeLessThan(chunks);
  });

  it("reads a sticker's first bytes for its limit: 150 KB passes when animated, not when static", async () => {
    const id = await openConversation();
    const webp = (animated: boolean) => {
      const bytes = noise(150 * 1024, animated ? 1 : 2);
      bytes.set(new TextEncoder().encode("RIFF"), 0);
      bytes.set(new TextEncoder().encode("WEBPVP8X"), 8);
      bytes[20] = animated ? 0x02 : 0x00;
      return new File([bytes], "pegatina.webp", { type: "image/webp" });
    };
    const still = await post(id, form(webp(false)));
    expect(still.status).toBe(422);
    expect(still.body.error).toBe("media_too_large");
    expect((await post(id, form(webp(true)))).status).toBe(201);
  });

  it("stores nothing for a conversation the caller cannot see, and refuses what is not a form", async () => {
    const unseen = await conversationOf(customerNumber());
    const res = await post(unseen, form(new File([noise(1000, 5)], "nota.txt", { type: "text/plain" })));
    expect(res.status).toBe(404);
    expect(await storedUnder(unseen)).toEqual([]);
    const id = await openConversation();
    const broken = await post(id, "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nsin final", { "content-type": "multipart/form-data; boundary=x" });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: "invalid_request", message: expect.stringMatching(/no closing boundary/) });
    expect(await storedUnder(id)).toEqual([]);
    const captionOnly = new FormData();
    captionOnly.set("caption", "solo texto");
    const noFile = await post(id, captionOnly);
    expect(noFile).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });
});
