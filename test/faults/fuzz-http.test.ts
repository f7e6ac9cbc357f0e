// The big fuzz run, over real HTTP against `wrangler dev`: 5,000 mutated deliveries with valid signatures
// (the generator of test/worker/fault-support/fuzz.ts), 8 in flight, plus a flood of forged signatures.
// Never a 5xx, and afterwards the stored messages are exactly what the 200s reported, each once.
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helpers shared with the benchmark
import { client, json } from "../../bench/lib/http.mjs";
// @ts-expect-error plain ESM helpers shared with the benchmark
import { fullHistory } from "../../bench/lib/history.mjs";
// @ts-expect-error plain ESM helpers shared with the benchmark
import { conversationIdFor, envelope, newWamid, sign, signed, textMessage } from "../../bench/lib/whatsapp.mjs";
import { mutate, rng } from "../worker/fault-support/fuzz";
import { agentTokens, freshState, type Runtime, startRuntime } from "./support/runtime";

const SEED = Number(process.env.FUZZ_SEED ?? 7);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 5_000);
const customers = Array.from({ length: 10 }, (_, i) => ({ waId: `3469900${String(i).padStart(4, "0")}`, name: `Fuzz ${i} Ñ` }));

let runtime: Runtime | null = null;
afterAll(async () => {
  await runtime?.stop();
});

describe("fuzzing over HTTP", () => {
  it(`answers ${ROUNDS} mutated deliveries without a 5xx and stores exactly what it acknowledged (seed ${SEED})`, async () => {
    runtime = await startRuntime(await freshState("fuzz-http"), 8994);
    const [agent] = agentTokens(runtime.persist, 1);
    const http = client(runtime.url, { sockets: 8 });
    const r = rng(SEED);
    const statuses: Record<number, number> = {};
    const bad: string[] = [];
    let storedReported = 0;
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < ROUNDS) {
        const i = next++;
        const who = customers.slice(0, 1 + Math.floor(r() * 3));
        const valid = envelope({ contacts: who, messages: who.map((c) => textMessage(c.waId, `hola ${i} ¿qué tal? 😀`, { id: newWamid("fz") })) });
        const payload = r() < 0.15 ? valid : mutate(valid, r);
        const res = await http.request("POST", "/webhooks/whatsapp", signed(payload));
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (![200, 400, 413].includes(res.status)) bad.push(`#${i} ${res.status} ${res.body.slice(0, 200)} ← ${JSON.stringify(payload).slice(0, 300)}`);
        else if (res.status === 200) storedReported += json(res).stored;
      }
    }));
    console.log(`fuzz-http: ${JSON.stringify(statuses)}, stored ${storedReported}`);
    expect(bad.slice(0, 10), `seed ${SEED}`).toEqual([]);

    // Forged signatures: 2,000 at once, all 401.
    const body = JSON.stringify(envelope({ contacts: [customers[0]], messages: [textMessage(customers[0]!.waId, "falsa")] }));
    const forged = await Promise.all(Array.from({ length: 2_000 }, (_, i) => http.request("POST", "/webhooks/whatsapp", { body, headers: { "content-type": "application/json", "x-hub-signature-256": sign(body + i) } })));
    expect(forged.filter((f: { status: number }) => f.status !== 401).length).toBe(0);

    // What is stored in the fuzz customers' conversations (mangled senders aside) matches the acknowledgements.
    // Dedupe is per conversation (its object owns it); a mutated id like "undefined" may legitimately repeat across two.
    let stored = 0;
    for (const c of customers) {
      const seen = new Set<string>();
      for (const m of await fullHistory(http, conversationIdFor(c.waId), { authorization: `Bearer ${agent!.token}` }).catch(() => [])) {
        if (m.direction !== "in") continue;
        expect(seen.has(m.wamid), `stored twice: ${JSON.stringify(m).slice(0, 400)}`).toBe(false);
        seen.add(m.wamid);
        stored++;
      }
    }
    expect(stored).toBeLessThanOrEqual(storedReported);
    expect(stored).toBeGreaterThan(storedReported * 0.9);
  });
});
