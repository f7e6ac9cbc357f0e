// /api/admin/knowledge: the workspace's knowledge base for the assistant (list, create, replace, delete, bulk
// import from CSV/Markdown/text). Admins only. Every write bumps updated_at, so the next question sees it.
import { zValidator } from "@hono/zod-validator";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { formatFromName, newArticles, parseImport, type ImportFormat } from "../../durable/assistant/knowledge-import";
import { forgetKnowledge } from "../../durable/assistant/knowledge-source";
import type { Ok } from "../../shared/api/common";
import { articleCreateBody, articleReplaceBody, type CreatedArticle, type ImportResult, type KnowledgeArticleEntry } from "../../shared/api/knowledge";
import { knowledgeArticles } from "../../shared/db-schema";
import { requireActor, requireRole } from "../auth/require-actor";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { validationHook } from "./validation";

const idOf = () => `kb_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
/** The largest knowledge file (worker/body-limits.ts lets a request this size, plus a form's framing, through). */
export const MAX_IMPORT_BYTES = 1_000_000;

const dedupeTags = (tags: string[]) => [...new Set(tags)];

export const knowledgeRoutes = new Hono<AppEnv>()
  .get("/knowledge/articles", requireActor, requireRole("admin"), async (c) => {
    const rows = await drizzle(c.env.DB)
      .select({ id: knowledgeArticles.id, title: knowledgeArticles.title, body: knowledgeArticles.body, tags: knowledgeArticles.tags, enabled: knowledgeArticles.enabled, updatedAt: knowledgeArticles.updatedAt })
      .from(knowledgeArticles)
      .where(eq(knowledgeArticles.workspaceId, c.var.actor.workspaceId))
      .all();
    return c.json({ items: rows.sort((a, b) => a.title.localeCompare(b.title, "es")) satisfies KnowledgeArticleEntry[] });
  })
  .post("/knowledge/articles", requireActor, requireRole("admin"), zValidator("json", articleCreateBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    const id = idOf();
    const now = Date.now();
    const article = { title: body.title, body: body.body, tags: dedupeTags(body.tags), enabled: true };
    await drizzle(c.env.DB).insert(knowledgeArticles).values({ id, workspaceId: c.var.actor.workspaceId, ...article, updatedAt: now, createdAt: now });
    forgetKnowledge(c.var.actor.workspaceId);
    return c.json({ id, ...article } satisfies CreatedArticle, 201);
  })
  .put("/knowledge/articles/:id", requireActor, requireRole("admin"), zValidator("json", articleReplaceBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    const d1 = drizzle(c.env.DB);
    const where = and(eq(knowledgeArticles.id, c.req.param("id")), eq(knowledgeArticles.workspaceId, c.var.actor.workspaceId));
    const current = await d1.select({ updatedAt: knowledgeArticles.updatedAt }).from(knowledgeArticles).where(where).get();
    if (!current) throw apiError(404, "not_found", "No such article.");
    // Strictly later than before, so the index stamp changes even for two edits in the same millisecond.
    const updatedAt = Math.max(Date.now(), current.updatedAt + 1);
    const article = { title: body.title, body: body.body, tags: dedupeTags(body.tags), enabled: body.enabled };
    await d1.update(knowledgeArticles).set({ ...article, updatedAt }).where(where);
    forgetKnowledge(c.var.actor.workspaceId);
    return c.json({ id: c.req.param("id"), ...article, updatedAt } satisfies KnowledgeArticleEntry);
  })
  .delete("/knowledge/articles/:id", requireActor, requireRole("admin"), async (c) => {
    const deleted = await drizzle(c.env.DB)
      .delete(knowledgeArticles)
      .where(and(eq(knowledgeArticles.id, c.req.param("id")), eq(knowledgeArticles.workspaceId, c.var.actor.workspaceId)))
      .returning({ id: knowledgeArticles.id });
    if (!deleted.length) throw apiError(404, "not_found", "No such article.");
    forgetKnowledge(c.var.actor.workspaceId);
    return c.json({ ok: true } satisfies Ok);
  })
  .post("/knowledge/import", requireActor, requireRole("admin"), async (c) => {
    const { format, text } = await readImport(c.req.raw, c.req.query("format"));
    const { articles, errors } = parseImport(format, text);
    const messages = errors.map((e) => `${e.origin}: ${e.message}`);
    if (!articles.length && messages.length) throw apiError(400, "invalid_import", `Nothing to import. ${messages.slice(0, 5).join("; ")}`, { errors: messages });
    const d1 = drizzle(c.env.DB);
    const workspaceId = c.var.actor.workspaceId;
    const existing = await d1.select({ title: knowledgeArticles.title }).from(knowledgeArticles).where(eq(knowledgeArticles.workspaceId, workspaceId)).all();
    const fresh = newArticles(articles, existing.map((a) => a.title));
    const now = Date.now();
    const rows = fresh.map((a) => ({ id: idOf(), workspaceId, title: a.title, body: a.body, tags: a.tags, enabled: true, updatedAt: now, createdAt: now }));
    // D1 limits bound parameters per statement: insert in small chunks, all in one batch (one transaction).
    const chunks: Array<typeof rows> = [];
    for (let i = 0; i < rows.length; i += 10) chunks.push(rows.slice(i, i + 10));
    const [first, ...rest] = chunks.map((chunk) => d1.insert(knowledgeArticles).values(chunk));
    if (first) await d1.batch([first, ...rest]);
    forgetKnowledge(workspaceId);
    return c.json({ created: rows.length, skipped: articles.length - fresh.length, errors: messages, format } satisfies ImportResult, 201);
  });

/** The file of a multipart upload (field "file") or a text body; the format from ?format=, the file name or the type. */
async function readImport(request: Request, formatParam: string | undefined): Promise<{ format: ImportFormat; text: string }> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_IMPORT_BYTES) throw apiError(413, "too_large", `Import files are limited to ${MAX_IMPORT_BYTES / 1_000_000} MB.`);
  const type = request.headers.get("content-type") ?? "";
  let text: string;
  let guessed: ImportFormat | null;
  if (/^multipart\/form-data/i.test(type)) {
    const form = await request.formData().catch(() => null);
    const file = form?.get("file");
    if (!form || !file || typeof file === "string") throw apiError(400, "invalid_request", 'Send the file in a multipart field named "file".');
    if (file.size > MAX_IMPORT_BYTES) throw apiError(413, "too_large", `Import files are limited to ${MAX_IMPORT_BYTES / 1_000_000} MB.`);
    text = await file.text();
    const field = form.get("format");
    guessed = (typeof field === "string" && isFormat(field) ? field : null) ?? formatFromName(file.name, file.type);
  } else {
    text = await request.text();
    guessed = formatFromName(undefined, type);
  }
  if (text.length > MAX_IMPORT_BYTES) throw apiError(413, "too_large", `Import files are limited to ${MAX_IMPORT_BYTES / 1_000_000} MB.`);
  if (formatParam !== undefined && !isFormat(formatParam)) throw apiError(400, "invalid_request", "format must be csv, markdown or text.");
  const format = (formatParam as ImportFormat | undefined) ?? guessed;
  if (!format) throw apiError(415, "unsupported_media_type", "Send a .csv, .md or .txt file, or text/csv, text/markdown or text/plain (or say ?format=csv|markdown|text).");
  if (!text.trim()) throw apiError(400, "invalid_request", "The file is empty.");
  if (text.includes("\u0000")) throw apiError(400, "invalid_request", "That is not a text file (CSV, Markdown or plain text).");
  return { format, text };
}

function isFormat(s: string): s is ImportFormat {
  return s === "csv" || s === "markdown" || s === "text";
}
