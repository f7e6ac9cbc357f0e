// The bot inside the conversation object, end to end through the Worker and the Graph simulator: it owns what its
// number's policy gives it, answers a burst once from the knowledge base, streams a model's words to agents, hands
// off as a state change, and nothing it prepared is sent once a person took over.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { MockLanguageModelV3, simulateReadableStream } from "ai/test";
import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Conversation } from "../../durable/conversation";
import { BOT_AGENT_ID } from "../../shared/model";
import { api, apiJson, conversationOf } from "./support/api";
import { openSocket } from "./support/sockets";
import { customerNumber, customerSays } from "./support/whatsapp";
import { resetSimulator, sentTo, waitFor } from "./sim-helpers";

const CHANNEL = "ch_demo_wa";
const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };

const setBot = (body: Record<string, unknown>) => api("admin", "PATCH", `/api/admin/channels/${CHANNEL}`, { botMode: "always", handoffMessage: null, greeting: null, dailyReplyLimit: null, ...body });
const conversation = async (waId: string) => (await apiJson("admin", "GET", `/api/conversations/${await conversationOf(waId)}`)).body.conversation;
const outTexts = async (waId: string) => (await sentTo(waId)).messages.map((m) => (m.body as { text?: { body?: string } }).text?.body ?? null);

/** What a mock model's doStream answers: `parts` after the stream's start. */
const streamOf = (parts: LanguageModelV3StreamPart[], chunkDelayInMs?: number) => ({
  stream: simulateReadableStream<LanguageModelV3StreamPart>({ chunks: [{ type: "stream-start", warnings: [] }, ...parts], chunkDelayInMs }),
});
/** The model writes `chunks` as one text. */
const textParts = (chunks: string[]): LanguageModelV3StreamPart[] => [
  { type: "text-start", id: "t1" },
  ...chunks.map((delta) => ({ type: "text-delta" as const, id: "t1", delta })),
  { type: "text-end", id: "t1" },
  { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage },
];
/** The model calls `tool` with `input` (and stops for it). */
const toolParts = (tool: string, input: unknown, id = "c1"): LanguageModelV3StreamPart[] => [
  { type: "tool-call", toolCallId: id, toolName: tool, input: JSON.stringify(input) },
];
const toolsDone: LanguageModelV3StreamPart = { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage };

/** A model whose stream says `chunks`; it waits for `gate` (when given) before the first word. */
function streamingModel(chunks: string[], gate?: Promise<void>) {
  return new MockLanguageModelV3({
    doStream: async () => {
      if (gate) await gate;
      return streamOf(textParts(chunks), 5);
    },
  });
}

/** The team's note in a conversation's history (the bot writes one on a handoff). */
async function noteOf(conversationId: string): Promise<string> {
  const history = await apiJson("admin", "GET", `/api/conversations/${conversationId}/messages`);
  return history.body.messages.find((m: { direction: string }) => m.direction === "note").text;
}

/** Puts `model` into the conversation object of `waId` before the customer's first message reaches it. */
async function useModel(waId: string, model: MockLanguageModelV3 | (() => never)) {
  await runInDurableObject(env.Conversation.getByName(await conversationOf(waId)), (c: Conversation) => {
    c.modelFor = () => (typeof model === "function" ? model() : model);
  });
}

beforeAll(async () => {
  await resetSimulator();
});
beforeEach(async () => {
  expect((await setBot({})).status).toBe(200);
});

