// Model mode with the AI SDK's mock model (never the network): the answer is grounded in the retrieved articles,
// handoff is the tool call (not text), intent rules decide before any model call, provider errors hand off.
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { assistantMode, assistantModel } from "../../durable/assistant/assistant-mode";
import { buildIndex } from "../../durable/assistant/knowledge-index";
import { decideWithModel } from "../../durable/assistant/model-reply";
import { OPTICA_ARTICLES } from "../../worker/dev/demo-knowledge";

const index = buildIndex(OPTICA_ARTICLES.map((a) => ({ ...a, enabled: true })));
const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };

function textModel(text: string) {
  return new MockLanguageModelV3({ doGenerate: async () => ({ content: [{ type: "text", text }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] }) });
}

/** Everything the model was shown, as one string. */
function promptOf(model: MockLanguageModelV3): string {
  return JSON.stringify(model.doGenerateCalls[0]?.prompt ?? []);
}

describe("model mode", () => {
  it("answers grounded in the retrieved articles, in the customer's words, with the sources best first", async () => {
    const model = textModel("¡Sí! Enviamos a Canarias en 3-5 días 📦");
    const d = await decideWithModel(model, index, "envian a canarias?", [{ direction: "in", text: "hola" }]);
    expect(d).toMatchObject({ handoff: false, reason: "answered", reply: "¡Sí! Enviamos a Canarias en 3-5 días 📦" });
    expect(d.sources[0]!.articleId).toBe("kb_envios");
    const prompt = promptOf(model);
    expect(prompt).toContain("Envíos a domicilio");
    expect(prompt).toContain("ONLY with facts from the articles");
    expect(prompt).toContain("language the customer writes in");
    expect(prompt).not.toContain("Reparaciones y ajustes"); // only the retrieved articles, not the whole base
    expect(model.doGenerateCalls[0]!.tools?.map((t) => t.name)).toEqual(["handoff_to_human", "set_priority"]);
  });

  it("hands off when the model calls handoff_to_human, with its reason", async () => {
    const model = new MockLanguageModelV3({
      doGenerate: async () => ({
        content: [{ type: "tool-call", toolCallId: "call_1", toolName: "handoff_to_human", input: JSON.stringify({ reason: "pregunta por un pedido concreto", team: "Ventas" }) }],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage,
        warnings: [],
      }),
    });
    const d = await decideWithModel(model, index, "cuanto cuesta el envio a baleares");
    expect(d).toEqual({ reply: null, handoff: true, reason: "model_handoff: pregunta por un pedido concreto", sources: [] });
  });

  it("a text that only says it hands off is an answer, not a handoff: handoff is never text parsing", async () => {
    const d = await decideWithModel(textModel("HANDOFF"), index, "aceptan tarjeta?");
    expect(d).toMatchObject({ handoff: false, reply: "HANDOFF" });
  });

  it("applies the intent rules before asking the model", async () => {
    const model = textModel("no debería llamarse");
    expect(await decideWithModel(model, index, "quiero hablar con una persona")).toMatchObject({ handoff: true, reason: "asks_for_person" });
    expect(await decideWithModel(model, index, "tienen audífonos para la sordera?")).toMatchObject({ handoff: true, reason: "no_confident_article" });
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it("hands off when the provider fails", async () => {
    const model = new MockLanguageModelV3({ doGenerate: async () => { throw new Error("503 from provider"); } });
    const d = await decideWithModel(model, index, "formas de pago?");
    expect(d.handoff).toBe(true);
    expect(d.reason).toMatch(/^model_error/);
  });

  it("set_tags and set_priority record what the model asks for, then it answers; unknown tags are ignored", async () => {
    let call = 0;
    const model = new MockLanguageModelV3({
      doGenerate: async () =>
        call++ === 0
          ? {
              content: [
                { type: "tool-call", toolCallId: "c1", toolName: "set_priority", input: JSON.stringify({ priority: "urgent" }) },
                { type: "tool-call", toolCallId: "c2", toolName: "set_tags", input: JSON.stringify({ tags: ["envíos", "inventada"] }) },
              ],
              finishReason: { unified: "tool-calls", raw: "tool_calls" },
              usage,
              warnings: [],
            }
          : { content: [{ type: "text", text: "Enviamos a Canarias en 3-5 días." }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] },
    });
    const d = await decideWithModel(model, index, "envian a canarias? es para un regalo de cumple", [], undefined, undefined, ["envíos", "reclamaciones"]);
    expect(d).toMatchObject({ handoff: false, reply: "Enviamos a Canarias en 3-5 días.", actions: { priority: "urgent", tags: ["envíos"] } });
    expect(model.doGenerateCalls[0]!.tools?.map((t) => t.name).sort()).toEqual(["handoff_to_human", "set_priority", "set_tags"]);
  });

  it("runs the model only with a key: otherwise default mode and no model at all", () => {
    expect(assistantMode({})).toEqual({ mode: "default", model: null });
    expect(assistantModel({})).toBeNull();
    expect(assistantMode({ OPENAI_API_KEY: "ollama", OPENAI_BASE_URL: "http://localhost:11434/v1", AI_MODEL: "llama3.1" })).toEqual({ mode: "model", model: "llama3.1" });
    expect(assistantModel({ OPENAI_API_KEY: "ollama", AI_MODEL: "llama3.1" })).not.toBeNull();
  });
});
