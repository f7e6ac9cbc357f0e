// Agent assist through the API with the AI SDK's mock model: a suggestion grounded in the matching articles, a
// summary for a transfer, a rephrased or translated draft; visibility checked like any read; 409 without a model.
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, describe, expect, it } from "vitest";
import { useModelInTests } from "../../durable/assistant/assistant-mode";
import { apiJson, conversationOf } from "./support/api";
import { customerNumber, customerSays } from "./support/whatsapp";

const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };
const answering = (text: string) => new MockLanguageModelV3({ doGenerate: async () => ({ content: [{ type: "text", text }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] }) });
const shown = (model: MockLanguageModelV3) => JSON.stringify(model.doGenerateCalls[0]!.prompt);

afterEach(() => useModelInTests(null));

async function conversationWith(text: string): Promise<string> {
  const customer = { waId: customerNumber(), name: "Asistida Pérez" };
  await customerSays(customer, text);
  return conversationOf(customer.waId);
}

describe("agent assist", () => {
  it("answers 409 in default mode: there is nothing to ask", async () => {
    const id = await conversationWith("hola");
    const res = await apiJson("ana", "POST", `/api/conversations/${id}/assist`, { task: "suggest" });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe("assistant_unavailable");
  });

  it("suggests a reply grounded in the articles that match the customer's last message", async () => {
    const id = await conversationWith("envian a canarias??");
    const model = answering("¡Hola! Sí, enviamos a Canarias en 3-5 días.");
    useModelInTests(model);
    const res = await apiJson("ana", "POST", `/api/conversations/${id}/assist`, { task: "suggest" });
    expect(res).toMatchObject({ status: 200, body: { text: "¡Hola! Sí, enviamos a Canarias en 3-5 días." } });
    expect(shown(model)).toContain("Envíos a domicilio");
    expect(shown(model)).toContain("envian a canarias??");
  });

  it("summarises for a transfer and rephrases or translates a draft", async () => {
    const id = await conversationWith("quiero cambiar mi cita del jueves");
    const summary = answering("- Quiere cambiar su cita del jueves");
    useModelInTests(summary);
    expect((await apiJson("ana", "POST", `/api/conversations/${id}/assist`, { task: "summarize" })).body.text).toBe("- Quiere cambiar su cita del jueves");
    const translate = answering("Hi! I'll check it right away.");
    useModelInTests(translate);
    const res = await apiJson("ana", "POST", `/api/conversations/${id}/assist`, { task: "rephrase", draft: "hola lo miro ahora", language: "English" });
    expect(res.body.text).toBe("Hi! I'll check it right away.");
    expect(JSON.stringify(translate.doGenerateCalls[0]!.prompt)).toContain("into English");
    expect((await apiJson("ana", "POST", `/api/conversations/${id}/assist`, { task: "rephrase" })).status).toBe(400);
  });

  it("checks who may see the conversation, and says when the provider fails", async () => {
    const id = await conversationWith("hola");
    useModelInTests(answering("x"));
    expect((await apiJson("ana", "POST", `/api/conversations/${id}/claim`)).status).toBe(200);
    // Bruno (an agent outside the conversation's team, workspace without see-all) cannot see Ana's conversation.
    expect((await apiJson("bruno", "POST", `/api/conversations/${id}/assist`, { task: "summarize" })).status).toBe(404);
    useModelInTests(new MockLanguageModelV3({ doGenerate: async () => { throw new Error("503 upstream"); } }));
    const failed = await apiJson("ana", "POST", `/api/conversations/${id}/assist`, { task: "summarize" });
    expect(failed.status).toBe(502);
    expect(failed.body.error).toBe("assistant_failed");
  });
});
