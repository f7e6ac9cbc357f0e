// Helpers for the Graph simulator tests: call the Worker through its own fetch, drive /__sim controls, send
// through the simulated Graph API with the dev token, log in as a demo agent, and poll until something happens.
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { DEMO_CHANNEL } from "../../worker/dev/demo-fixture";
import type { SentLogView, SentMessageView } from "../../worker/sim/sim-schema";

export const PNID = DEMO_CHANNEL.phoneNumberId;
export const TOKEN = (env as Env).WA_ACCESS_TOKEN;

export function call(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`http://x${path}`, init));
}

export async function control<T = Record<string, unknown>>(path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await call(`/__sim${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as T };
}

/** Fresh simulator with fast statuses, so a whole sent→delivered→read cycle takes well under a second. */
export async function resetSimulator(config: Record<string, unknown> = {}): Promise<void> {
  expect((await control("/reset", {})).status).toBe(200);
  const configured = await control("/config", { statusDelaysMs: { sent: 20, delivered: 60, read: 100 }, ...config });
  expect(configured.status).toBe(200);
}

export function graph(path: string, init: RequestInit = {}, token: string | null = TOKEN): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  return call(`/__sim/graph/v25.0/${path.replace(/^\//, "")}`, { ...init, headers });
}

/** A template sample through the simulator's Resumable Upload API: open a session, send the bytes, get the handle. */
export async function uploadSample(bytes: Uint8Array, fileType = "image/png", appId = "1234567890"): Promise<string> {
  const query = new URLSearchParams({ file_name: "muestra", file_length: String(bytes.byteLength), file_type: fileType });
  const opened = (await (await graph(`${appId}/uploads?${query}`, { method: "POST" })).json()) as { id: string };
  const sent = await graph(opened.id, { method: "POST", headers: { file_offset: "0" }, body: bytes });
  return ((await sent.json()) as { h: string }).h;
}

export interface GraphJson {
  messaging_product?: string;
  contacts?: Array<{ input: string; wa_id: string; user_id?: string }>;
  messages?: Array<{ id: string; message_status?: string }>;
  success?: boolean;
  error?: { message: string; type: string; code: number; error_subcode?: number; error_data?: { details: string }; fbtrace_id: string };
}

export async function send(body: Record<string, unknown>, init: RequestInit = {}): Promise<{ status: number; json: GraphJson }> {
  const response = await graph(`${PNID}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", ...body }),
    ...init,
  });
  return { status: response.status, json: (await response.json()) as GraphJson };
}

export const text = (to: string, body = "Hola, ¿en qué te ayudo? 🙂", extra: Record<string, unknown> = {}) =>
  send({ to, type: "text", text: { body }, ...extra });

/** The customer writes first (opens the 24 h window); returns the simulator's answer with the Worker's. */
export async function customerWrites(from: string, extra: Record<string, unknown> = {}) {
  const result = await control<{ status: number; response: Record<string, unknown>; wamids: string[]; payload: unknown }>("/inbound", {
    from,
    name: "Lucía Fernández",
    text: "Hola, quería saber si tenéis cita el lunes",
    ...extra,
  });
  expect(result.status).toBe(200);
  return result.json;
}

export async function sentTo(to: string): Promise<SentLogView> {
  return (await control<SentLogView>(`/sent?to=${encodeURIComponent(to)}`)).json;
}

export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`waitFor timed out; last value: ${JSON.stringify(value).slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}

/** Waits until the simulator has recorded `count` statuses for `wamid`, then returns the message. */
export async function statusesOf(to: string, wamid: string, count: number, timeoutMs = 5_000): Promise<SentMessageView> {
  const log = await waitFor(
    () => sentTo(to),
    (l) => (l.messages.find((m) => m.wamid === wamid)?.statuses.length ?? 0) >= count,
    timeoutMs,
  );
  return log.messages.find((m) => m.wamid === wamid)!;
}

let uniqueCounter = 0;
/** A fresh Spanish mobile number per test, so windows, buckets and conversations never collide. */
export function customerNumber(prefix = "346"): string {
  uniqueCounter += 1;
  return `${prefix}${String(Date.now() % 1_000_000).padStart(6, "0")}${String(uniqueCounter).padStart(2, "0")}`;
}

export async function login(): Promise<string> {
  const response = await call("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "ana@demo.test", password: "demo1234" }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get("set-cookie")?.match(/colmena_session=[^;]+/)?.[0];
  if (!cookie) throw new Error("login set no colmena_session cookie");
  return cookie;
}

export async function api<T>(cookie: string, path: string, init: RequestInit = {}): Promise<{ status: number; json: T }> {
  const headers = new Headers(init.headers);
  headers.set("cookie", cookie);
  if (init.body) headers.set("content-type", "application/json");
  const response = await call(`/api${path}`, { ...init, headers });
  return { status: response.status, json: (await response.json()) as T };
}
