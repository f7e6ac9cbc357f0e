// /api/admin/channels: the workspace's WhatsApp numbers. Admins add a number (checked with the Graph API, its token
// sealed under DATA_KEY), re-check it, rotate its token, disable and enable it; supervisors may list. The token is
// never returned, only `••••` and its last 4 characters. Renaming and the bot/routing settings are the PATCH in
// admin-config-routes.ts. Every change is audited.
import { zValidator } from "@hono/zod-validator";
import { and, asc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { type Context, Hono } from "hono";
import { accessTokenOf, tokenRefOf } from "../../durable/channel-token";
import { type ChannelEntry, channelCreateBody, channelTokenBody } from "../../shared/api/channels";
import type { Items } from "../../shared/api/common";
import { channels } from "../../shared/db-schema";
import { seal } from "../../shared/secret-box";
import { recordAudit } from "../audit/audit-log";
import { requireActor, requireRole } from "../auth/require-actor";
import { forgetChannels } from "../channels/channel-directory";
import { checkNumber, type NumberFacts } from "../channels/number-check";
import { forgetDisabledChannels } from "../channels/sending-allowed";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { graphWithToken } from "../templates/template-store";
import { validationHook } from "./validation";
import { rpcStub } from "../../durable/stubs";

type ChannelRow = typeof channels.$inferSelect;

/** What D1 keeps of a sealed channel's token_ref: the token itself is in access_token_enc. */
const SEALED_MARKER = "sealed";

function entryOf(row: ChannelRow): ChannelEntry {
  const sealed = row.accessTokenEnc !== null;
  return {
    id: row.id, name: row.name, phoneNumberId: row.phoneNumberId, wabaId: row.wabaId, displayNumber: row.displayNumber, enabled: row.enabled,
    verifiedName: row.verifiedName, qualityRating: row.qualityRating, messagingTier: row.messagingTier, checkedAt: row.checkedAt,
    token: sealed ? `••••${row.tokenLast4 ?? ""}` : row.tokenRef,
    tokenSource: sealed ? "sealed" : "secret",
  };
}

const loopbackOf = (c: Context<AppEnv>) => (request: Request) => {
  if (!c.executionCtx.exports) throw new Error("ctx.exports is not available (needs the loopback binding)");
  return c.executionCtx.exports.default.fetch(request);
};

/** Meta's answer for this number and token, or 422 with Meta's own message. */
async function checked(c: Context<AppEnv>, phoneNumberId: string, token: string): Promise<NumberFacts> {
  const result = await checkNumber(graphWithToken(c.env, token, loopbackOf(c)), phoneNumberId);
  if (!result.ok) throw apiError(422, "graph_check_failed", `Meta did not accept this number with this token: ${result.reason}`, { reason: result.reason });
  return result.facts;
}

/** The columns a check refreshes (throughput and the daily limit only when Meta named a level or tier we know). */
function factsColumns(facts: NumberFacts, now: number) {
  return {
    verifiedName: facts.verifiedName, qualityRating: facts.qualityRating, messagingTier: facts.messagingTier, checkedAt: now,
    ...(facts.throughputMps === null ? {} : { throughputMps: facts.throughputMps }),
    ...(facts.messagingLimit === undefined ? {} : { messagingLimit: facts.messagingLimit }),
  };
}

async function sealedToken(env: Env, token: string) {
  return { accessTokenEnc: await seal(env.DATA_KEY, token), tokenLast4: token.slice(-4), tokenRef: SEALED_MARKER };
}

async function channelIn(db: D1Database, workspaceId: string, id: string): Promise<ChannelRow> {
  const row = await drizzle(db).select().from(channels).where(and(eq(channels.id, id), eq(channels.workspaceId, workspaceId))).get();
  if (!row) throw apiError(404, "not_found", "No such WhatsApp number in this workspace.");
  return row;
}

/** The token to check an existing number with: its sealed one, or the Worker secret its ref names. */
const currentToken = (env: Env, row: ChannelRow): Promise<string> => accessTokenOf(env, tokenRefOf(row));

/** Webhooks, sends and the workspace's config see the change at once in this isolate. */
async function changed(env: Env, workspaceId: string): Promise<void> {
  forgetChannels();
  forgetDisabledChannels();
  await rpcStub(env, "Workspace", workspaceId).reloadConfig();
}

const adminOnly = [requireActor, requireRole("admin")] as const;

export const channelRoutes = new Hono<AppEnv>()
  .get("/channels", requireActor, requireRole("admin", "supervisor"), async (c) => {
    const rows = await drizzle(c.env.DB).select().from(channels).where(eq(channels.workspaceId, c.var.actor.workspaceId)).orderBy(asc(channels.createdAt), asc(channels.id)).all();
    return c.json({ items: rows.map(entryOf) } satisfies Items<ChannelEntry>);
  })
  .post("/channels", ...adminOnly, zValidator("json", channelCreateBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    const actor = c.var.actor;
    const d1 = drizzle(c.env.DB);
    // phone_number_id is unique across the deployment: webhooks find the workspace by it.
    if (await d1.select({ id: channels.id }).from(channels).where(eq(channels.phoneNumberId, body.phoneNumberId)).get()) {
      throw apiError(409, "number_exists", "This phone number id is already connected.");
    }
    const facts = await checked(c, body.phoneNumberId, body.accessToken);
    const now = Date.now();
    const id = `ch_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
    const inserted = await d1
      .insert(channels)
      .values({
        id, workspaceId: actor.workspaceId, name: body.name, phoneNumberId: body.phoneNumberId, wabaId: body.wabaId, displayNumber: body.displayNumber,
        ...(await sealedToken(c.env, body.accessToken)), ...factsColumns(facts, now), createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted.length) throw apiError(409, "number_exists", "This phone number id is already connected.");
    await recordAudit(c.env.DB, actor, actor.workspaceId, { action: "channel.add", targetType: "channel", targetId: id, detail: { phoneNumberId: body.phoneNumberId, wabaId: body.wabaId } });
    await changed(c.env, actor.workspaceId);
    return c.json(entryOf(inserted[0]!), 201);
  })
  .post("/channels/:id/check", ...adminOnly, async (c) => {
    const row = await channelIn(c.env.DB, c.var.actor.workspaceId, c.req.param("id"));
    const facts = await checked(c, row.phoneNumberId, await currentToken(c.env, row));
    const [updated] = await drizzle(c.env.DB).update(channels).set(factsColumns(facts, Date.now())).where(eq(channels.id, row.id)).returning();
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "channel.check", targetType: "channel", targetId: row.id, detail: { qualityRating: facts.qualityRating, messagingTier: facts.messagingTier } });
    await changed(c.env, c.var.actor.workspaceId);
    return c.json(entryOf(updated!));
  })
  .put("/channels/:id/token", ...adminOnly, zValidator("json", channelTokenBody, validationHook), async (c) => {
    const row = await channelIn(c.env.DB, c.var.actor.workspaceId, c.req.param("id"));
    const { accessToken } = c.req.valid("json");
    // The new token must work before the old one is dropped.
    const facts = await checked(c, row.phoneNumberId, accessToken);
    const [updated] = await drizzle(c.env.DB)
      .update(channels)
      .set({ ...(await sealedToken(c.env, accessToken)), ...factsColumns(facts, Date.now()) })
      .where(eq(channels.id, row.id))
      .returning();
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "channel.token_rotate", targetType: "channel", targetId: row.id, detail: { tokenLast4: accessToken.slice(-4) } });
    await changed(c.env, c.var.actor.workspaceId);
    return c.json(entryOf(updated!));
  })
  .post("/channels/:id/:action{enable|disable}", ...adminOnly, async (c) => {
    const row = await channelIn(c.env.DB, c.var.actor.workspaceId, c.req.param("id"));
    const enabled = c.req.param("action") === "enable";
    const [updated] = await drizzle(c.env.DB).update(channels).set({ enabled }).where(eq(channels.id, row.id)).returning();
    if (row.enabled !== enabled) {
      await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: enabled ? "channel.enable" : "channel.disable", targetType: "channel", targetId: row.id });
    }
    await changed(c.env, c.var.actor.workspaceId);
    return c.json(entryOf(updated!));
  });
