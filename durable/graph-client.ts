// A small client for the WhatsApp Cloud API (Graph API): send messages, mark as read, fetch inbound media.
// Used by the conversation object's outbox. The base URL comes from config: Meta in production, or "/…" for
// the Graph simulator served by this same Worker (reached through the Worker's loopback binding).

export interface GraphConfig {
  /** "https://graph.facebook.com" in production; "/__sim/graph" for the local simulator. */
  base: string;
  version: string;
  token: string;
  /** How to reach a path on this same Worker when `base` is relative (ctx.exports.default.fetch). */
  loopback?: (request: Request) => Promise<Response>;
  /** Give up on one request after this long (its outcome is then unknown). Default 15 s. */
  timeoutMs?: number;
}

export interface GraphErrorBody {
  message: string;
  type?: string;
  code: number;
  error_subcode?: number;
  error_data?: { messaging_product?: string; details?: string };
  fbtrace_id?: string;
}

/** What went wrong, classified for the outbox: retry later, give up with a reason, or unknown outcome. */
export type GraphFailure =
  | { kind: "transient"; status: number; code: number | null; reason: string; retryAfterMs?: number }
  | { kind: "permanent"; status: number; code: number | null; reason: string; subcode?: number }
  /** The request may have reached Meta (timeout, dropped connection): a retry could double-send. */
  | { kind: "unknown"; reason: string };

export type GraphResult<T> = { ok: true; value: T } | { ok: false; failure: GraphFailure };

export interface SendResponse {
  messaging_product: "whatsapp";
  contacts?: Array<{ input: string; wa_id: string }>;
  messages: Array<{ id: string; message_status?: string }>;
}

export interface MediaDescriptor {
  url: string;
  mime_type: string;
  sha256?: string;
  file_size?: string | number;
  id: string;
}

// Codes Meta documents as "try again later" (throughput, temporary unavailability, maintenance).
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 341, 80007, 130429, 131000, 131016, 131056, 131057, 133004]);
const DEFAULT_TIMEOUT_MS = 15_000;

export function classifyGraphError(status: number, error: GraphErrorBody | null): GraphFailure {
  const code = error?.code ?? null;
  const reason = error?.error_data?.details || error?.message || `HTTP ${status}`;
  if (status === 429 || status >= 500 || (code !== null && TRANSIENT_CODES.has(code))) {
    // Pair-rate limit: Meta asks to wait 4^n seconds; the outbox's backoff does that, starting higher.
    return { kind: "transient", status, code, reason, retryAfterMs: code === 131056 ? 6_000 : undefined };
  }
  return error?.error_subcode ? { kind: "permanent", status, code, reason, subcode: error.error_subcode } : { kind: "permanent", status, code, reason };
}

/** Where Meta serves inbound media (lookaside.fbsbx.com today) and its other API and CDN domains. */
export const META_MEDIA_DOMAINS = ["fbsbx.com", "facebook.com", "fbcdn.net", "whatsapp.net"] as const;

const safeHost = (url: string) => {
  try {
    return new URL(url).host.slice(0, 100);
  } catch {
    return "(not a URL)";
  }
};

/**
 * True when the token may be sent to this media URL: https on one of Meta's domains (or the configured Graph host,
 * for a proxy). With the local simulator (a relative base) every URL is served by this Worker, so the path must be
 * the simulator's own.
 */
