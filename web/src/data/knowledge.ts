// The knowledge base and assistant playground's data (settings "Conocimiento"): articles, imports, the preview of
// what the assistant would answer and which mode it runs in. Only the lazily loaded settings section imports this.
import { ApiError, request } from "./api";

export interface KnowledgeArticle {
  id: string;
  title: string;
  body: string;
  tags: string[];
  enabled: boolean;
  updatedAt: number;
}
export interface ArticleBody {
  title: string;
  body: string;
  tags: string[];
}
export interface ImportResult {
  created: number;
  skipped: number;
  errors: string[];
  format: "csv" | "markdown" | "text";
}
export interface PreviewTurn {
  direction: "in" | "out";
  text: string;
}
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

const base = "/api/admin/knowledge";
const id = (value: string) => encodeURIComponent(value);

export const knowledgeApi = {
  list: () => request<{ items: KnowledgeArticle[] }>("GET", `${base}/articles`),
  create: (body: ArticleBody) => request<KnowledgeArticle>("POST", `${base}/articles`, body),
  replace: (articleId: string, body: ArticleBody & { enabled: boolean }) => request<KnowledgeArticle>("PUT", `${base}/articles/${id(articleId)}`, body),
  remove: (articleId: string) => request<{ ok: true }>("DELETE", `${base}/articles/${id(articleId)}`),
  preview: (message: string, history: PreviewTurn[]) => request<AssistantPreview>("POST", "/api/admin/ai/preview", { message, history }),
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
