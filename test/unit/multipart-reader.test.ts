// The streaming multipart reader behind file uploads: whatever sizes the network cuts the body into (down to single
// bytes, a boundary split across chunks), it yields the same parts and bytes as the whole form.
import { describe, expect, it } from "vitest";
import { MalformedMultipart, multipartReader } from "../../worker/conversations/multipart-reader";

async function formBytes(form: FormData): Promise<{ bytes: Uint8Array; type: string }> {
  const res = new Response(form);
  return { bytes: new Uint8Array(await res.arrayBuffer()), type: res.headers.get("content-type")! };
}

function chunked(bytes: Uint8Array, sizes: (i: number) => number): ReadableStream<Uint8Array> {
  let at = 0;
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const n = Math.max(1, sizes(i++));
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

async function readAll(body: ReadableStream<Uint8Array>, type: string) {
  const reader = multipartReader(new Request("http://x/", { method: "POST", body, headers: { "content-type": type }, duplex: "half" } as RequestInit))!;
  const parts: Array<{ name: string; filename: string | null; contentType: string | null; data: number[] }> = [];
  for (let head; (head = await reader.nextPart()); ) {
    const data: number[] = [];
    for (let chunk; (chunk = await reader.read()); ) data.push(...chunk);
    parts.push({ ...head, data });
  }
  return parts;
}

describe("multipart reader", () => {
  it("yields the same parts for every way of cutting the body", async () => {
    // Bytes that look like the delimiter's start ("\r\n--") inside the file, and a field after the file.
    const file = new Uint8Array([13, 10, 45, 45, 45, 13, 10, 0, 255, 13, 13, 10, 45, ...new TextEncoder().encode("ñandú 🐝"), 13, 10]);
    const form = new FormData();
    form.set("file", new File([file], "presupuesto «año» 2025.pdf", { type: "application/pdf" }));
    form.set("caption", "Hola, aquí va 📎\r\n--no es un límite");
    const { bytes, type } = await formBytes(form);
    const expected = [
      { name: "file", filename: "presupuesto «año» 2025.pdf", contentType: "application/pdf", data: [...file] },
      { name: "caption", filename: null, contentType: null, data: [...new TextEncoder().encode("Hola, aquí va 📎\r\n--no es un límite")] },
    ];
    for (const size of [1, 2, 3, 5, 7, 13, 31, 64, 1000]) expect(await readAll(chunked(bytes, () => size), type), `chunks of ${size}`).toEqual(expected);
    let seed = 1;
    const random = () => ((seed = (seed * 48271) % 2147483647) % 40) + 1;
    expect(await readAll(chunked(bytes, random), type)).toEqual(expected);
  });

  it("refuses a form cut short, and is null for a body that is not multipart", async () => {
    const body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhola sin final";
    await expect(readAll(chunked(new TextEncoder().encode(body), () => 4), "multipart/form-data; boundary=b")).rejects.toBeInstanceOf(MalformedMultipart);
    expect(multipartReader(new Request("http://x/", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }))).toBeNull();
    expect(multipartReader(new Request("http://x/", { method: "POST", body: "x", headers: { "content-type": "multipart/form-data" } }))).toBeNull();
  });
});
