// /api/auth two-step verification (TOTP): the login's second step (a code, or setting one up when the workspace
// requires it for admins and supervisors), and one's own enrolment from Settings. Wrong codes count toward the login
// throttle like wrong passwords; a code is accepted once (its time step is stored). docs/api.md §14.
import { zValidator } from "@hono/zod-validator";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { type Context, Hono } from "hono";
import {
  type SessionStarted,
  type TwoFactorSetup,
  type TwoFactorStatus,
  loginCodeBody,
  loginTicketBody,
  twoFactorCodeBody,
  twoFactorDisableBody,
} from "../../shared/api/auth";
import type { Ok } from "../../shared/api/common";
import { agents } from "../../shared/db-schema";
import { recordAudit } from "../audit/audit-log";
import { forgetAgent } from "../auth/actor-cache";
import { beginLogin, clientAddress, loginSucceeded } from "../auth/login-throttle";
import { verifyPassword } from "../auth/password";
import { requireActor, requireSession } from "../auth/require-actor";
import { createSession } from "../auth/sessions";
import { clearTwoFactor, readLoginTicket, spendCode, startEnrolment, twoFactorRequired } from "../auth/two-factor";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { setSessionCookie } from "./auth-routes";
import { validationHook } from "./validation";

const sessionOnly = [requireActor, requireSession] as const;

/** Counts a code attempt on the person's and the address's throttle (429 while a wait runs). */
async function gate(c: Context<AppEnv>, email: string): Promise<string> {
  const address = clientAddress(c.req.raw);
  const gate = await beginLogin(c.env, email, address);
  if (!gate.allowed) {
    const wait = gate.retryAfterSeconds;
    throw apiError(429, "too_many_attempts", `Too many failed attempts. Try again in ${wait} s.`, { retryAfterSeconds: wait }, { "retry-after": String(wait) });
  }
  return address;
}

const wrongCode = () => apiError(401, "invalid_code", "The code is not correct (or was already used). Enter the current one from your app.");

async function ticketAgent(c: Context<AppEnv>, ticket: string) {
  const read = await readLoginTicket(c.env.DB, c.env.DATA_KEY, ticket);
  if (read.ok) return read.agent;
  if (read.reason === "expired") throw apiError(401, "ticket_expired", "Too much time passed since the password. Log in again.");
  throw apiError(401, "invalid_ticket", "This login step is not valid. Log in again.");
}

async function ownAgent(db: D1Database, agentId: string) {
  const agent = await drizzle(db).select().from(agents).where(eq(agents.id, agentId)).get();
  if (!agent) throw apiError(401, "unauthenticated", "Log in to continue.");
  return agent;
}

export const twoFactorRoutes = new Hono<AppEnv>()
  // ---- the login's second step ----
  .post("/login/2fa/setup", zValidator("json", loginTicketBody, validationHook), async (c) => {
    const agent = await ticketAgent(c, c.req.valid("json").ticket);
    if (agent.totpEnabledAt !== null) throw apiError(409, "already_enabled", "Two-step verification is already set up: enter a code.");
    if (!(await twoFactorRequired(c.env.DB, agent))) throw apiError(409, "not_required", "Log in with your password; set up two-step verification from Settings.");
    return c.json((await startEnrolment(c.env, agent)) satisfies TwoFactorSetup);
  })
  .post("/login/2fa", zValidator("json", loginCodeBody, validationHook), async (c) => {
    const { ticket, code } = c.req.valid("json");
    const agent = await ticketAgent(c, ticket);
    const enrolling = agent.totpEnabledAt === null;
    if (enrolling && !(await twoFactorRequired(c.env.DB, agent))) throw apiError(409, "not_required", "Log in with your password.");
    if (enrolling && !agent.totpSecretEnc) throw apiError(409, "setup_first", "Set up your authenticator app first (POST /api/auth/login/2fa/setup).");
    const address = await gate(c, agent.email);
    if (!(await spendCode(c.env, agent, code, enrolling))) throw wrongCode();
    await loginSucceeded(c.env, agent.email, address);
    if (enrolling) {
      forgetAgent(agent.id);
      await recordAudit(c.env.DB, { workspaceId: agent.workspaceId, agentId: agent.id, name: agent.name }, agent.workspaceId, { action: "two_factor.enabled", targetType: "agent", targetId: agent.id, detail: { at: "login" } });
    }
    setSessionCookie(c, await createSession(c.env.DB, agent, c.req.header("user-agent") ?? null));
    return c.json({ agent: { id: agent.id, name: agent.name, email: agent.email, role: agent.role, workspaceId: agent.workspaceId } } satisfies SessionStarted);
  })
  // ---- one's own enrolment (Settings › Cuenta) ----
  .get("/2fa", ...sessionOnly, async (c) => {
    const agent = await ownAgent(c.env.DB, c.var.actor.agentId);
    return c.json({ enabled: agent.totpEnabledAt !== null, enabledAt: agent.totpEnabledAt, required: await twoFactorRequired(c.env.DB, agent) } satisfies TwoFactorStatus);
  })
  .post("/2fa/setup", ...sessionOnly, async (c) => {
    const agent = await ownAgent(c.env.DB, c.var.actor.agentId);
    if (agent.totpEnabledAt !== null) throw apiError(409, "already_enabled", "Two-step verification is already on. Turn it off first to use another app.");
    return c.json((await startEnrolment(c.env, agent)) satisfies TwoFactorSetup);
  })
  .post("/2fa/enable", ...sessionOnly, zValidator("json", twoFactorCodeBody, validationHook), async (c) => {
    const agent = await ownAgent(c.env.DB, c.var.actor.agentId);
    if (agent.totpEnabledAt !== null) throw apiError(409, "already_enabled", "Two-step verification is already on.");
    if (!agent.totpSecretEnc) throw apiError(409, "setup_first", "Start the setup first (POST /api/auth/2fa/setup).");
    const address = await gate(c, agent.email);
    if (!(await spendCode(c.env, agent, c.req.valid("json").code, true))) throw wrongCode();
    await loginSucceeded(c.env, agent.email, address);
    forgetAgent(agent.id);
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "two_factor.enabled", targetType: "agent", targetId: agent.id });
    return c.json({ ok: true } satisfies Ok);
  })
  .post("/2fa/disable", ...sessionOnly, zValidator("json", twoFactorDisableBody, validationHook), async (c) => {
    const { password, code } = c.req.valid("json");
    const agent = await ownAgent(c.env.DB, c.var.actor.agentId);
    if (agent.totpEnabledAt === null) throw apiError(409, "not_enabled", "Two-step verification is not on.");
    // Turning it off would end this very session (the workspace requires it for this role): refused instead.
    if (await twoFactorRequired(c.env.DB, agent)) throw apiError(422, "two_factor_required", "Your workspace requires two-step verification for your role.");
    const address = await gate(c, agent.email);
    if (!(await verifyPassword(password, agent.passwordHash))) throw apiError(403, "wrong_password", "The password is not correct.");
    if (!(await spendCode(c.env, agent, code))) throw wrongCode();
    await loginSucceeded(c.env, agent.email, address);
    await clearTwoFactor(c.env.DB, agent.id);
    forgetAgent(agent.id);
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "two_factor.disabled", targetType: "agent", targetId: agent.id });
    return c.json({ ok: true } satisfies Ok);
  });
