// /api/auth: log in (session cookie), log out, who am I.
import { zValidator } from "@hono/zod-validator";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { agents, workspaces } from "../db/schema";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { clearLoginFailures, loginBlockedFor, recordLoginFailure } from "../auth/login-throttle";
import { DECOY_HASH, verifyPassword } from "../auth/password";
import { requireActor } from "../auth/require-actor";
import { SESSION_COOKIE, createSession, deleteSession } from "../auth/sessions";
import { validationHook } from "./validation";

const loginBody = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(200) });

function clientAddress(request: Request): string {
  return request.headers.get("cf-connecting-ip") ?? request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "local";
}

export const authRoutes = new Hono<AppEnv>()
  .post("/login", zValidator("json", loginBody, validationHook), async (c) => {
    const { email, password } = c.req.valid("json");
    const address = clientAddress(c.req.raw);
    const wait = await loginBlockedFor(c.env.DB, email, address);
    if (wait) throw apiError(429, "too_many_attempts", "Too many failed logins. Wait a few minutes and try again.", undefined, { "retry-after": String(wait) });

    const agent = await drizzle(c.env.DB).select().from(agents).where(eq(agents.email, email)).get();
    const valid = await verifyPassword(password, agent?.passwordHash ?? DECOY_HASH);
    if (!agent || !valid || !agent.active) {
      await recordLoginFailure(c.env.DB, email, address);
      throw apiError(401, "invalid_credentials", "Email or password is not correct.");
    }
    await clearLoginFailures(c.env.DB, email);
    const session = await createSession(c.env.DB, agent);
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      // Secure cookies are dropped on http://localhost by some clients; production is always https.
      secure: new URL(c.req.url).protocol === "https:",
      sameSite: "Lax",
      path: "/",
      expires: new Date(session.expiresAt),
    });
    return c.json({ agent: { id: agent.id, name: agent.name, email: agent.email, role: agent.role, workspaceId: agent.workspaceId } });
  })
  .post("/logout", async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(c.env.DB, token);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.json({ ok: true });
  })
  .get("/me", requireActor, async (c) => {
    const actor = c.var.actor;
    const d1 = drizzle(c.env.DB);
    const [agent, workspace] = await Promise.all([
      d1.select({ id: agents.id, name: agents.name, email: agents.email, role: agents.role }).from(agents).where(eq(agents.id, actor.agentId)).get(),
      d1.select().from(workspaces).where(eq(workspaces.id, actor.workspaceId)).get(),
    ]);
    return c.json({ agent: { ...agent!, workspaceId: actor.workspaceId }, workspace: workspace! });
  });
