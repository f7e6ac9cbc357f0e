// Two-step verification (TOTP): enrolment from a session, the login's second step with single-use codes and
// 5-minute tickets, turning it off, the workspace's requirement for admins and supervisors, and an admin's reset.
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { totpCode, totpStep } from "../../shared/totp";
import { env } from "./support/api";

const HTTP = "http://colmena.test";
let ip = 0;

async function post(path: string, json: unknown, cookie = "") {
  const res = await exports.default.fetch(`${HTTP}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: HTTP, cookie, "cf-connecting-ip": `198.51.100.${++ip % 250}` },
    body: JSON.stringify(json),
  });
  return { status: res.status, body: (await res.json()) as any, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "" };
}

async function get(path: string, cookie: string) {
  const res = await exports.default.fetch(`${HTTP}${path}`, { headers: { cookie, origin: HTTP } });
  return { status: res.status, body: (await res.json()) as any };
}

const logIn = (email: string, password = "demo1234") => post("/api/auth/login", { email, password });
const codeAt = (secret: string, offsetSteps = 0) => totpCode(secret, totpStep(Date.now()) + offsetSteps);

/** Enrols `email` from a fresh session; returns the secret and the session cookie. */
async function enrol(email: string) {
  const { cookie } = await logIn(email);
  const setup = await post("/api/auth/2fa/setup", {}, cookie);
  expect(setup.status).toBe(200);
  const enabled = await post("/api/auth/2fa/enable", { code: await codeAt(setup.body.secret) }, cookie);
  expect(enabled.status).toBe(200);
  return { secret: setup.body.secret as string, cookie };
}

afterEach(() => vi.useRealTimers());

describe("enrolment", () => {
  it("stores a sealed seed, inactive until a right code; a wrong code is 401", async () => {
    const { cookie } = await logIn("ana@demo.test");
    expect((await get("/api/auth/2fa", cookie)).body).toEqual({ enabled: false, enabledAt: null, required: false });
    const setup = await post("/api/auth/2fa/setup", {}, cookie);
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUri).toBe(`otpauth://totp/Colmena%3Aana%40demo.test?secret=${setup.body.secret}&issuer=Colmena&algorithm=SHA1&digits=6&period=30`);
    const row = await env.DB.prepare("SELECT totp_secret_enc, totp_enabled_at FROM agents WHERE id = 'ag_ana'").first<{ totp_secret_enc: string; totp_enabled_at: number | null }>();
    expect(row!.totp_secret_enc).toMatch(/^v1\./);
    expect(row!.totp_secret_enc).not.toContain(setup.body.secret);
    expect(row!.totp_enabled_at).toBeNull();
    // Not active yet: logging in still needs only the password.
    expect((await logIn("ana@demo.test")).body.agent).toBeDefined();

    const right = await codeAt(setup.body.secret);
    const wrong = right === "000000" ? "111111" : "000000";
    const refused = await post("/api/auth/2fa/enable", { code: wrong }, cookie);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe("invalid_code");
    expect((await post("/api/auth/2fa/enable", { code: "12ab" }, cookie)).status).toBe(400);
    expect((await post("/api/auth/2fa/enable", { code: right }, cookie)).status).toBe(200);
    expect((await get("/api/auth/2fa", cookie)).body).toMatchObject({ enabled: true, required: false });
    expect((await post("/api/auth/2fa/setup", {}, cookie)).status).toBe(409);
  });
});

describe("login with a code", () => {
  it("answers a ticket instead of a session, and the code completes it once", async () => {
    const { secret } = await enrol("bruno@demo.test");
    const first = await logIn("bruno@demo.test");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ twoFactor: "required" });
    expect(first.body.agent).toBeUndefined();
    expect(first.cookie).toBe("");
    expect(typeof first.body.ticket).toBe("string");
    // A wrong password still says nothing about the second step.
    expect((await logIn("bruno@demo.test", "nope-nope")).status).toBe(401);

    // The code used to enable is spent; the next step's code works once.
    const next = await codeAt(secret, 1);
    const done = await post("/api/auth/login/2fa", { ticket: first.body.ticket, code: next });
    expect(done.status).toBe(200);
    expect(done.body.agent).toMatchObject({ id: "ag_bruno" });
    expect(done.cookie).toMatch(/^colmena_session=/);
    expect((await get("/api/auth/me", done.cookie)).status).toBe(200);

    const again = await post("/api/auth/login/2fa", { ticket: (await logIn("bruno@demo.test")).body.ticket, code: next });
    expect(again.status).toBe(401);
    expect(again.body.error).toBe("invalid_code");
    // Older steps than the last accepted one are refused too.
    expect((await post("/api/auth/login/2fa", { ticket: (await logIn("bruno@demo.test")).body.ticket, code: await codeAt(secret, 0) })).status).toBe(401);
  });

  it("refuses forged and expired tickets, and tickets from before a password change", async () => {
    const { secret, cookie } = await enrol("carla@demo.test");
    const { ticket } = (await logIn("carla@demo.test")).body;
    const forged = ticket.replace(/^ag_carla/, "ag_admin");
    expect((await post("/api/auth/login/2fa", { ticket: forged, code: "123456" })).body.error).toBe("invalid_ticket");

    vi.useFakeTimers({ now: Date.now() + 5 * 60_000 + 1_000, toFake: ["Date"] });
    const late = await post("/api/auth/login/2fa", { ticket, code: await codeAt(secret, 1) });
    expect(late.status).toBe(401);
    expect(late.body.error).toBe("ticket_expired");
    vi.useRealTimers();

    const fresh = (await logIn("carla@demo.test")).body.ticket;
    expect((await post("/api/auth/password", { currentPassword: "demo1234", newPassword: "Otra-clave-2026" }, cookie)).status).toBe(200);
    expect((await post("/api/auth/login/2fa", { ticket: fresh, code: await codeAt(secret, 1) })).body.error).toBe("invalid_ticket");
  });

  it("counts wrong codes toward the login throttle", async () => {
    // A fresh person, so earlier tests' failures do not count.
    const invite = await adminPost("/api/admin/invites", { email: "lucia@demo.test", name: "Lucía", role: "agent", teamIds: [] });
    const token = new URL(invite.body.url).pathname.split("/").pop()!;
    const accepted = await post(`/api/auth/invites/${token}/accept`, { password: "demo1234" });
    expect(accepted.status).toBe(201);
    const mine = await enrol("lucia@demo.test");
    let status = 0;
    for (let i = 0; i < 8 && status !== 429; i++) {
      const { ticket } = (await logIn("lucia@demo.test")).body;
      if (!ticket) {
        status = 429;
        break;
      }
      status = (await post("/api/auth/login/2fa", { ticket, code: "000000" === (await codeAt(mine.secret)) ? "111111" : "000000" })).status;
    }
    expect(status).toBe(429);
  });
});

