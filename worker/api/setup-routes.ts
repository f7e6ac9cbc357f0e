// /api/setup: the first run of a fresh deployment. While D1 has no workspace, the inbox shows a one-time form that
// creates the workspace and its first admin. Only someone who knows the SETUP_TOKEN Worker secret can submit it,
// so a stranger who finds a fresh deploy cannot claim it; once a workspace exists the route answers 409 for good.
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { type SetupStatus, setupBody } from "../../shared/api/channels";
import type { SessionStarted } from "../../shared/api/auth";
import { rpcStub } from "../../durable/stubs";
import { recordAudit } from "../audit/audit-log";
import { hashPassword } from "../auth/password";
import { createSession } from "../auth/sessions";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { verifyTokenMatches } from "../whatsapp/webhook-route";
import { setSessionCookie } from "./auth-routes";
import { validationHook } from "./validation";

async function setUp(db: D1Database): Promise<boolean> {
  return (await db.prepare("SELECT 1 FROM workspaces LIMIT 1").first()) !== null;
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function knownCountry(code: string): boolean {
  try {
    return new Intl.DisplayNames(["en"], { type: "region", fallback: "none" }).of(code) !== undefined;
  } catch {
    return false;
  }
}

export const setupRoutes = new Hono<AppEnv>()
  .get("/", async (c) => c.json({ needed: !(await setUp(c.env.DB)) } satisfies SetupStatus))
  .post("/", zValidator("json", setupBody, validationHook), async (c) => {
    const expected = c.env.SETUP_TOKEN;
    if (!expected) throw apiError(403, "setup_token_not_configured", "Set the setup token first: `npx wrangler secret put SETUP_TOKEN`, then type it here.");
    const body = c.req.valid("json");
    if (!(await verifyTokenMatches(body.setupToken, expected))) throw apiError(403, "invalid_setup_token", "The setup token is not correct.");
    if (await setUp(c.env.DB)) throw apiError(409, "already_set_up", "This deployment already has a workspace. Log in instead.");
    if (!validTimeZone(body.timeZone)) throw apiError(422, "invalid_time_zone", `Unknown time zone: ${body.timeZone} (use an IANA name such as Europe/Madrid).`);
    if (!knownCountry(body.country)) throw apiError(422, "invalid_country", `Unknown country code: ${body.country}.`);

    const now = Date.now();
    const workspaceId = `ws_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
    const agentId = `ag_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
    const passwordHash = await hashPassword(body.password);
    // One batch (one transaction): the workspace only if none exists, the admin only if that workspace is the one
    // just written. Two setups at once: the second batch finds a workspace and writes nothing.
    const [workspace] = await c.env.DB.batch([
      c.env.DB.prepare("INSERT INTO workspaces (id, name, timezone, locale, country, created_at) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM workspaces)")
        .bind(workspaceId, body.workspaceName, body.timeZone, body.locale, body.country, now),
      c.env.DB.prepare("INSERT INTO agents (id, workspace_id, email, name, role, password_hash, created_at) SELECT ?, ?, ?, ?, 'admin', ?, ? WHERE EXISTS (SELECT 1 FROM workspaces WHERE id = ?)")
        .bind(agentId, workspaceId, body.email, body.name, passwordHash, now, workspaceId),
    ]);
    if (!workspace?.meta.changes) throw apiError(409, "already_set_up", "This deployment already has a workspace. Log in instead.");

    const actor = { workspaceId, agentId, name: body.name };
    await recordAudit(c.env.DB, actor, workspaceId, { action: "workspace.setup", targetType: "workspace", targetId: workspaceId, detail: { country: body.country, locale: body.locale, timeZone: body.timeZone } });
    await rpcStub(c.env, "Workspace", workspaceId).reloadConfig();
    setSessionCookie(c, await createSession(c.env.DB, { id: agentId, workspaceId }, c.req.header("user-agent") ?? null));
    return c.json({ agent: { id: agentId, name: body.name, email: body.email, role: "admin", workspaceId } } satisfies SessionStarted, 201);
  });
