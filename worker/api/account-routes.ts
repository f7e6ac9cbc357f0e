// /api/auth (one's own account): change the password (ends one's other sessions), list one's sessions, end one, and
// log out everywhere. Session only: an API token cannot touch the credentials of the person it belongs to.
import { zValidator } from "@hono/zod-validator";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { passwordChangeBody, type SessionEntry, type SessionsEnded } from "../../shared/api/auth";
import type { Items, Ok } from "../../shared/api/common";
import { agents } from "../../shared/db-schema";
import { beginLogin, clientAddress, loginSucceeded } from "../auth/login-throttle";
import { hashPassword, verifyPassword } from "../auth/password";
import { requireActor, requireSession } from "../auth/require-actor";
import { endSession, endSessions, listSessions } from "../auth/sessions";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { clearSessionCookies } from "./auth-routes";
import { validationHook } from "./validation";

const sessionOnly = [requireActor, requireSession] as const;

export const accountRoutes = new Hono<AppEnv>()
  .post("/password", ...sessionOnly, zValidator("json", passwordChangeBody, validationHook), async (c) => {
    const { currentPassword, newPassword } = c.req.valid("json");
    const d1 = drizzle(c.env.DB);
    const agent = await d1.select({ email: agents.email, passwordHash: agents.passwordHash }).from(agents).where(eq(agents.id, c.var.actor.agentId)).get();
    if (!agent) throw apiError(401, "unauthenticated", "Log in to continue.");
    // Guessing the current password here is throttled like logging in (same counts), so a left-open session cannot
    // be used to find it.
    const address = clientAddress(c.req.raw);
    const gate = await beginLogin(c.env, agent.email, address);
    if (!gate.allowed) {
      throw apiError(429, "too_many_attempts", `Too many wrong passwords. Try again in ${gate.retryAfterSeconds} s.`, { retryAfterSeconds: gate.retryAfterSeconds }, { "retry-after": String(gate.retryAfterSeconds) });
    }
    if (!(await verifyPassword(currentPassword, agent.passwordHash))) throw apiError(403, "wrong_password", "The current password is not correct.");
    await loginSucceeded(c.env, agent.email, address);
    await d1.update(agents).set({ passwordHash: await hashPassword(newPassword) }).where(eq(agents.id, c.var.actor.agentId));
    const endedSessions = await endSessions(c.env.DB, c.var.actor.agentId, c.var.credential.hash);
    return c.json({ ok: true, endedSessions } satisfies SessionsEnded);
  })
  .get("/sessions", ...sessionOnly, async (c) => c.json({ items: await listSessions(c.env.DB, c.var.actor.agentId, c.var.credential.hash) } satisfies Items<SessionEntry>))
  .delete("/sessions/:id", ...sessionOnly, async (c) => {
    if (!(await endSession(c.env.DB, c.var.actor.agentId, c.req.param("id")))) throw apiError(404, "not_found", "No such session.");
    return c.json({ ok: true } satisfies Ok);
  })
  .post("/logout-everywhere", ...sessionOnly, async (c) => {
    const endedSessions = await endSessions(c.env.DB, c.var.actor.agentId, null);
    clearSessionCookies(c);
    return c.json({ ok: true, endedSessions } satisfies SessionsEnded);
  });
