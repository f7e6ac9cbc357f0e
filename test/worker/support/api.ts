// Talks to the Worker's JSON API as a logged-in agent (session cookie), through the real Worker entry point.
import { env, exports } from "cloudflare:workers";
import { conversationIdFor } from "../../../shared/conversation-id";
import { DEMO_CHANNEL } from "../../../worker/dev/demo-fixture";

export type Agent = "admin" | "sofia" | "ana" | "bruno" | "carla";
const BASE = "http://colmena.test";
const cookies = new Map<Agent, string>();

export async function login(agent: Agent): Promise<string> {
  const cached = cookies.get(agent);
  if (cached) return cached;
  const res = await exports.default.fetch(`${BASE}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `${agent}@demo.test`, password: "demo1234" }),
  });
  if (res.status !== 200) throw new Error(`login ${agent}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  cookies.set(agent, cookie);
  return cookie;
}

export async function api(agent: Agent | null, method: string, path: string, json?: unknown): Promise<Response> {
  const headers: Record<string, string> = { origin: BASE };
  if (agent) headers.cookie = await login(agent);
  if (json !== undefined) headers["content-type"] = "application/json";
  return exports.default.fetch(`${BASE}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
}

// `any` by default: tests read ad-hoc JSON bodies and assert on them field by field.
export async function apiJson<T = any>(agent: Agent | null, method: string, path: string, json?: unknown): Promise<{ status: number; body: T }> {
  const res = await api(agent, method, path, json);
  return { status: res.status, body: (await res.json()) as T };
}

export function conversationOf(waId: string): Promise<string> {
  return conversationIdFor(DEMO_CHANNEL.id, waId);
}

export { env };
