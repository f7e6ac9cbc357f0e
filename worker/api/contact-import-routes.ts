// POST /api/contacts/import: a CSV of contacts (phone, name, tags, marketing consent, any other column as an
// attribute) into one WhatsApp number's contacts. Supervisors and admins. The body streams through the parser into
// D1 a few hundred rows at a time (worker/contacts/contact-import.ts); the answer counts what happened and lists
// the rows that had a problem.
import { zValidator } from "@hono/zod-validator";
import { and, asc, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { contactImportQuery } from "../../shared/api/contacts";
import { channels, conversations, workspaces } from "../../shared/db-schema";
import { callingCodeOf } from "../../shared/phone";
import { rpcStub } from "../../durable/stubs";
import { requireActor, requireRole } from "../auth/require-actor";
import { ContactImport, ImportTooLarge } from "../contacts/contact-import";
import { csvRecords, decodeCsv } from "../contacts/csv-rows";
import { ImportHeaderError } from "../contacts/import-columns";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { validationHook } from "./validation";

/** Tells the conversations of renamed contacts their new name, a few at a time, after the answer has gone. */
async function syncNames(env: Env, renamed: Map<string, string>): Promise<void> {
  const ids = [...renamed.keys()];
  const d1 = drizzle(env.DB);
  for (let i = 0; i < ids.length; i += 90) {
    const rows = await d1.select({ id: conversations.id, contactId: conversations.contactId }).from(conversations).where(inArray(conversations.contactId, ids.slice(i, i + 90))).all();
    for (let j = 0; j < rows.length; j += 10) {
      await Promise.all(rows.slice(j, j + 10).map((r) => rpcStub(env, "Conversation", r.id).linkContact({ name: renamed.get(r.contactId) ?? null })));
    }
  }
}

export const contactImportRoutes = new Hono<AppEnv>().post("/import", requireActor, requireRole("admin", "supervisor"), zValidator("query", contactImportQuery, validationHook), async (c) => {
  if (!/^text\/csv\s*(;|$)/i.test(c.req.header("content-type") ?? "")) {
    throw apiError(415, "unsupported_media_type", "Send the file as CSV (Content-Type: text/csv).");
  }
  const { workspaceId } = c.var.actor;
  const { channelId } = c.req.valid("query");
  const d1 = drizzle(c.env.DB);
  const [channel, workspace] = await Promise.all([
    d1
      .select({ id: channels.id })
      .from(channels)
      .where(and(eq(channels.workspaceId, workspaceId), eq(channels.kind, "whatsapp"), ...(channelId ? [eq(channels.id, channelId)] : [])))
      .orderBy(asc(channels.createdAt), asc(channels.id))
      .limit(1)
      .get(),
    d1.select({ timezone: workspaces.timezone }).from(workspaces).where(eq(workspaces.id, workspaceId)).get(),
  ]);
  if (!channel) throw channelId ? apiError(404, "channel_not_found", "That WhatsApp number is not in this workspace.") : apiError(422, "no_channel", "Connect a WhatsApp number first.");
  const body = c.req.raw.body;
  if (!body) throw apiError(400, "empty_file", "The file is empty.");
  const run = new ContactImport(c.env.DB, { workspaceId, channelId: channel.id, callingCode: callingCodeOf(workspace?.timezone ?? ""), now: Date.now() });
  try {
    const result = await run.run(csvRecords(decodeCsv(body)));
    return c.json(result);
  } catch (err) {
    if (err instanceof ImportHeaderError) throw apiError(400, err.code, err.message, err.details);
    if (err instanceof ImportTooLarge) {
      throw apiError(413, "too_many_rows", `At most ${err.maxRows} rows per import: the first ${err.maxRows} were imported, split the rest into another file.`, err.result);
    }
    throw err;
  } finally {
    if (run.renamed.size) c.executionCtx.waitUntil(syncNames(c.env, run.renamed).catch((e) => console.error("contact import: renaming conversations failed", e)));
  }
});
