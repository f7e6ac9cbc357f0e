// /api/admin/ai: what the assistant would answer to a message (the settings playground), touching no conversation,
// and which mode it runs in. Preview: admins. Status: anyone signed in (the inbox hides model-only tools without it).
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { assistantMode, assistantModel } from "../../durable/assistant/assistant-mode";
import { decideDefault } from "../../durable/assistant/default-reply";
import { knowledgeIndexFor } from "../../durable/assistant/knowledge-source";
import { decideWithModel } from "../../durable/assistant/model-reply";
import { previewBody, type AssistantPreview, type AssistantStatus } from "../../shared/api/knowledge";
import { requireActor, requireRole } from "../auth/require-actor";
import type { AppEnv } from "../env";
import { validationHook } from "./validation";

export const assistantRoutes = new Hono<AppEnv>()
  .get("/ai/status", requireActor, (c) => c.json(assistantMode(c.env) satisfies AssistantStatus))
  .post("/ai/preview", requireActor, requireRole("admin"), zValidator("json", previewBody, validationHook), async (c) => {
    const { message, history } = c.req.valid("json");
    const index = await knowledgeIndexFor(c.env.DB, c.var.actor.workspaceId);
    const model = assistantModel(c.env);
    const decision = model ? await decideWithModel(model, index, message, history) : decideDefault(index, message, history);
    return c.json({ ...decision, mode: assistantMode(c.env).mode } satisfies AssistantPreview);
  });
