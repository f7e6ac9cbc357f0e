import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApiToken } from "../../worker/auth/sessions";
import { api, apiJson } from "./support/api";

const login = (email: string, password: string, ip = "10.0.0.1") =>
  exports.default.fetch("http://colmena.test/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify({ email, password }),
  });

describe("login", () => {
  it("sets an HttpOnly session cookie for the right password", async () => {
    const res = await login("ana@demo.test", "demo1234");
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^colmena_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(await res.json()).toMatchObject({ agent: { email: "ana@demo.test", role: "agent" } });
  });

  it("answers 401 to a wrong password or an unknown email, with the same message", async () => {
    const wrong = await login("bruno@demo.test", "nope", "10.0.0.2");
    const unknown = await login("nadie@demo.test", "demo1234", "10.0.0.2");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toBe(((await unknown.json()) as { message: string }).message);
  });

  it("answers 429 with Retry-After once an account is hammered, even with the right password", async () => {
    // The first failures are checked (401); then waits begin and guesses are refused unchecked (429).
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login("carla@demo.test", `guess-${i}`, `10.1.0.${i}`)).status);
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses.slice(6).every((s) => s === 401 || s === 429)).toBe(true);
    const blocked = await login("carla@demo.test", "demo1234", "10.1.0.99");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("answers 400 with a reason for a malformed body", async () => {
    const res = await exports.default.fetch("http://colmena.test/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "no-es-un-email" }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_request" });
  });
});

describe("API authentication", () => {
  it("answers 401 without credentials", async () => {
    expect((await api(null, "GET", "/api/conversations")).status).toBe(401);
  });

  it("accepts a personal Bearer token", async () => {
    const token = await createApiToken(env.DB, { id: "ag_sofia", workspaceId: "ws_demo" }, "script");
    const res = await exports.default.fetch("http://colmena.test/api/auth/me", { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ agent: { id: "ag_sofia", role: "supervisor" } });
    const bad = await exports.default.fetch("http://colmena.test/api/auth/me", { headers: { authorization: "Bearer col_nope" } });
    expect(bad.status).toBe(401);
  });

  it("refuses cookie-authenticated writes from another origin (CSRF)", async () => {
    const { body: me } = await apiJson("ana", "GET", "/api/auth/me");
    expect(me.agent.id).toBe("ag_ana");
    const cookie = (await login("ana@demo.test", "demo1234", "10.9.9.9")).headers.get("set-cookie")!.split(";")[0]!;
    const res = await exports.default.fetch("http://colmena.test/api/conversations/cv_000000000000000000000000/claim", {
      method: "POST",
      headers: { cookie, origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "cross_origin" });
  });

  it("logs out: the cookie stops working", async () => {
    const cookie = (await login("bruno@demo.test", "demo1234", "10.7.7.7")).headers.get("set-cookie")!.split(";")[0]!;
    const headers = { cookie, origin: "http://colmena.test" };
    expect((await exports.default.fetch("http://colmena.test/api/auth/me", { headers })).status).toBe(200);
    expect((await exports.default.fetch("http://colmena.test/api/auth/logout", { method: "POST", headers })).status).toBe(200);
    expect((await exports.default.fetch("http://colmena.test/api/auth/me", { headers })).status).toBe(401);
  });
});
