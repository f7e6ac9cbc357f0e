// One's own sessions and tokens: password change ends the other sessions, the sessions list and "log out
// everywhere", idle (12 h) and absolute (30 days) session lifetimes, the __Host- cookie on https, and API tokens with
// scopes, a maximum lifetime and a last-used time that can never create tokens.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../worker/auth/sessions";
import { env } from "./support/api";

const HTTP = "http://colmena.test";
const HTTPS = "https://colmena.test";
let ip = 0;

async function logIn(email: string, password = "demo1234", base = HTTP, userAgent = "Mozilla/5.0 (Macintosh) Firefox/140.0") {
  const res = await exports.default.fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": `203.0.113.${++ip}`, "user-agent": userAgent },
    body: JSON.stringify({ email, password }),
  });
  return { res, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "" };
}

function call(cookie: string, method: string, path: string, json?: unknown, base = HTTP) {
  const headers: Record<string, string> = { cookie, origin: base };
  if (json !== undefined) headers["content-type"] = "application/json";
  return exports.default.fetch(`${base}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
}

function bearer(token: string, method: string, path: string, json?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (json !== undefined) headers["content-type"] = "application/json";
  return exports.default.fetch(`${HTTP}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
}

const secretOf = (cookie: string) => cookie.slice(cookie.indexOf("=") + 1);

describe("password change", () => {
  it("needs the current password, ends the person's other sessions and keeps this one", async () => {
    const laptop = (await logIn("carla@demo.test")).cookie;
    const phone = (await logIn("carla@demo.test", "demo1234", HTTP, "Android phone")).cookie;
    const wrong = await call(laptop, "POST", "/api/auth/password", { currentPassword: "no-es-esta", newPassword: "Colmena-2026-ñ" });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: "wrong_password" });
    const short = await call(laptop, "POST", "/api/auth/password", { currentPassword: "demo1234", newPassword: "corta" });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { message: string }).message).toMatch(/newPassword: at least 8 characters/);

    const changed = await call(laptop, "POST", "/api/auth/password", { currentPassword: "demo1234", newPassword: "Colmena-2026-ñ" });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ ok: true, endedSessions: 1 });
    expect((await call(phone, "GET", "/api/auth/me")).status).toBe(401);
    expect((await call(laptop, "GET", "/api/auth/me")).status).toBe(200);
    expect((await logIn("carla@demo.test", "demo1234")).res.status).toBe(401);
    expect((await logIn("carla@demo.test", "Colmena-2026-ñ")).res.status).toBe(200);
  });

  it("cannot be done with an API token, even an admin-scoped one", async () => {
    const { cookie } = await logIn("sofia@demo.test");
    const created = (await (await call(cookie, "POST", "/api/auth/tokens", { name: "Integración CRM", scopes: ["read", "reply", "admin"] })).json()) as { token: string };
    const res = await bearer(created.token, "POST", "/api/auth/password", { currentPassword: "demo1234", newPassword: "Otra-clave-2026" });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "session_required" });
  });
});

