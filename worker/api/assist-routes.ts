// POST /api/conversations/:id/assist — agent assist in model mode: suggest a reply (grounded in the knowledge
// articles that match the customer's last message), summarise the conversation for a transfer, rephrase or translate
// a draft. Any member who can see the conversation; nothing is stored or sent. Without a model: 409.
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { type AssistLine, assist } from "../../durable/assistant/agent-assist";
import { assistantModel } from "../../durable/assistant/assistant-mode";
import { retrieve } from "../../durable/assistant/default-reply";
import { knowledgeIndexFor } from "../../durable/assistant/knowledge-source";
import { rpcStub } from "../../durable/stubs";
import { type AssistResult, assistBody } from "../../shared/api/knowledge";
import { requireActor } from "../auth/require-actor";
import { isConversationId } from "../../shared/conversation-id";
import type { AppEnv } from "../env";
import { apiError, domainError } from "../http-errors";
import { validationHook } from "./validation";

const HISTORY = 60;

export const assistRoutes = new Hono<AppEnv>().post("/:id/assist", requireActor, zValidator("json", assistBody, validationHook), async (c) => {
  const model = assistantModel(c.env);
  if (!model) throw apiError(409, "assistant_unavailable", "Agent assist needs a language model (set OPENAI_API_KEY).");
  const id = c.req.param("id");
  if (!isConversationId(id)) throw apiError(404, "not_found", "Conversation not found.");
  const page = await rpcStub(c.env, "Conversation", id).messages(c.var.actor, null, HISTORY);
  if (!page.ok) throw domainError(page.error);
  const lines: AssistLine[] = page.value.messages
    .filter((m) => (m.direction === "in" || m.direction === "out" || m.direction === "note") && m.text)
    .map((m) => ({ direction: m.direction as AssistLine["direction"], author: m.authorName, text: m.text! }));
  const body = c.req.valid("json");
  let articles: Array<{ title: string; body: string }> = [];
  if (body.task === "suggest") {
    const lastQuestion = [...lines].reverse().find((l) => l.direction === "in")?.text ?? "";
    const index = await knowledgeIndexFor(c.env.DB, c.var.actor.workspaceId);
    articles = retrieve(index, lastQuestion).slice(0, 3).map((h) => index.articles.find((a) => a.article.id === h.articleId)!.article);
  }
  try {
    const text = await assist(model, body.task, { lines, draft: body.draft, language: body.language, articles });
    return c.json({ text } satisfies AssistResult);
  } catch (err) {
    throw apiError(502, "assistant_failed", `The language model did not answer: ${(err as Error).message}`.slice(0, 300));
  }
});
