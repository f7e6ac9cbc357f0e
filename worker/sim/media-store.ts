// Simulated WhatsApp media: uploaded and customer-sent files in SQLite (chunked: a row holds at most 2 MB),
// short-lived download URLs, and zero-padded downloads for files that pretend to be bigger than they are.

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sim_media (id TEXT PRIMARY KEY, phone_number_id TEXT NOT NULL, mime_type TEXT NOT NULL,
  sha256_hex TEXT NOT NULL, size INTEGER NOT NULL, stored_size INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sim_media_chunks (media_id TEXT NOT NULL, seq INTEGER NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (media_id, seq));
CREATE TABLE IF NOT EXISTS sim_media_urls (token TEXT PRIMARY KEY, media_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
`;
const TABLES = ["sim_media", "sim_media_chunks", "sim_media_urls"];
const CHUNK_BYTES = 512 * 1024;

export interface MediaRecord {
  id: string;
  phoneNumberId: string;
  mimeType: string;
  sha256Hex: string;
  /** The size Meta reports (and the download delivers); may exceed the stored bytes, which are then zero-padded. */
  size: number;
  storedSize: number;
  createdAt: number;
}

type Row = Record<string, SqlStorageValue>;

/** Media ids are numeric strings of 15–16 digits. */
export function newMediaId(): string {
  const [a, b] = crypto.getRandomValues(new Uint32Array(2));
  return `1${String(a).padStart(10, "0")}${String(b % 100_000).padStart(5, "0")}`;
}

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The stored bytes followed by zeros up to `size`, streamed so a "100 MB" file never sits in memory. */
function paddedStream(chunks: () => Iterable<Uint8Array>, size: number): ReadableStream<Uint8Array> {
  const iterator = chunks()[Symbol.iterator]();
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      const next = iterator.next();
      const piece = next.done ? new Uint8Array(Math.min(CHUNK_BYTES, size - sent)) : next.value.subarray(0, size - sent);
      sent += piece.byteLength;
      controller.enqueue(piece);
    },
  });
}

export class MediaStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  reset(): void {
    for (const table of TABLES) this.sql.exec(`DELETE FROM ${table}`);
  }

  /** Stores a file; `declaredSize` (≥ the real size) makes it pretend to be bigger. Returns the record. */
  async put(phoneNumberId: string, mimeType: string, bytes: Uint8Array, now: number, declaredSize?: number): Promise<MediaRecord> {
    const id = newMediaId();
    const size = Math.max(declaredSize ?? bytes.byteLength, bytes.byteLength);
    const sha256Hex = size === bytes.byteLength ? hex(await crypto.subtle.digest("SHA-256", bytes)) : await this.#paddedDigest(bytes, size);
    this.sql.exec(
      "INSERT INTO sim_media (id, phone_number_id, mime_type, sha256_hex, size, stored_size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      id, phoneNumberId, mimeType, sha256Hex, size, bytes.byteLength, now,
    );
    for (let offset = 0, seq = 0; offset < bytes.byteLength; offset += CHUNK_BYTES, seq++) {
      // Copy: a subarray's ArrayBuffer would store the whole upload in every chunk.
      this.sql.exec("INSERT INTO sim_media_chunks (media_id, seq, bytes) VALUES (?, ?, ?)", id, seq, bytes.slice(offset, offset + CHUNK_BYTES).buffer);
    }
    return { id, phoneNumberId, mimeType, sha256Hex, size, storedSize: bytes.byteLength, createdAt: now };
  }

  async #paddedDigest(bytes: Uint8Array, size: number): Promise<string> {
    const digest = new crypto.DigestStream("SHA-256");
    await paddedStream(() => [bytes], size).pipeTo(digest);
    return hex(await digest.digest);
  }

  get(id: string): MediaRecord | null {
    const r = this.sql.exec<Row>("SELECT * FROM sim_media WHERE id = ?", id).toArray()[0];
    if (!r) return null;
    return {
      id: String(r.id),
      phoneNumberId: String(r.phone_number_id),
      mimeType: String(r.mime_type),
      sha256Hex: String(r.sha256_hex),
      size: Number(r.size),
      storedSize: Number(r.stored_size),
      createdAt: Number(r.created_at),
    };
  }

  delete(id: string): boolean {
    const existed = this.get(id) !== null;
    this.sql.exec("DELETE FROM sim_media WHERE id = ?", id);
    this.sql.exec("DELETE FROM sim_media_chunks WHERE media_id = ?", id);
    this.sql.exec("DELETE FROM sim_media_urls WHERE media_id = ?", id);
    return existed;
  }

  /** A fresh download token for `id`, valid until `expiresAt` (ms). */
  issueUrlToken(id: string, expiresAt: number): string {
    const token = hex(crypto.getRandomValues(new Uint8Array(16)).buffer);
    this.sql.exec("INSERT INTO sim_media_urls (token, media_id, expires_at) VALUES (?, ?, ?)", token, id, expiresAt);
    return token;
  }

  /** The media a download token points at, or null when unknown, expired or the file was deleted. */
  byUrlToken(token: string, mediaId: string, now: number): MediaRecord | null {
    const r = this.sql.exec<Row>("SELECT media_id, expires_at FROM sim_media_urls WHERE token = ?", token).toArray()[0];
    if (!r || String(r.media_id) !== mediaId || Number(r.expires_at) <= now) return null;
    return this.get(mediaId);
  }

  /** The file's bytes as Meta would serve them (zero-padded up to its reported size). */
  stream(record: MediaRecord): ReadableStream<Uint8Array> {
    const sql = this.sql;
    const chunkCount = Math.ceil(record.storedSize / CHUNK_BYTES);
    function* chunks(): Generator<Uint8Array> {
      // One chunk per pull, read lazily: a large upload is never all in memory at once.
      for (let seq = 0; seq < chunkCount; seq++) {
        const row = sql.exec<{ bytes: ArrayBuffer }>("SELECT bytes FROM sim_media_chunks WHERE media_id = ? AND seq = ?", record.id, seq).toArray()[0];
        if (row) yield new Uint8Array(row.bytes);
      }
    }
    return paddedStream(chunks, record.size);
  }
}