describe("sessions list and log out everywhere", () => {
  it("lists one's sessions with the current one marked, ends one by id, then all of them", async () => {
    const first = (await logIn("bruno@demo.test", "demo1234", HTTP, "Firefox en el portatil")).cookie;
    const second = (await logIn("bruno@demo.test", "demo1234", HTTP, "Chrome en la oficina")).cookie;
    const third = (await logIn("bruno@demo.test")).cookie;
    const list = (await (await call(first, "GET", "/api/auth/sessions")).json()) as { items: Array<{ id: string; current: boolean; userAgent: string | null; lastSeenAt: number; expiresAt: number }> };
    expect(list.items).toHaveLength(3);
    expect(list.items.filter((s) => s.current)).toHaveLength(1);
    const office = list.items.find((s) => s.userAgent === "Chrome en la oficina")!;
    expect(office.id).toBe((await sha256Hex(secretOf(second))).slice(0, 16));
    expect(office.expiresAt - Date.now()).toBeGreaterThan(29 * 86_400_000);

    expect((await call(first, "DELETE", `/api/auth/sessions/${office.id}`)).status).toBe(200);
    expect((await call(second, "GET", "/api/auth/me")).status).toBe(401);
    expect((await call(first, "DELETE", `/api/auth/sessions/${office.id}`)).status).toBe(404);

    const everywhere = await call(third, "POST", "/api/auth/logout-everywhere");
    expect(everywhere.status).toBe(200);
    expect(await everywhere.json()).toMatchObject({ endedSessions: 2 });
    expect(everywhere.headers.get("set-cookie")).toMatch(/colmena_session=;/);
    expect((await call(first, "GET", "/api/auth/me")).status).toBe(401);
    expect((await call(third, "GET", "/api/auth/me")).status).toBe(401);
  });

  it("another person's session cannot be ended", async () => {
    const ana = (await logIn("ana@demo.test")).cookie;
    const admin = (await logIn("admin@demo.test")).cookie;
    const anaId = (await sha256Hex(secretOf(ana))).slice(0, 16);
    expect((await call(admin, "DELETE", `/api/auth/sessions/${anaId}`)).status).toBe(404);
    expect((await call(ana, "GET", "/api/auth/me")).status).toBe(200);
  });
});

describe("session lifetimes", () => {
  it("a session unused for 12 hours ends", async () => {
    const { cookie } = await logIn("ana@demo.test");
    const hash = await sha256Hex(secretOf(cookie));
    await env.DB.prepare("UPDATE sessions SET last_seen_at = ?1 WHERE token_hash = ?2").bind(Date.now() - 12 * 3_600_000 - 60_000, hash).run();
    expect((await call(cookie, "GET", "/api/auth/me")).status).toBe(401);
  });

  it("a session in use still ends 30 days after login", async () => {
    const { cookie } = await logIn("ana@demo.test");
    const hash = await sha256Hex(secretOf(cookie));
    await env.DB.prepare("UPDATE sessions SET last_seen_at = ?1, expires_at = ?1 - 1 WHERE token_hash = ?2").bind(Date.now(), hash).run();
    expect((await call(cookie, "GET", "/api/auth/me")).status).toBe(401);
  });

  it("a used session records when it was last seen", async () => {
    const { cookie } = await logIn("ana@demo.test");
    const hash = await sha256Hex(secretOf(cookie));
    await env.DB.prepare("UPDATE sessions SET last_seen_at = ?1 WHERE token_hash = ?2").bind(Date.now() - 3_600_000, hash).run();
    expect((await call(cookie, "GET", "/api/auth/me")).status).toBe(200);
    const row = await env.DB.prepare("SELECT last_seen_at AS at FROM sessions WHERE token_hash = ?1").bind(hash).first<{ at: number }>();
    expect(Date.now() - row!.at).toBeLessThan(60_000);
  });
});