describe("the bot, default mode (no model)", () => {
  it("takes a new conversation, answers the burst once from the best article, and stays its owner", async () => {
    const customer = { waId: customerNumber(), name: "Marisol Envíos" };
    await customerSays(customer, "hola buenas");
    await customerSays(customer, "hacen envios a canarias??");
    const sent = await waitFor(() => outTexts(customer.waId), (t) => t.length >= 1);
    // One answer for the burst, from the article about shipping, not a greeting and then an answer.
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/Canarias/);
    const c = await conversation(customer.waId);
    expect(c).toMatchObject({ assigneeId: BOT_AGENT_ID, status: "pending" });
  });

  it("greets a new conversation with the channel's greeting before answering", async () => {
    expect((await setBot({ greeting: "¡Hola! Soy el asistente de Óptica Sol 👓" })).status).toBe(200);
    const customer = { waId: customerNumber(), name: "Greta" };
    await customerSays(customer, "cual es el horario de la tienda");
    const sent = await waitFor(() => outTexts(customer.waId), (t) => t.length >= 2);
    expect(sent[0]).toBe("¡Hola! Soy el asistente de Óptica Sol 👓");
  });

  it("hands off as a state change: routed to people, the handoff message sent, a note with the reason", async () => {
    expect((await setBot({ handoffMessage: "Te paso con Marta, un momento 🙏" })).status).toBe(200);
    const customer = { waId: customerNumber(), name: "Pedro Queja" };
    await customerSays(customer, "quiero hablar con una persona ya");
    const sent = await waitFor(() => outTexts(customer.waId), (t) => t.length >= 1);
    expect(sent).toEqual(["Te paso con Marta, un momento 🙏"]);
    const c = await conversation(customer.waId);
    expect(c).toMatchObject({ assigneeId: null, status: "open" });
    expect(await noteOf(c.id)).toContain("pide hablar con una persona");
    // The bot stays out afterwards: another message is not answered by it.
    await customerSays(customer, "hola??");
    await new Promise((r) => setTimeout(r, 600));
    expect(await outTexts(customer.waId)).toHaveLength(1);
  });

  it("a reached daily limit hands off and says why", async () => {
    expect((await setBot({ dailyReplyLimit: 1 })).status).toBe(200);
    const first = { waId: customerNumber(), name: "Uno" };
    await customerSays(first, "aceptan tarjeta?");
    await waitFor(() => outTexts(first.waId), (t) => t.length >= 1);
    // The answer is counted from the reporting events in D1: wait for it to be projected.
    await waitFor(async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE kind = 'bot_reply'").first<{ n: number }>())!.n, (n) => n >= 1);
    const second = { waId: customerNumber(), name: "Dos" };
    await customerSays(second, "aceptan tarjeta?");
    await waitFor(async () => (await conversation(second.waId)).assigneeId, (a) => a === null);
    expect(await noteOf(await conversationOf(second.waId))).toContain("límite diario");
  });

  it("does not take conversations while its number's bot is off", async () => {
    expect((await setBot({ botMode: "never" })).status).toBe(200);
    const customer = { waId: customerNumber(), name: "Sin Bot" };
    await customerSays(customer, "aceptan tarjeta?");
    await new Promise((r) => setTimeout(r, 500));
    expect((await conversation(customer.waId)).assigneeId).not.toBe(BOT_AGENT_ID);
    expect(await outTexts(customer.waId)).toEqual([]);
  });
});

