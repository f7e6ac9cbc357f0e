// A multipart/form-data body read part by part as it streams in, so a 100 MB file never sits whole in memory
// (Request.formData() buffers everything). Holds at most one network chunk plus a boundary's length at a time.

export interface PartHead {
  name: string;
  /** Set (possibly "") when the part is a file; null for a plain field. */
  filename: string | null;
  contentType: string | null;
}

/** The body is not the multipart/form-data it claims to be. */
export class MalformedMultipart extends Error {}

const CR = 13;
const MAX_HEADER_BYTES = 16 * 1024;
const encoder = new TextEncoder();

/** The reader for a multipart/form-data request, or null when the request is not one (or has no body). */
export function multipartReader(request: Request): MultipartReader | null {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type) || !request.body) return null;
  const boundary = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(type);
  if (!boundary) return null;
  return new MultipartReader(request.body.getReader(), boundary[1] ?? boundary[2]!);
}

export class MultipartReader {
  readonly #source: ReadableStreamDefaultReader<Uint8Array>;
  /** "\r\n--boundary": what ends every part's body. */
  readonly #delimiter: Uint8Array;
  /** A CRLF is put in front so that the first boundary looks like every other one. */
  #pending: Uint8Array = Uint8Array.of(CR, 10);
  /** Bytes taken from the request's stream so far. */
  #pulled = 0;
  /** The request's stream has no more bytes. */
  #ended = false;
  /** Before the first boundary, inside a part's body, right after a boundary, or past the closing one. */
  #at: "start" | "body" | "boundary" | "done" = "start";

  constructor(source: ReadableStreamDefaultReader<Uint8Array>, boundary: string) {
    this.#source = source;
    this.#delimiter = encoder.encode(`\r\n--${boundary}`);
  }

  /** How far into the request's body the reader has handed bytes out (the 2-byte CRLF it invents aside). */
  get position(): number {
    return this.#pulled - this.#pending.length;
  }

  /** The next part's headers (skipping what is left of the current part and any preamble), or null after the last. */
  async nextPart(): Promise<PartHead | null> {
    if (this.#at === "done") return null;
    if (this.#at === "start") await this.#skipPreamble();
    while (this.#at === "body") await this.read();
    // After a boundary: "--" closes the form; otherwise optional whitespace, then CRLF and the part's headers.
    await this.#fill(2);
    if (this.#pending[0] === 45 && this.#pending[1] === 45) {
      this.#at = "done";
      await this.cancel();
      return null;
    }
    const headerEnd = await this.#find(encoder.encode("\r\n\r\n"), MAX_HEADER_BYTES);
    if (headerEnd < 0) throw new MalformedMultipart("A part's headers never end (or are over 16 KB).");
    const lines = new TextDecoder().decode(this.#pending.subarray(0, headerEnd)).split("\r\n").slice(1);
    this.#pending = this.#pending.subarray(headerEnd + 4);
    this.#at = "body";
    return partHead(lines);
  }

  /** The next bytes of the current part's body, or null at its end. */
  async read(): Promise<Uint8Array | null> {
    if (this.#at !== "body") return null;
    for (;;) {
      const at = indexOf(this.#pending, this.#delimiter, 0);
      if (at >= 0) {
        const chunk = this.#pending.subarray(0, at);
        this.#pending = this.#pending.subarray(at + this.#delimiter.length);
        this.#at = "boundary";
        return chunk.length ? chunk : null;
      }
      // Everything but a tail that could be the start of the delimiter is certainly body.
      const safe = this.#pending.length - (this.#delimiter.length - 1);
      if (safe > 0) {
        const chunk = this.#pending.subarray(0, safe);
        this.#pending = this.#pending.subarray(safe);
        return chunk;
      }
      if (!(await this.#pull())) throw new MalformedMultipart("The body ends inside a part (no closing boundary).");
    }
  }

  /** The whole body of the current part as text, refusing more than `maxBytes`. */
  async text(maxBytes: number): Promise<string> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (let chunk: Uint8Array | null; (chunk = await this.read()); ) {
      size += chunk.length;
      if (size > maxBytes) throw new MalformedMultipart(`A form field is over ${maxBytes} bytes.`);
      chunks.push(chunk.slice());
    }
    return new TextDecoder().decode(concat(chunks));
  }

  /** Stops reading the request (after a refusal, or once the form is complete). */
  async cancel(): Promise<void> {
    this.#ended = true;
    await this.#source.cancel().catch(() => undefined);
  }

  async #skipPreamble(): Promise<void> {
    for (;;) {
      const at = indexOf(this.#pending, this.#delimiter, 0);
      if (at >= 0) {
        this.#pending = this.#pending.subarray(at + this.#delimiter.length);
        return;
      }
      if (this.#pending.length > MAX_HEADER_BYTES) throw new MalformedMultipart("No multipart boundary where the form should start.");
      if (!(await this.#pull())) throw new MalformedMultipart("The body has no part with the declared boundary.");
    }
  }

  /** Index of `needle` in the pending bytes, reading more as needed but never holding over `limit` bytes. */
  async #find(needle: Uint8Array, limit: number): Promise<number> {
    let from = 0;
    for (;;) {
      const at = indexOf(this.#pending, needle, from);
      if (at >= 0) return at;
      if (this.#pending.length > limit) return -1;
      from = Math.max(0, this.#pending.length - needle.length + 1);
      if (!(await this.#pull())) return -1;
    }
  }

  async #fill(bytes: number): Promise<void> {
    while (this.#pending.length < bytes) {
      if (!(await this.#pull())) throw new MalformedMultipart("The body ends right after a boundary.");
    }
  }

  async #pull(): Promise<boolean> {
    if (this.#ended) return false;
    const { done, value } = await this.#source.read();
    if (done) {
      this.#ended = true;
      return false;
    }
    this.#pulled += value.length;
    this.#pending = this.#pending.length ? concat([this.#pending, value]) : value;
    return true;
  }
}

function partHead(lines: string[]): PartHead {
  const header = (name: string) => lines.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? null;
  const disposition = header("content-disposition") ?? "";
  if (!/^form-data\s*(;|$)/i.test(disposition)) throw new MalformedMultipart("A part has no Content-Disposition: form-data.");
  const name = param(disposition, "name");
  if (name === null) throw new MalformedMultipart("A part has no name.");
  const extended = /;\s*filename\*\s*=\s*utf-8''([^;\s]*)/i.exec(disposition);
  let filename = param(disposition, "filename");
  if (extended) {
    try {
      filename = decodeURIComponent(extended[1]!);
    } catch {
      // keep the plain filename
    }
  }
  return { name, filename, contentType: header("content-type") };
}

/** A `key="value"` (or bare token) parameter of a header; browsers escape `"` in values, RFC 7578 allows `\"`. */
function param(header: string, key: string): string | null {
  const match = new RegExp(`;\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, "i").exec(header);
  if (!match) return null;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2]!;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  for (let i = haystack.indexOf(first, from); i >= 0 && i <= haystack.length - needle.length; i = haystack.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
