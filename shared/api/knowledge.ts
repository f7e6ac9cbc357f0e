// /api/admin/knowledge and /api/admin/ai: the knowledge base's article schemas, the assistant preview's body, and
// the types of what they answer. Routes (worker/api/knowledge-routes.ts, assistant-routes.ts) validate with the
// schemas; the inbox's "Conocimiento" section imports types only.
import { z } from "zod";

export const ARTICLE_LIMITS = { title: 200, body: 8_000, tags: 20, tag: 40, articles: 500 } as const;

const tagList = z.array(z.string().trim().min(1).max(ARTICLE_LIMITS.tag)).max(ARTICLE_LIMITS.tags);
const articleFields = {
  title: z.string().trim().min(1, "a title is needed").max(ARTICLE_LIMITS.title),
  body: z.string().trim().min(1, "a body is needed").max(ARTICLE_LIMITS.body),
};
export const articleCreateBody = z.object({ ...articleFields, tags: tagList.default([]) }).strict();
export type ArticleCreateBody = z.input<typeof articleCreateBody>;
/** Full replace: every field, including enabled. */
export const articleReplaceBody = z.object({ ...articleFields, tags: tagList, enabled: z.boolean() }).strict();
export type ArticleReplaceBody = z.input<typeof articleReplaceBody>;

export interface KnowledgeArticleEntry {
  id: string;
  title: string;
  body: string;
  tags: string[];
  enabled: boolean;
  updatedAt: number;
}
export type CreatedArticle = Omit<KnowledgeArticleEntry, "updatedAt">;

export interface ImportResult {
  created: number;
  skipped: number;
  /** One sentence per refused row: "row 4 (line 5): \"…\": missing body". */
  errors: string[];
  format: "csv" | "markdown" | "text";
}

export const previewBody = z
  .object({
    message: z.string().max(4_096),
    history: z.array(z.object({ direction: z.enum(["in", "out"]), text: z.string().max(4_096) }).strict()).max(50).default([]),
  })
  .strict();
export type PreviewBody = z.input<typeof previewBody>;
export type PreviewTurn = NonNullable<PreviewBody["history"]>[number];

export interface AssistantPreview {
  reply: string | null;
  handoff: boolean;
  reason: string;
  sources: Array<{ articleId: string; title: string; score: number }>;
  mode: "default" | "model";
}

export interface AssistantStatus {
  mode: "default" | "model";
  model: string | null;
}

/** Agent assist (model mode): a suggested reply, a summary for a transfer, a draft rephrased or translated. */
export const assistBody = z
  .object({
    task: z.enum(["suggest", "summarize", "rephrase"]),
    draft: z.string().trim().min(1).max(4_096).optional(),
    language: z.string().trim().min(2).max(40).optional(),
  })
  .strict()
  .refine((b) => b.task !== "rephrase" || b.draft, { message: "rephrase needs a draft", path: ["draft"] });
export type AssistBody = z.input<typeof assistBody>;

export interface AssistResult {
  text: string;
}
