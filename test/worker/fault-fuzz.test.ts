// Webhook fuzzing inside workerd: 500 mutated deliveries with valid signatures (5,000 more over HTTP in test/faults),
// ~3 MB bodies, deep nesting and forged signatures: never a 500 on input we can classify, never junk stored, and a
// bad signature never reaches a Durable Object.
import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Conversation } from "../../durable/conversation";
import { signBody } from "../../worker/whatsapp/signature";
import { APP_SECRET, envelope, postWebhook, statusUpdate, textMessage, wamid } from "./support/whatsapp";
import { mutate, nested, rng, wamidsIn } from "./fault-support/fuzz";

const SEED = 20260426;
const ROUNDS = 500;
/** Answers we accept for input we can classify: stored, refused as malformed, too large, bad signature. */
const CLASSIFIED = new Set([200, 400, 413]);

const customers = Array.from({ length: 8 }, (_, i) => ({ waId: `3460099${String(i).padStart(4, "0")}`, name: `Fuzz ${i}` }));

function validDelivery(r: () => number) {
  const who = customers.slice(0, 1 + Math.floor(r() * 3));
  const messages = who.flatMap((c) => Array.from({ length: 1 + Math.floor(r() * 3) }, () => textMessage(c, `hola ${Math.floor(r() * 1e6)} ¿qué tal? 😀`, { id: wamid("fz") })));
  const statuses = r() < 0.3 ? [statusUpdate(wamid("st"), "delivered", who[0]!.waId)] : undefined;
  return envelope({ contacts: who, messages, statuses });
}

/** Every stored inbound message in every conversation object (this file's storage is its own). */
async function storedInbound() {
  const out: Array<{ wamid: string; kind: string; text: unknown; sentAt: number; contactKey: string }> = [];
  for (const id of await listDurableObjectIds(env.Conversation)) {
    const rows = await runInDurableObject(env.Conversation.get(id), (instance: Conversation) => {
      const state = instance.state();
      if (!state) return [];
      return instance.store.page(state.id, null, 10_000).messages.filter((m) => m.direction === "in").map((m) => ({ wamid: m.wamid!, kind: m.kind, text: m.text, sentAt: m.sentAt, contactKey: state.contact.key }));
    });
    out.push(...rows);
  }
  return out;
}

describe("invalid signatures", () => {
  it("rejects every forged, truncated or missing signature with 401 before any Durable Object exists for it", async () => {
    const before = (await listDurableObjectIds(env.Conversation)).length;
    const c = { waId: "34600990200", name: "Falsa" };
    const body = JSON.stringify(envelope({ contacts: [c], messages: [textMessage(c, "hola")] }));
    const good = await signBody(body, APP_SECRET);
    const forged = [
      null,
      "",
      "sha256=",
      "sha1=" + good.slice(7, 47),
      good.slice(0, -1),
      good.slice(0, -1) + (good.endsWith("0") ? "1" : "0"),
      await signBody(body, "otro-secreto"),
      await signBody(body + " ", APP_SECRET),
      `${good},${good}`,
      "sha256=" + "z".repeat(64),
      "SHA256=" + good.slice(7),
    ];
    for (let i = 0; i < 110; i++) {
      const res = await postWebhook(null, { raw: body, signature: forged[i % forged.length] ?? null });
      expect(res.status).toBe(401);
    }
    const bigBody = JSON.stringify(envelope({ contacts: [c], messages: Array.from({ length: 900 }, () => textMessage(c, "x".repeat(3_000), { id: wamid("forged") })) }));
    expect((await postWebhook(null, { raw: bigBody, signature: good })).status).toBe(401);
    expect((await listDurableObjectIds(env.Conversation)).length).toBe(before);
  });
});

// workerd slows every self-fetch to ~100 ms after ~600 of them inside one test (a runtime limit, not the
// product: trivial 400s slow down too), so the rounds are split into tests of CHUNK and checked at the end.
const CHUNK = 250;
const run = { sentWamids: new Set<string>(), statuses: {} as Record<number, number>, storedReported: 0, unexpected: [] as string[], accepted: [] as Array<{ i: number; stored: number; wamids: string[]; payload: string }> };
const r = rng(SEED);

