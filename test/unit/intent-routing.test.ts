// AI intent routing: default mode names the team from the best article's tags (only when retrieval is confident and
// the tags name exactly one team); model mode asks the model (the AI SDK's mock here) and falls back on errors.
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { classifyByKnowledge, classifyWithModel } from "../../durable/assistant/intent-routing";
import { buildIndex } from "../../durable/assistant/knowledge-index";
import { OPTICA_ARTICLES } from "../../worker/dev/demo-knowledge";

const index = buildIndex(OPTICA_ARTICLES.map((a) => ({ ...a, enabled: true })));
const teams = [
  { id: "team_citas", name: "Cita" },
  { id: "team_lentillas", name: "Lentillas" },
];
const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };
const answering = (text: string) => new MockLanguageModelV3({ doGenerate: async () => ({ content: [{ type: "text", text }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] }) });

describe("intent routing, default mode (knowledge tags ↔ team names)", () => {
  it("names the team whose name is a tag of the confidently matched article, with its coverage as confidence", () => {
    const guess = classifyByKnowledge(index, "hola quiero pedir cita para revisar la vista el jueves", teams);
    expect(guess).toMatchObject({ teamId: "team_citas", basis: expect.stringContaining("artículo") });
    expect(guess!.confidence).toBeGreaterThan(0.4);
    expect(classifyByKnowledge(index, "las LENTILLAS mensuales cuanto duran?", teams)).toMatchObject({ teamId: "team_lentillas" });
  });

  it("says nothing when retrieval is unsure, the article's tags name no team, or name two", () => {
    expect(classifyByKnowledge(index, "tienen audífonos para la sordera?", teams)).toBeNull();
    expect(classifyByKnowledge(index, "a que hora abren el sabado", teams)).toBeNull();
    expect(classifyByKnowledge(index, "quiero pedir cita", [...teams, { id: "team_dup", name: "CITA" }])).toBeNull();
    expect(classifyByKnowledge(index, "quiero pedir cita", [])).toBeNull();
  });
});

describe("intent routing, model mode", () => {
  it("takes the model's team (spelled any way) and confidence", async () => {
    const model = answering(JSON.stringify({ team: "lentillas", confidence: 0.83 }));
    expect(await classifyWithModel(model, "se me rompió una lentilla", teams)).toEqual({ teamId: "team_lentillas", confidence: 0.83, basis: "modelo" });
    expect(JSON.stringify(model.doGenerateCalls[0]!.prompt)).toContain("Cita, Lentillas");
  });

  it("falls back to the rules (null) on \"none\", an unknown team or a provider error", async () => {
    expect(await classifyWithModel(answering(JSON.stringify({ team: "none", confidence: 0.9 })), "hola", teams)).toBeNull();
    expect(await classifyWithModel(answering(JSON.stringify({ team: "Facturación", confidence: 0.9 })), "mi factura", teams)).toBeNull();
    const failing = new MockLanguageModelV3({ doGenerate: async () => { throw new Error("503"); } });
    expect(await classifyWithModel(failing, "hola", teams)).toBeNull();
  });
});