let adminCookie = "";
async function adminPost(path: string, json: unknown) {
  if (!adminCookie) adminCookie = (await logIn("admin@demo.test")).cookie;
  return post(path, json, adminCookie);
}

describe("turning it off, the workspace requirement and an admin's reset", () => {
  it("disables with the password and a fresh code", async () => {
    const { secret, cookie } = await enrol("sofia@demo.test");
    expect((await post("/api/auth/2fa/disable", { password: "wrong-one", code: await codeAt(secret, 1) }, cookie)).status).toBe(403);
    expect((await post("/api/auth/2fa/disable", { password: "demo1234", code: "000000" === (await codeAt(secret, 1)) ? "111111" : "000000" }, cookie)).status).toBe(401);
    expect((await post("/api/auth/2fa/disable", { password: "demo1234", code: await codeAt(secret, 1) }, cookie)).status).toBe(200);
    expect((await get("/api/auth/2fa", cookie)).body.enabled).toBe(false);
    expect((await logIn("sofia@demo.test")).body.agent).toBeDefined();
  });

  it("require_two_factor: only an admin with 2FA turns it on; a supervisor without it must enrol at login; admins reset it", async () => {
    const admin = (await logIn("admin@demo.test")).cookie;
    const patch = (cookie: string, body: unknown) =>
      exports.default.fetch(`${HTTP}/api/admin/settings`, { method: "PATCH", headers: { "content-type": "application/json", origin: HTTP, cookie }, body: JSON.stringify(body) });
    const early = await patch(admin, { requireTwoFactor: true });
    expect(early.status).toBe(422);
    expect(((await early.json()) as any).error).toBe("enable_two_factor_first");

    const enrolled = await enrol("admin@demo.test");
    adminCookie = enrolled.cookie;
    const supervisor = (await logIn("sofia@demo.test")).cookie;
    expect((await get("/api/auth/me", supervisor)).status).toBe(200);
    expect((await patch(enrolled.cookie, { requireTwoFactor: true })).status).toBe(200);
    const settings = await get("/api/admin/settings", enrolled.cookie);
    expect(settings.body.workspace.requireTwoFactor).toBe(true);
    // The supervisor's open session stops working at once; agents are not concerned.
    expect((await get("/api/auth/me", supervisor)).status).toBe(401);
    const agentSession = (await logIn("bruno@demo.test")).body;
    expect(agentSession.twoFactor).toBe("required"); // bruno enrolled himself earlier

    const login = await logIn("sofia@demo.test");
    expect(login.body.twoFactor).toBe("enrol");
    expect(login.cookie).toBe("");
    expect((await post("/api/auth/login/2fa", { ticket: login.body.ticket, code: "123456" })).body.error).toBe("setup_first");
    const setup = await post("/api/auth/login/2fa/setup", { ticket: login.body.ticket });
    expect(setup.status).toBe(200);
    const done = await post("/api/auth/login/2fa", { ticket: login.body.ticket, code: await codeAt(setup.body.secret) });
    expect(done.status).toBe(200);
    expect((await get("/api/auth/me", done.cookie)).status).toBe(200);
    expect((await get("/api/auth/2fa", done.cookie)).body).toMatchObject({ enabled: true, required: true });
    // Required: it cannot be turned off by its owner.
    expect((await post("/api/auth/2fa/disable", { password: "demo1234", code: await codeAt(setup.body.secret, 1) }, done.cookie)).status).toBe(422);

    // An admin resets it (lost phone): her sessions end, she must enrol again at the next login. Audited.
    expect((await post("/api/admin/agents/ag_sofia/reset-2fa", {}, done.cookie)).status).toBe(403); // a supervisor cannot
    const reset = await post("/api/admin/agents/ag_sofia/reset-2fa", {}, enrolled.cookie);
    expect(reset.status).toBe(200);
    expect(reset.body.endedSessions).toBeGreaterThanOrEqual(1);
    expect((await get("/api/auth/me", done.cookie)).status).toBe(401);
    expect((await logIn("sofia@demo.test")).body.twoFactor).toBe("enrol");
    const audit = await env.DB.prepare("SELECT action, actor_id, target_id FROM audit_log WHERE target_id = 'ag_sofia' ORDER BY at").all<{ action: string; actor_id: string }>();
    expect(audit.results.map((r) => r.action)).toEqual(expect.arrayContaining(["two_factor.enabled", "two_factor.disabled", "two_factor.reset"]));
    expect(audit.results.find((r) => r.action === "two_factor.reset")!.actor_id).toBe("ag_admin");
    expect((await post("/api/admin/agents/ag_nobody/reset-2fa", {}, enrolled.cookie)).status).toBe(404);
  });
});
