// A 10,000-recipient campaign through the simulator with opt-outs, contacts without consent, a 131049 and a burst
// of 429s — and SIGKILL of the whole runtime mid-campaign, restarted on the same state. Afterwards every eligible
// recipient received the template exactly once and no opted-out or unconsenting contact ever did.
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helpers shared with the benchmark
import { client } from "../../bench/lib/http.mjs";
// @ts-expect-error plain ESM helpers shared with the benchmark
import { campaignView, createAndStart, seedAudience, supervisorToken, templatesPerRecipient } from "../../bench/lib/campaign.mjs";
import { freshState, type Runtime, startRuntime } from "./support/runtime";

const PORT = 8992;
const RECIPIENTS = Number(process.env.CAMPAIGN_RECIPIENTS ?? 10_000);
const KILLS = Number(process.env.CAMPAIGN_KILLS ?? 2);
// As in crash-replay: a send cut off by SIGKILL waits this long for its status webhook before going again.
const RUNTIME_VARS = { SEND_RECONCILE_MS: "15000" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Person { waId: string; optedOut: boolean; noConsent: boolean }

let runtime: Runtime | null = null;
afterAll(async () => {
  await runtime?.stop();
});

describe("a campaign through SIGKILL", () => {
  it(`sends ${RECIPIENTS} recipients' templates exactly once across ${KILLS} kills, none to the opted-out`, async () => {
    const dir = await freshState("campaign-crash");
    runtime = await startRuntime(dir, PORT, RUNTIME_VARS);
    const people: Person[] = seedAudience(runtime.persist, { count: RECIPIENTS, tagId: "tag_crash" });
    const token: string = supervisorToken(runtime.persist);
    let http = client(runtime.url, { sockets: 4 });
    const post = (path: string, body: unknown) => http.request("POST", path, { headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post("/__sim/faults", { code: 130429, count: 40 })).status).toBe(200);
    expect((await post("/__sim/faults", { code: 131049, mode: "async", count: 1 })).status).toBe(200);

    const id: string = await createAndStart(http, token, { name: "Crash", tagId: "tag_crash" });
    for (let k = 0; k < KILLS; k++) {
      // Kill once a good share more has gone out, at a random point inside a batch.
      const target = Math.round(((k + 1) * RECIPIENTS) / (KILLS + 2));
      const deadline = Date.now() + 300_000;
      for (;;) {
        const view = await campaignView(http, token, id);
        const out = view ? view.counts.total - view.counts.queued - view.counts.skipped : 0;
        if (out >= target) break;
        if (Date.now() > deadline) throw new Error(`campaign stalled before kill ${k + 1}: ${JSON.stringify(view?.counts)}`);
        await sleep(500);
      }
      await sleep(Math.random() * 1_000);
      runtime.kill();
      http.close();
      await sleep(500);
      runtime = await startRuntime(dir, PORT, RUNTIME_VARS);
      http = client(runtime.url, { sockets: 4 });
    }

    const eligible = people.filter((p) => !p.optedOut && !p.noConsent);
    const deadline = Date.now() + 900_000;
    let view: { status: string; counts: Record<string, number>; waiting: { reason: string } | null } | null = null;
    for (;;) {
      view = await campaignView(http, token, id);
      // Only the 131049 recipient left (deferred a day), and every status in.
      if (view?.waiting?.reason === "per_user_limit" && view.counts.queued === 1 && view.counts.sent === 0 && view.counts.delivered === 0) break;
      if (Date.now() > deadline) throw new Error(`campaign did not finish: ${JSON.stringify(view)}`);
      await sleep(1_000);
    }
    expect(view!.counts).toMatchObject({ total: RECIPIENTS, skipped: RECIPIENTS - eligible.length, queued: 1, failed: 0 });

    // Give the outboxes' last unknown outcomes time to settle, then count what WhatsApp received.
    await sleep(2_000);
    const { per } = await templatesPerRecipient(http);
    const twice = eligible.filter((p) => (per.get(p.waId) ?? 0) > 1).map((p) => p.waId);
    const never = eligible.filter((p) => !per.has(p.waId)).map((p) => p.waId);
    const forbidden = people.filter((p) => (p.optedOut || p.noConsent) && per.has(p.waId)).map((p) => p.waId);
    expect(twice, "sent more than once").toEqual([]);
    expect(never, "never sent").toEqual([]);
    expect(forbidden, "sent to opted-out or unconsenting contacts").toEqual([]);
    console.log(`campaign-crash: ${RECIPIENTS} recipients, ${eligible.length} eligible, ${KILLS} kills, counts ${JSON.stringify(view!.counts)}`);
  }, 1_500_000);
});