describe("the bot, model mode (the AI SDK's mock model)", () => {
  it("streams the words to agents watching, then sends the grounded answer", async () => {
    const customer = { waId: customerNumber(), name: "Stream" };
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    await useModel(customer.waId, streamingModel(["¡Sí! ", "Enviamos a ", "Canarias 📦"], gate));
    await customerSays(customer, "envian a canarias?");
    const id = await conversationOf(customer.waId);
    const { socket } = await openSocket("admin", `/parties/conversation/${id}`);
    await socket!.next((f) => f.type === "snapshot");
    open();
    const sent = await waitFor(() => outTexts(customer.waId), (t) => t.length >= 1);
    expect(sent).toEqual(["¡Sí! Enviamos a Canarias 📦"]);
    const drafts = socket!.frames.filter((f) => f.type === "bot_draft").map((f) => f.text);
    expect(drafts).toEqual(expect.arrayContaining(["¡Sí! ", "¡Sí! Enviamos a ", "¡Sí! Enviamos a Canarias 📦", ""]));
    socket!.close();
  });

  it("a person claiming while the model is still writing cancels the turn: nothing is sent after the claim", async () => {
    const customer = { waId: customerNumber(), name: "Carrera" };
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const model = streamingModel(["Sí, enviamos a Canarias."], gate);
    await useModel(customer.waId, model);
    await customerSays(customer, "envian a canarias?");
    const id = await conversationOf(customer.waId);
    // The turn has started (the model was called) and waits on the gate.
    await waitFor(async () => model.doStreamCalls.length, (n) => n === 1);
    // A supervisor (agents do not see the assistant's conversations outside their teams).
    expect((await api("sofia", "POST", `/api/conversations/${id}/claim`)).status).toBe(200);
    open();
    await new Promise((r) => setTimeout(r, 500));
    expect(await outTexts(customer.waId)).toEqual([]);
    expect(await conversation(customer.waId)).toMatchObject({ assigneeId: "ag_sofia" });
  });

  it("a provider error hands off and the note says so", async () => {
    const customer = { waId: customerNumber(), name: "Caída" };
    await useModel(customer.waId, new MockLanguageModelV3({ doStream: async () => { throw new Error("503 upstream"); } }));
    await customerSays(customer, "envian a canarias?");
    const c = await waitFor(() => conversation(customer.waId), (x) => x.assigneeId === null);
    expect(await noteOf(c.id)).toContain("proveedor de IA");
  });

  it("hands off when the model calls handoff_to_human", async () => {
    const customer = { waId: customerNumber(), name: "Herramienta" };
    await useModel(
      customer.waId,
      new MockLanguageModelV3({
        doStream: async () => streamOf([...toolParts("handoff_to_human", { reason: "pedido concreto" }), toolsDone]),
      }),
    );
    await customerSays(customer, "cuanto cuesta el envio a baleares");
    const c = await waitFor(() => conversation(customer.waId), (x) => x.assigneeId === null);
    expect(await noteOf(c.id)).toContain("pedido concreto");
  });

  it("a model-mode handoff leaves the team a summary of the conversation in its note", async () => {
    const customer = { waId: customerNumber(), name: "Resumida" };
    const model = new MockLanguageModelV3({
      doStream: async () => streamOf([...toolParts("handoff_to_human", { reason: "pedido concreto" }), toolsDone]),
      doGenerate: async () => ({ content: [{ type: "text", text: "- Pregunta por el envío de su pedido a Baleares" }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] }),
    });
    await useModel(customer.waId, model);
    await customerSays(customer, "cuanto cuesta el envio a baleares");
    const c = await waitFor(() => conversation(customer.waId), (x) => x.assigneeId === null);
    expect(await noteOf(c.id)).toContain("Resumen:\n- Pregunta por el envío de su pedido a Baleares");
  });

  it("a person answering takes the conversation from the bot: the customer's next message gets no bot answer", async () => {
    const customer = { waId: customerNumber(), name: "Tomada" };
    await customerSays(customer, "quiero pedir cita");
    await waitFor(() => outTexts(customer.waId), (t) => t.length >= 1);
    const id = await conversationOf(customer.waId);
    // A supervisor (agents see the bot's conversations only through their team or "see all", like anyone else's).
    expect((await api("sofia", "POST", `/api/conversations/${id}/messages`, { text: "Hola, soy Sofía. ¿Qué día te va bien?" })).status).toBe(201);
    expect(await conversation(customer.waId)).toMatchObject({ assigneeId: "ag_sofia", status: "open" });
    await customerSays(customer, "el jueves por la tarde");
    await new Promise((r) => setTimeout(r, 600));
    const texts = await outTexts(customer.waId);
    expect(texts.at(-1)).toBe("Hola, soy Sofía. ¿Qué día te va bien?");
  });

  it("set_tags and set_priority from the model apply to the conversation with the answer", async () => {
    const tag = await apiJson("admin", "POST", "/api/admin/tags", { name: "Envíos islas", color: "#0ea5e9" });
    expect(tag.status).toBe(201);
    const customer = { waId: customerNumber(), name: "Etiquetas" };
    let step = 0;
    await useModel(
      customer.waId,
      new MockLanguageModelV3({
        doStream: async () =>
          step++ === 0
            ? streamOf([...toolParts("set_priority", { priority: "high" }, "c1"), ...toolParts("set_tags", { tags: ["Envíos islas"] }, "c2"), toolsDone])
            : streamOf(textParts(["Sí, enviamos a Canarias."])),
      }),
    );
    await customerSays(customer, "envian a canarias?");
    await waitFor(() => outTexts(customer.waId), (t) => t.length >= 1);
    expect(await conversation(customer.waId)).toMatchObject({ priority: "high", tagIds: [tag.body.id], assigneeId: BOT_AGENT_ID });
  });
});
