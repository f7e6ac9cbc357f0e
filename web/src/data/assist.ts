// Agent assist (model mode only): which mode the assistant runs in, asked once per session, and the assist call.
// Without a model the inbox shows no assist buttons at all.
import { createResource } from "solid-js";
import type { AssistBody, AssistResult, AssistantStatus } from "../../../shared/api/knowledge";
import { request } from "./api";

const [status] = createResource(() => request<AssistantStatus>("GET", "/api/admin/ai/status").catch(() => null));

export const assistAvailable = () => status()?.mode === "model";

export function assistText(conversationId: string, body: AssistBody): Promise<string> {
  return request<AssistResult, AssistBody>("POST", `/api/conversations/${encodeURIComponent(conversationId)}/assist`, body).then((r) => r.text);
}
