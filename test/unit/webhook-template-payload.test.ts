// Template webhooks (meta-api.md §11.2) as Meta documents them, parsed into typed updates; and the timestamp bound
// that keeps a 1e306-second message (Infinity ms) out of storage.
import { describe, expect, it } from "vitest";
import { parseWhatsAppWebhook } from "../../worker/whatsapp/webhook-payload";
import { statusAfterEvent } from "../../shared/template-rules";

const WABA = "209876543210001";
const body = (field: string, value: unknown) => ({ object: "whatsapp_business_account", entry: [{ id: WABA, time: 1767196800, changes: [{ field, value }] }] });

describe("template webhooks", () => {
  it("a rejection: the numeric id becomes a string, en-US becomes en_US, the reason is kept", () => {
    const parsed = parseWhatsAppWebhook(body("message_template_status_update", {
      event: "REJECTED", message_template_id: 1689556908129835, message_template_name: "abandoned_cart", message_template_language: "en-US",
      reason: "INVALID_FORMAT", message_template_category: "MARKETING", rejection_info: { reason: "…", recommendation: "…" },
    }));
    expect(parsed).toEqual({
      ok: true,
      webhook: {
        changes: [], ignoredFields: [], ignoredStatuses: [],
        templates: [{ kind: "status", wabaId: WABA, metaId: "1689556908129835", name: "abandoned_cart", language: "en_US", event: "REJECTED", reason: "INVALID_FORMAT", category: "MARKETING" }],
      },
    });
  });

  it("a pause explains itself in other_info.title; reason NONE is no reason", () => {
    const parsed = parseWhatsAppWebhook(body("message_template_status_update", {
      event: "PAUSED", message_template_id: 77, message_template_name: "promo", message_template_language: "es", reason: "NONE",
      other_info: { title: "FIRST_PAUSE", description: "Paused for 3 hours" },
    }));
    expect(parsed.ok && parsed.webhook.templates[0]).toMatchObject({ event: "PAUSED", reason: "FIRST_PAUSE", category: null });
  });

  it("quality and category updates", () => {
    const quality = parseWhatsAppWebhook(body("message_template_quality_update", {
      previous_quality_score: "GREEN", new_quality_score: "RED", message_template_id: 77, message_template_name: "promo", message_template_language: "es_MX",
    }));
    expect(quality.ok && quality.webhook.templates).toEqual([{ kind: "quality", wabaId: WABA, metaId: "77", name: "promo", language: "es_MX", quality: "RED" }]);
    const category = parseWhatsAppWebhook(body("template_category_update", {
      message_template_id: 77, message_template_name: "promo", message_template_language: "es", previous_category: "UTILITY", new_category: "MARKETING",
    }));
    expect(category.ok && category.webhook.templates).toEqual([{ kind: "category", wabaId: WABA, metaId: "77", name: "promo", language: "es", category: "MARKETING" }]);
  });

  it("values we do not know are ignored (reported), not stored; a missing name is a 400 reason", () => {
    const odd = parseWhatsAppWebhook(body("message_template_quality_update", { new_quality_score: "PURPLE", message_template_id: 1, message_template_name: "x", message_template_language: "es" }));
    expect(odd.ok && odd.webhook).toMatchObject({ templates: [], ignoredStatuses: ["quality:PURPLE"] });
    const broken = parseWhatsAppWebhook(body("message_template_status_update", { event: "APPROVED", message_template_id: 1 }));
    expect(broken).toEqual({ ok: false, errors: expect.arrayContaining([expect.stringContaining("message_template_name: required")]) });
  });

  it("events map to statuses; FLAGGED and LOCKED leave the status alone", () => {
    expect(statusAfterEvent("APPROVED")).toBe("APPROVED");
    expect(statusAfterEvent("REINSTATED")).toBe("APPROVED");
    expect(statusAfterEvent("PAUSED")).toBe("PAUSED");
    expect(statusAfterEvent("FLAGGED")).toBeNull();
    expect(statusAfterEvent("LOCKED")).toBeNull();
  });
});

describe("timestamps", () => {
  const message = (timestamp: unknown) => ({
    object: "whatsapp_business_account",
    entry: [{ id: WABA, changes: [{ field: "messages", value: { metadata: { phone_number_id: "1" }, messages: [{ from: "34600000000", id: "wamid.x1", timestamp, type: "text", text: { body: "hola" } }] } }] }],
  });

  it("refuses seconds that are not a plausible Meta time, saying why", () => {
    for (const t of [1e306, "999999999999", "1000000000", Math.floor(Date.now() / 1000) + 2 * 86_400]) {
      expect(parseWhatsAppWebhook(message(t))).toEqual({ ok: false, errors: ["entry[0].changes[0].value.messages[0].timestamp: out of range (Unix seconds after 2009 and at most a day ahead)"] });
    }
  });

  it("accepts now, a little clock skew ahead, and last year", () => {
    const now = Math.floor(Date.now() / 1000);
    for (const t of [String(now), now + 600, String(now - 365 * 86_400)]) expect(parseWhatsAppWebhook(message(t)).ok).toBe(true);
  });
});