describe("the session cookie", () => {
  it("is __Host- prefixed, Secure and host-only over https, and works there", async () => {
    const { res, cookie } = await logIn("ana@demo.test", "demo1234", HTTPS);
    const header = res.headers.get("set-cookie")!;
    expect(header).toMatch(/^__Host-colmena_session=/);
    expect(header).toMatch(/; Secure/i);
    expect(header).toMatch(/; Path=\//i);
    expect(header).not.toMatch(/Domain=/i);
    expect((await call(cookie, "GET", "/api/auth/me", undefined, HTTPS)).status).toBe(200);
  });

  it("keeps its plain name without Secure over http (local development)", async () => {
    const header = (await logIn("ana@demo.test")).res.headers.get("set-cookie")!;
    expect(header).toMatch(/^colmena_session=/);
    expect(header).not.toMatch(/Secure/i);
  });
});

describe("API tokens", () => {
  it("are limited to their scopes; the person's role still applies", async () => {
    const admin = (await logIn("admin@demo.test")).cookie;
    const make = async (scopes: string[]) => ((await (await call(admin, "POST", "/api/auth/tokens", { name: `Script ${scopes.join("+")}`, scopes })).json()) as { token: string; scopes: string[] });
    const readOnly = await make(["read"]);
    expect(readOnly.scopes).toEqual(["read"]);
    expect((await bearer(readOnly.token, "GET", "/api/conversations")).status).toBe(200);
    const claim = await bearer(readOnly.token, "POST", "/api/conversations/cv_000000000000000000000000/claim");
    expect(claim.status).toBe(403);
    expect(await claim.json()).toMatchObject({ error: "insufficient_scope", details: { needed: "reply" } });

    const replier = await make(["read", "reply"]);
    const tag = await bearer(replier.token, "POST", "/api/admin/tags", { name: "Urgente 🔥", color: "#dd3322" });
    expect(tag.status).toBe(403);
    expect(await tag.json()).toMatchObject({ error: "insufficient_scope", details: { needed: "admin" } });
    const adminToken = await make(["admin"]);
    expect((await bearer(adminToken.token, "POST", "/api/admin/tags", { name: "Urgente 🔥", color: "#dd3322" })).status).toBe(201);

    // An agent's admin-scoped token is still an agent's.
    const ana = (await logIn("ana@demo.test")).cookie;
    const anas = (await (await call(ana, "POST", "/api/auth/tokens", { name: "Mío", scopes: ["read", "admin"] })).json()) as { token: string };
    expect(await (await bearer(anas.token, "POST", "/api/admin/tags", { name: "Otra", color: "#112233" })).json()).toMatchObject({ error: "forbidden" });
  });

  it("can never create tokens (nor list or revoke them)", async () => {
    const admin = (await logIn("admin@demo.test")).cookie;
    const { token } = (await (await call(admin, "POST", "/api/auth/tokens", { name: "Todo", scopes: ["read", "reply", "admin"] })).json()) as { token: string };
    const minted = await bearer(token, "POST", "/api/auth/tokens", { name: "Otro más", scopes: ["admin"] });
    expect(minted.status).toBe(403);
    expect(await minted.json()).toMatchObject({ error: "session_required" });
    expect((await bearer(token, "GET", "/api/auth/tokens")).status).toBe(403);
  });

  it("always expire, within a year at most (90 days unless asked), and show when they were last used", async () => {
    const admin = (await logIn("admin@demo.test")).cookie;
    const tooLong = await call(admin, "POST", "/api/auth/tokens", { name: "Eterno", expiresInDays: 400 });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { message: string }).message).toMatch(/expiresInDays: at most 365 days/);
    const noScopes = await call(admin, "POST", "/api/auth/tokens", { name: "Nada", scopes: [] });
    expect(noScopes.status).toBe(400);

    const created = (await (await call(admin, "POST", "/api/auth/tokens", { name: "Informe semanal" })).json()) as { id: string; token: string; expiresAt: number; scopes: string[] };
    expect(created.scopes).toEqual(["read", "reply"]);
    expect(Math.round((created.expiresAt - Date.now()) / 86_400_000)).toBe(90);
    const before = (await (await call(admin, "GET", "/api/auth/tokens")).json()) as { items: Array<{ id: string; lastUsedAt: number | null }> };
    expect(before.items.find((t) => t.id === created.id)!.lastUsedAt).toBeNull();
    expect((await bearer(created.token, "GET", "/api/conversations")).status).toBe(200);
    const after = (await (await call(admin, "GET", "/api/auth/tokens")).json()) as { items: Array<{ id: string; lastUsedAt: number | null }> };
    expect(Date.now() - after.items.find((t) => t.id === created.id)!.lastUsedAt!).toBeLessThan(60_000);
  });
});
