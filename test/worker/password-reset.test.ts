// Password reset through an admin-issued single-use link: 24 h, only its hash stored, a new link voids older ones,
// using it sets the password, ends every session of the person and is audited.
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../../worker/auth/sessions";
import { env } from "./support/api";

const HTTP = "http://colmena.test";

async function call(method: string, path: string, json?: unknown, cookie = "") {
  const res = await exports.default.fetch(`${HTTP}${path}`, {
    method,
    headers: { "content-type": "application/json", origin: HTTP, cookie },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return { status: res.status, body: (await res.json()) as any, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "" };
}
const logIn = (email: string, password = "demo1234") => call("POST", "/api/auth/login", { email, password });
const tokenOf = (url: string) => new URL(url).pathname.replace("/reset/", "");

afterEach(() => vi.useRealTimers());

describe("password reset links", () => {
  it("only admins issue them, for people of their own workspace", async () => {
    const supervisor = (await logIn("sofia@demo.test")).cookie;
    expect((await call("POST", "/api/admin/agents/ag_ana/reset-link", {}, supervisor)).status).toBe(403);
    const admin = (await logIn("admin@demo.test")).cookie;
    expect((await call("POST", "/api/admin/agents/ag_elsewhere/reset-link", {}, admin)).status).toBe(404);
    expect((await call("GET", "/api/auth/reset/not-a-token")).status).toBe(404);
  });

  it("sets a new password once, ends every session, voids older links, and is audited", async () => {
    const admin = (await logIn("admin@demo.test")).cookie;
    const anaLaptop = (await logIn("ana@demo.test")).cookie;
    const anaPhone = (await logIn("ana@demo.test")).cookie;

    const older = await call("POST", "/api/admin/agents/ag_ana/reset-link", {}, admin);
    expect(older.status).toBe(201);
    const link = await call("POST", "/api/admin/agents/ag_ana/reset-link", {}, admin);
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^http:\/\/colmena\.test\/reset\/[A-Za-z0-9_-]{32}$/);
    expect(link.body.expiresAt).toBeGreaterThan(Date.now() + 23.9 * 3_600_000);
    const token = tokenOf(link.body.url);
    // Only the hash is kept.
    const row = await env.DB.prepare("SELECT token_hash FROM password_resets WHERE agent_id = 'ag_ana' AND used_at IS NULL").all<{ token_hash: string }>();
    expect(row.results.map((r) => r.token_hash)).toEqual([await sha256Hex(token)]);
    expect((await call("GET", `/api/auth/reset/${tokenOf(older.body.url)}`)).status).toBe(404);

    expect(await call("GET", `/api/auth/reset/${token}`)).toMatchObject({ status: 200, body: { email: "ana@demo.test", name: "Ana López" } });
    expect((await call("POST", `/api/auth/reset/${token}`, { password: "corta" })).status).toBe(400);
    const used = await call("POST", `/api/auth/reset/${token}`, { password: "Nueva-clave-2026" });
    expect(used.status).toBe(200);
    expect(used.body.endedSessions).toBe(2);
    expect(used.cookie).toBe("");
    expect((await call("GET", "/api/auth/me", undefined, anaLaptop)).status).toBe(401);
    expect((await call("GET", "/api/auth/me", undefined, anaPhone)).status).toBe(401);
    expect((await logIn("ana@demo.test")).status).toBe(401);
    expect((await logIn("ana@demo.test", "Nueva-clave-2026")).status).toBe(200);

    // Single use.
    expect((await call("GET", `/api/auth/reset/${token}`)).status).toBe(404);
    expect((await call("POST", `/api/auth/reset/${token}`, { password: "Otra-mas-2026" })).status).toBe(404);

    const audit = await env.DB.prepare("SELECT action, actor_id FROM audit_log WHERE target_id = 'ag_ana' ORDER BY at").all<{ action: string; actor_id: string }>();
    expect(audit.results).toEqual([
      { action: "password_reset.link_created", actor_id: "ag_admin" },
      { action: "password_reset.link_created", actor_id: "ag_admin" },
      { action: "password_reset.used", actor_id: "ag_ana" },
    ]);
  });

  it("expires after 24 hours (410) and is refused for deactivated people", async () => {
    const admin = (await logIn("admin@demo.test")).cookie;
    const link = await call("POST", "/api/admin/agents/ag_bruno/reset-link", {}, admin);
    const token = tokenOf(link.body.url);
    vi.useFakeTimers({ now: Date.now() + 24 * 3_600_000 + 1_000, toFake: ["Date"] });
    expect((await call("GET", `/api/auth/reset/${token}`)).status).toBe(410);
    expect((await call("POST", `/api/auth/reset/${token}`, { password: "Nueva-clave-2026" })).status).toBe(410);
    vi.useRealTimers();

    const fresh = await call("POST", "/api/admin/agents/ag_carla/reset-link", {}, admin);
    expect((await call("POST", "/api/admin/agents/ag_carla/deactivate", {}, admin)).status).toBe(200);
    expect((await call("GET", `/api/auth/reset/${tokenOf(fresh.body.url)}`)).status).toBe(404);
    expect((await call("POST", "/api/admin/agents/ag_carla/reset-link", {}, admin)).body.error).toBe("inactive");
  });
});
