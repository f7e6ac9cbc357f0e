// Meta's Resumable Upload API as the simulator serves it (meta-api.md §11.1): the sample file a media-header
// template is reviewed with. Open a session (`POST /{app-id}/uploads`), send the bytes from offset 0
// (`POST /upload:<id>`, answered with the handle `h`), or ask where a session stands (`GET /upload:<id>`).
// Only the metadata is kept: templates are created with the handle, never with the bytes.
import type { Hono } from "hono";
import { errorResponse, graphError, invalidParameter, jsonResponse, unknownObjectError } from "./graph-errors";

/** The types Meta accepts for template samples. */
export const UPLOAD_FILE_TYPES = ["image/jpeg", "image/jpg", "image/png", "video/mp4", "application/pdf"] as const;
/** Meta caps a session at this size; the per-kind limits apply when the template is sent. */
const MAX_FILE_LENGTH = 100 * 1024 * 1024;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sim_uploads (id TEXT PRIMARY KEY, app_id TEXT NOT NULL, file_name TEXT NOT NULL,
  file_length INTEGER NOT NULL, file_type TEXT NOT NULL, file_offset INTEGER NOT NULL, handle TEXT UNIQUE, created_at INTEGER NOT NULL);
`;

type Row = Record<string, SqlStorageValue>;

const opaque = (bytes: number) => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes)))).replace(/[+/=]/g, "");

export class UploadStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  reset(): void {
    this.sql.exec("DELETE FROM sim_uploads");
  }

  open(appId: string, file: { name: string; length: number; type: string }, now: number): string {
    const id = `upload:${opaque(24)}`;
    this.sql.exec(
      "INSERT INTO sim_uploads (id, app_id, file_name, file_length, file_type, file_offset, handle, created_at) VALUES (?, ?, ?, ?, ?, 0, NULL, ?)",
      id, appId, file.name, file.length, file.type, now,
    );
    return id;
  }

  session(id: string): { fileLength: number; fileType: string; offset: number; handle: string | null } | null {
    const r = this.sql.exec<Row>("SELECT * FROM sim_uploads WHERE id = ?", id).toArray()[0];
    if (!r) return null;
    return { fileLength: Number(r.file_length), fileType: String(r.file_type), offset: Number(r.file_offset), handle: r.handle === null ? null : String(r.handle) };
  }

  /** Marks the whole file received and issues its handle. */
  complete(id: string, length: number): string {
    const handle = `4::${opaque(33)}`;
    this.sql.exec("UPDATE sim_uploads SET file_offset = ?, handle = ? WHERE id = ?", length, handle, id);
    return handle;
  }

  /** The file type a handle was issued for, or null when the simulator never issued it. */
  handleType(handle: string): string | null {
    const r = this.sql.exec<Row>("SELECT file_type FROM sim_uploads WHERE handle = ?", handle).toArray()[0];
    return r ? String(r.file_type) : null;
  }
}

const HEADER_TYPES: Record<string, readonly string[]> = {
  IMAGE: ["image/jpeg", "image/jpg", "image/png"],
  VIDEO: ["video/mp4"],
  DOCUMENT: ["application/pdf"],
};

/** Why a media header's handles would be refused at creation (unknown handle, or a file of the wrong kind); null when fine. */
export function headerHandleProblem(uploads: Pick<UploadStore, "handleType">, format: string, handles: string[]): string | null {
  for (const handle of handles) {
    const type = uploads.handleType(handle);
    if (type === null) return `The header_handle "${handle.slice(0, 40)}" was not issued by the Resumable Upload API (upload the sample with POST /{app-id}/uploads first).`;
    const allowed = HEADER_TYPES[format];
    if (allowed && !allowed.includes(type)) return `The ${format} header's sample is of type ${type}; expected one of ${allowed.join(", ")}.`;
  }
  return null;
}

export function resumableUploadApi(app: Hono, uploads: UploadStore, now: () => number): void {
  app.post("/:app/uploads", (c) => {
    const name = c.req.query("file_name") ?? "";
    const lengthRaw = c.req.query("file_length") ?? "";
    const type = c.req.query("file_type") ?? "";
    if (!name.trim()) return errorResponse(invalidParameter("The parameter file_name is required."));
    const length = Number(lengthRaw);
    if (!/^\d+$/.test(lengthRaw) || length < 1 || length > MAX_FILE_LENGTH) {
      return errorResponse(invalidParameter(`Param file_length must be a positive integer of at most ${MAX_FILE_LENGTH} bytes.`));
    }
    if (!(UPLOAD_FILE_TYPES as readonly string[]).includes(type)) {
      return errorResponse(invalidParameter(`Param file_type must be one of ${UPLOAD_FILE_TYPES.join(", ")} (got '${type}').`));
    }
    return jsonResponse({ id: uploads.open(c.req.param("app"), { name, length, type }, now()) });
  });

  app.post("/:id{upload:[^/]+}", async (c) => {
    const id = c.req.param("id");
    const session = uploads.session(id);
    if (!session) return errorResponse(unknownObjectError(id, "post"), 400);
    const offsetRaw = c.req.header("file_offset") ?? c.req.header("file-offset");
    if (offsetRaw === undefined) return errorResponse(invalidParameter("The header file_offset is required."));
    // One-shot uploads only: a session already finished, or a resume from elsewhere, is refused with where it stands.
    if (offsetRaw !== String(session.offset) || session.handle !== null) {
      return errorResponse(graphError(100, { details: `Invalid file_offset ${offsetRaw}: the upload session is at offset ${session.offset}${session.handle ? " and already complete" : ""}.` }));
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength !== session.fileLength) {
      return errorResponse(invalidParameter(`The uploaded file is ${bytes.byteLength} bytes; the session was opened with file_length ${session.fileLength}.`));
    }
    return jsonResponse({ h: uploads.complete(id, bytes.byteLength) });
  });

  app.get("/:id{upload:[^/]+}", (c) => {
    const id = c.req.param("id");
    const session = uploads.session(id);
    if (!session) return errorResponse(unknownObjectError(id, "get"), 400);
    return jsonResponse({ id, file_offset: session.offset });
  });
}
