// The development Graph simulator's API (/__sim), used only by the lazy "customer phone" page:
// send as a customer, list what the business sent to a number. Answers 404 outside development.
import { ApiError } from "./api";

export interface SimInbound {
  from: string;
  name: string;
  text?: string;
  message?: Record<string, unknown>;
}

/** One message the business sent, as the simulator reports it (shape read defensively). */
export interface SimSent {
  id: string;
  text: string;
  status: string;
  at: number | null;
}

async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((err: Error) => {
    throw new ApiError(0, "network", err.message);
  });
  const json = (await response.json().catch(() => null)) as { error?: string; message?: string } | null;
  if (!response.ok) throw new ApiError(response.status, json?.error ?? "http_error", json?.message ?? `HTTP ${response.status}`);
  return json;
}

/** True when the simulator answers (development only). */
export async function simulatorAvailable(): Promise<boolean> {
  try {
    await call("GET", "/__sim/sent?to=0");
    return true;
  } catch {
    return false;
  }
}

export function sendAsCustomer(input: SimInbound): Promise<unknown> {
  return call("POST", "/__sim/inbound", input);
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null;

/** Text of a Graph send payload: `{type:"text", text:{body}}`, `{type:"template", template:{name}}`, … */
function textOf(body: unknown, type: string): string {
  if (!isObj(body)) return `[${type}]`;
  const part = body[type];
  if (isObj(part)) {
    if (typeof part.body === "string") return part.body;
    if (type === "template") return `📋 ${String(part.name ?? "")}`;
    if (typeof part.caption === "string") return part.caption;
    if (typeof part.emoji === "string") return part.emoji;
  }
  return `[${type}]`;
}

/** GET /__sim/sent → `{messages: [{wamid, to, type, body, at, statuses: [{status, at}]}]}` (worker/sim/sim-schema.ts). */
export async function sentTo(number: string): Promise<SimSent[]> {
  const json = await call("GET", `/__sim/sent?to=${encodeURIComponent(number)}`);
  const list = isObj(json) && Array.isArray(json.messages) ? json.messages : [];
  return list.filter(isObj).map((m) => {
    const statuses = Array.isArray(m.statuses) ? m.statuses.filter(isObj) : [];
    const last = statuses[statuses.length - 1];
    return {
      id: String(m.wamid ?? ""),
      text: textOf(m.body, String(m.type ?? "text")),
      status: last ? String(last.status) : "accepted",
      at: typeof m.at === "number" ? m.at : null,
    };
  });
}