describe("fuzzed deliveries with valid signatures", () => {
  for (let chunk = 0; chunk < ROUNDS / CHUNK; chunk++) {
    it(`answers mutated webhooks ${chunk * CHUNK}–${(chunk + 1) * CHUNK - 1} with 200/400/413 only (seed ${SEED})`, { timeout: 60_000 }, async () => {
      for (let i = chunk * CHUNK; i < (chunk + 1) * CHUNK; i++) {
        const payload = r() < 0.15 ? validDelivery(r) : mutate(validDelivery(r), r);
        for (const w of wamidsIn(payload)) run.sentWamids.add(w);
        const res = await postWebhook(payload);
        run.statuses[res.status] = (run.statuses[res.status] ?? 0) + 1;
        const text = await res.text();
        if (!CLASSIFIED.has(res.status)) run.unexpected.push(`#${i} ${res.status} ${text.slice(0, 200)} ← ${JSON.stringify(payload).slice(0, 300)}`);
        else if (res.status === 200) {
          const stored = (JSON.parse(text) as { stored: number }).stored;
          run.storedReported += stored;
          run.accepted.push({ i, stored, wamids: wamidsIn(payload), payload: JSON.stringify(payload).slice(0, 1500) });
        }
        else expect(JSON.parse(text)).toHaveProperty("error");
      }
      expect(run.unexpected, `seed ${SEED}`).toEqual([]);
    });
  }

  it(`stored exactly the well-formed messages the ${ROUNDS} answers said, each once, nothing else`, async () => {
    expect(run.statuses[200]).toBeGreaterThan(ROUNDS * 0.1);
    expect(run.statuses[400]).toBeGreaterThan(ROUNDS * 0.1);
    const stored = await storedInbound();
    const have = new Set(stored.map((m) => m.wamid));
    const missing = run.accepted.filter((a) => a.wamids.filter((w) => have.has(w)).length < a.stored);
    expect(missing.map((m) => `#${m.i} stored ${m.stored}: ${m.payload}`)).toEqual([]);
    expect(stored.length).toBe(run.storedReported);
    expect(new Set(stored.map((m) => m.wamid)).size).toBe(stored.length);
    const junk = stored.filter((m) => !run.sentWamids.has(m.wamid) || !(m.sentAt > 0) || !(m.text === null || typeof m.text === "string"));
    expect(junk, `seed ${SEED}`).toEqual([]);
  });

  it("stores a 3 MB batch of 1,000 messages, and refuses a 5 MB body with 413", { timeout: 60_000 }, async () => {
    const c = { waId: "34600990100", name: "Lote Grande" };
    const filler = "Texto largo, con una tilde: canción. ".repeat(80);
    const messages = Array.from({ length: 1000 }, (_, i) => textMessage(c, `${i} ${filler}`.slice(0, 2_800), { id: wamid("big") }));
    const payload = envelope({ contacts: [c], messages });
    expect(JSON.stringify(payload).length).toBeGreaterThan(2.9e6);
    const big = await postWebhook(payload);
    expect(big.status).toBe(200);
    expect(await big.json()).toMatchObject({ stored: 1000 });
    const huge = envelope({ contacts: [c], messages: Array.from({ length: 1900 }, () => textMessage(c, filler, { id: wamid("huge") })) });
    const res = await postWebhook(huge);
    expect(res.status).toBe(413);
  });

  it("answers 400, not 500, to deep nesting where the parser meets it (entry, context)", async () => {
    const c = customers[0]!;
    for (const depth of [100, 5_000]) {
      const deep = nested(depth);
      for (const payload of [{ object: "whatsapp_business_account", entry: deep }, envelope({ contacts: [c], messages: [{ ...textMessage(c, "x"), context: deep }] })]) {
        const res = await postWebhook(null, { raw: JSON.stringify(payload) });
        expect([200, 400], `depth ${depth}: ${res.status}`).toContain(res.status);
      }
    }
    // Deeper than JSON.stringify can write: built by hand.
    const raw = `{"object":"whatsapp_business_account","entry":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    expect((await postWebhook(null, { raw })).status).toBe(400);
  });

  // An unknown message type keeps Meta's raw object: 5,000 levels deep it used to overflow the stack on the way
  // to the Durable Object (503, so Meta would retry it for 7 days). Now refused by depth before parsing.
  it("answers 200 or 400, never 503, to an unknown message type carrying 5,000-deep JSON", async () => {
    const c = customers[0]!;
    const payload = envelope({ contacts: [c], messages: [{ from: c.waId, id: wamid("deep"), timestamp: "1767225600", type: "future_type", future_type: nested(5_000) }] });
    const res = await postWebhook(null, { raw: JSON.stringify(payload) });
    expect([200, 400]).toContain(res.status);
  });

  it("stores text with lone surrogates and control characters as sent, without a 500", async () => {
    const c = customers[1]!;
    const res = await postWebhook(envelope({ contacts: [c], messages: [textMessage(c, "roto \ud800 y \udfff \u0000 fin", { id: wamid("sur") })] }));
    expect(res.status).toBe(200);
  });

  it("answers 400 to bodies that are not JSON or not UTF-8", async () => {
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(APP_SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const bodies: Uint8Array[] = ["", "{", "[]", "null", '"texto"', '{"object":"whatsapp_business_account","entry":[}'].map((t) => new TextEncoder().encode(t));
    bodies.push(Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), Uint8Array.from([0xed, 0xa0, 0x80])); // not UTF-8; a UTF-8-encoded lone surrogate
    for (const body of bodies) {
      const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, body));
      const signature = "sha256=" + [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
      const res = await exports.default.fetch("http://colmena.test/webhooks/whatsapp", { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": signature }, body });
      expect(res.status, `body bytes ${[...body].join(",")}`).toBe(400);
    }
  });
});

describe("sender ids", () => {
  // KNOWN BUG (reported): the parser takes any string as `from`, so a mangled sender creates a conversation for a
  // contact like "\n\t\"". Meta only sends digits (wa_id) or a BSUID with `from_user_id`. Flip to `it` once fixed.
  it("refuses (400) a message whose `from` is not a wa_id, and creates no conversation for it", async () => {
    const before = (await listDurableObjectIds(env.Conversation)).length;
    for (const from of ['\n\t"', "abc", "-1", "1e309", "<script>", "34 600 111 222", "+34600111222", "٣٤٦٠٠١١١٢٢٢"]) {
      const c = { waId: from, name: "Rara" };
      const res = await postWebhook(envelope({ contacts: [c], messages: [textMessage(c, "hola")] }));
      expect(res.status, JSON.stringify(from)).toBe(400);
    }
    expect((await listDurableObjectIds(env.Conversation)).length).toBe(before);
  });
});

