// The inbox's pure rules, without a browser: how realtime frames merge (newest updatedSeq / version wins,
// catch-up advances seq) and how WhatsApp formatting is parsed (never into HTML).
import { describe, expect, test } from "vitest";
import type { ConversationSummary, Message } from "../../shared/model";
import { applyConversationFrame, emptyCache, upsertRow } from "../../web/src/data/merge";
import { parseWhatsAppText } from "../../web/src/lib/whatsapp-format";

const message = (id: string, updatedSeq: number, status: Message["status"] = "sent"): Message => ({
  id, conversationId: "cv_1", seq: updatedSeq, updatedSeq, direction: "out", kind: "text", wamid: `wamid.${id}`, text: "¡Hola!",
  content: { body: "¡Hola!" }, context: null, referral: null, media: null, status, errorCode: null, errorReason: null,
  authorId: "ag_ana", authorName: "Ana López", sentAt: 1_000 + updatedSeq, createdAt: 1_000, clientId: null,
});

describe("realtime merge", () => {
  test("a late frame with an older updatedSeq never rolls a tick back", () => {
    const cache = emptyCache();
    applyConversationFrame(cache, { type: "message", seq: 7, message: message("m1", 7, "read") });
    applyConversationFrame(cache, { type: "message", seq: 5, message: message("m1", 5, "delivered") });
    expect(cache.messages.m1!.status).toBe("read");
    expect(cache.seq).toBe(7);
  });

  test("changes after a reconnect upsert by id and move seq to the end of the gap", () => {
    const cache = emptyCache();
    applyConversationFrame(cache, { type: "snapshot", seq: 3, conversation: null as never, messages: [message("m1", 2, "sent")], hasMore: false });
    applyConversationFrame(cache, { type: "changes", seq: 9, conversation: null, messages: [message("m1", 8, "delivered"), message("m2", 9)] });
    expect(Object.keys(cache.messages).sort()).toEqual(["m1", "m2"]);
    expect(cache.messages.m1!.status).toBe("delivered");
    expect(cache.seq).toBe(9);
  });

  test("list rows: the newest version wins, whatever the arrival order", () => {
    const rows: Record<string, ConversationSummary> = {};
    const row = (version: number, preview: string) => ({ id: "cv_1", version, lastMessagePreview: preview }) as ConversationSummary;
    expect(upsertRow(rows, row(4, "¿Tienen cita mañana?"))).toBe(true);
    expect(upsertRow(rows, row(3, "Hola"))).toBe(false);
    expect(rows.cv_1!.lastMessagePreview).toBe("¿Tienen cita mañana?");
  });
});

describe("WhatsApp formatting", () => {
  test("bold, italic, strike, monospace and links become nodes; markup inside words stays text", () => {
    expect(parseWhatsAppText("Hola *Lucía*, tu cita es _mañana_ ~hoy~")).toEqual([
      "Hola ", { tag: "b", children: ["Lucía"] }, ", tu cita es ", { tag: "i", children: ["mañana"] }, " ", { tag: "s", children: ["hoy"] },
    ]);
    expect(parseWhatsAppText("```pedido #42```")).toEqual([{ tag: "pre", children: ["pedido #42"] }]);
    expect(parseWhatsAppText("snake_case_name y 2*3*4")).toEqual(["snake_case_name y 2*3*4"]);
    expect(parseWhatsAppText("mira https://example.com/x.")).toEqual(["mira ", { tag: "a", href: "https://example.com/x", text: "https://example.com/x" }, "."]);
  });

  test("HTML in customer text stays text", () => {
    expect(parseWhatsAppText("<img src=x onerror=alert(1)>")).toEqual(["<img src=x onerror=alert(1)>"]);
  });
});
