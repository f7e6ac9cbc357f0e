// The knowledge base and assistant playground's data (settings "Conocimiento"): articles, imports, the preview of
// what the assistant would answer and which mode it runs in. Only the lazily loaded settings section imports this.
import type { Ok } from "../../../shared/api/common";
import type { ArticleCreateBody, ArticleReplaceBody, AssistantPreview, AssistantStatus, CreatedArticle, ImportResult, KnowledgeArticleEntry, PreviewBody, PreviewTurn } from "../../../shared/api/knowledge";
import { ApiError, request } from "./api";

export type { AssistantPreview, AssistantStatus, ImportResult, PreviewTurn };
export type KnowledgeArticle = KnowledgeArticleEntry;
export type ArticleBody = Omit<ArticleCreateBody, "tags"> & { tags: string[] };

const base = "/api/admin/knowledge";
const id = (value: string) => encodeURIComponent(value);

export const knowledgeApi = {
  list: () => request<{ items: KnowledgeArticle[] }>("GET", `${base}/articles`),
  create: (body: ArticleCreateBody) => request<CreatedArticle, ArticleCreateBody>("POST", `${base}/articles`, body),
  replace: (articleId: string, body: ArticleReplaceBody) => request<KnowledgeArticle, ArticleReplaceBody>("PUT", `${base}/articles/${id(articleId)}`, body),
  remove: (articleId: string) => request<Ok>("DELETE", `${base}/articles/${id(articleId)}`),
  preview: (message: string, history: PreviewTurn[]) => request<AssistantPreview, PreviewBody>("POST", "/api/admin/ai/preview", { message, history }),
  status: () => request<AssistantStatus>("GET", "/api/admin/ai/status"),
  /** Uploads a CSV, Markdown or text file as it is (multipart), so the server reads its name and format. */
  async importFile(file: File): Promise<ImportResult> {
    const form = new FormData();
    form.append("file", file);
    let response: Response;
    try {
      response = await fetch(`${base}/import`, { method: "POST", credentials: "same-origin", headers: { accept: "application/json" }, body: form });
    } catch (err) {
      throw new ApiError(0, "network", (err as Error).message);
    }
    const json = (await response.json().catch(() => null)) as (ImportResult & { error?: string; message?: string; details?: unknown }) | null;
    if (response.ok && json) return json;
    throw new ApiError(response.status, json?.error ?? "http_error", json?.message ?? `HTTP ${response.status}`, json?.details);
  },
};