export function isMetaMediaUrl(url: string, base: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (base.startsWith("/")) return parsed.pathname.startsWith(`${base.replace(/\/$/, "")}/`);
  if (parsed.protocol !== "https:" || parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  const configured = new URL(base).hostname.toLowerCase();
  return host === configured || META_MEDIA_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
}

export class GraphClient {
  constructor(private readonly config: GraphConfig) {}

  private url(path: string): string {
    return `${this.config.base.replace(/\/$/, "")}/${this.config.version}/${path.replace(/^\//, "")}`;
  }

  /** Every Graph request goes through here, so loopback routing and timeouts live in one place. */
  private async fetch(url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${this.config.token}`);
    const signal = AbortSignal.timeout(this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (this.config.base.startsWith("/")) {
      // Simulator mode: every Graph URL (including media download URLs it hands out) is served by this Worker.
      if (!this.config.loopback) throw new Error("Graph base is relative but no loopback binding was given");
      const parsed = new URL(url, "http://loopback");
      return this.config.loopback(new Request(`http://loopback${parsed.pathname}${parsed.search}`, { ...init, headers, signal }));
    }
    return fetch(url, { ...init, headers, signal });
  }

  private async call<T>(url: string, init: RequestInit): Promise<GraphResult<T>> {
    let response: Response;
    try {
      response = await this.fetch(url, init);
    } catch (err) {
      return { ok: false, failure: { kind: "unknown", reason: `network: ${(err as Error).message}` } };
    }
    const body = (await response.json().catch(() => null)) as ({ error?: GraphErrorBody } & T) | null;
    if (response.ok && body && !body.error) return { ok: true, value: body };
    return { ok: false, failure: classifyGraphError(response.status, body?.error ?? null) };
  }

  /**
   * Any other Graph call (the WABA's templates): `path` under the API version, or an absolute URL Meta handed out
   * (`paging.next`), which must be on the configured Graph host so the token goes nowhere else.
   */
  request<T>(pathOrUrl: string, init: RequestInit): Promise<GraphResult<T>> {
    const relative = this.config.base.startsWith("/");
    const simulatorPath = relative && pathOrUrl.startsWith("/");
    if (!simulatorPath && !/^https?:\/\//.test(pathOrUrl)) return this.call<T>(this.url(pathOrUrl), init);
    let parsed: URL;
    try {
      parsed = new URL(pathOrUrl, "http://loopback");
    } catch {
      return Promise.resolve({ ok: false, failure: { kind: "permanent", status: 0, code: null, reason: "Meta sent a malformed URL" } });
    }
    const sameHost = relative ? parsed.pathname.startsWith(`${this.config.base.replace(/\/$/, "")}/`) : parsed.protocol === "https:" && parsed.host === new URL(this.config.base).host;
    if (!sameHost) return Promise.resolve({ ok: false, failure: { kind: "permanent", status: 0, code: null, reason: `Meta sent a URL on another host: ${safeHost(pathOrUrl)}` } });
    return this.call<T>(pathOrUrl, init);
  }

  sendMessage(phoneNumberId: string, payload: Record<string, unknown>): Promise<GraphResult<SendResponse>> {
    return this.call<SendResponse>(this.url(`${phoneNumberId}/messages`), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", ...payload }),
    });
  }

  markRead(phoneNumberId: string, wamid: string): Promise<GraphResult<{ success: boolean }>> {
    return this.call(this.url(`${phoneNumberId}/messages`), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", status: "read", message_id: wamid }),
    });
  }

  /** Uploads a file for sending (POST /{phone_number_id}/media, multipart); Meta keeps it 30 days. */
  uploadMedia(phoneNumberId: string, file: Blob, mimeType: string, filename: string): Promise<GraphResult<{ id: string }>> {
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("type", mimeType);
    form.set("file", new File([file], filename, { type: mimeType }));
    return this.call(this.url(`${phoneNumberId}/media`), { method: "POST", body: form });
  }

  getMedia(mediaId: string, phoneNumberId: string): Promise<GraphResult<MediaDescriptor>> {
    return this.call(this.url(`${encodeURIComponent(mediaId)}?phone_number_id=${phoneNumberId}`), { method: "GET" });
  }

  /**
   * Download bytes from a media URL (expires in 5 minutes and needs the token). The URL comes from a descriptor, so
   * the token goes only to Meta's media hosts, and a redirect is returned as it is (never followed with the token).
   */
  async download(url: string): Promise<Response> {
    if (!isMetaMediaUrl(url, this.config.base)) throw new Error(`media URL host is not Meta's: ${safeHost(url)}`);
    return this.fetch(url, { method: "GET", headers: { "user-agent": "Colmena/1.0" }, redirect: "manual" });
  }
}
