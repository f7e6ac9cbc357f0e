// What one inbound message costs, counted by the work meter across every object it touches (the conversation, its
// relay, the workspace object and its D1 projection) until all background work has settled: SQL statements,
// durable commits, alarm writes and RPCs between objects. Issue 9's budget: ≤ 12 statements and ≤ 2 commits.
import { describe, expect, it } from "vitest";
import { resetWorkCounts, type WorkCounts, workCounts } from "../../durable/work-meter";
import { conversationOf } from "./support/api";
import { customerNumber, customerSays } from "./support/whatsapp";

const CONVERSATIONS = 20;
const MESSAGES_EACH = 5;

/** Waits until no object has done any work for `quietMs` (notifications, relays, projection, alarms). */
async function settle(quietMs = 3_000, timeoutMs = 15_000): Promise<WorkCounts> {
  const deadline = Date.now() + timeoutMs;
  let last = JSON.stringify(workCounts());
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const now = JSON.stringify(workCounts());
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) break;
  }
  return workCounts();
}

const per = (counts: WorkCounts, n: number) => ({
  statements: +(counts.statements / n).toFixed(2),
  commits: +(counts.commits / n).toFixed(2),
  alarmWrites: +(counts.alarmWrites / n).toFixed(2),
  rpcs: +(counts.rpcs / n).toFixed(2),
});

describe("work per inbound message", () => {
  it("a text to an existing conversation costs at most 12 statements and 2 commits across all objects", async () => {
    const customers = Array.from({ length: CONVERSATIONS }, (_, i) => ({ waId: customerNumber(), name: `Cliente ${i} Peña` }));
    await Promise.all(customers.map((c) => customerSays(c, "Hola 👋")));
    await Promise.all(customers.map((c) => conversationOf(c.waId)));
    await settle();

    resetWorkCounts();
    for (let k = 0; k < MESSAGES_EACH; k++) {
      await Promise.all(customers.map((c) => customerSays(c, `Mensaje ${k}: ¿cuánto cuesta el envío a Sevilla?`)));
    }
    const counts = await settle();
    const each = per(counts, CONVERSATIONS * MESSAGES_EACH);
    console.log(`work per inbound message (${CONVERSATIONS * MESSAGES_EACH} messages over ${CONVERSATIONS} conversations):`, JSON.stringify(each));
    // The webhook's own RPC (Worker → conversation) is one; the rest are shared notifications.
    expect(each.rpcs).toBeGreaterThanOrEqual(1);
    expect(each.statements).toBeLessThanOrEqual(12);
    expect(each.commits).toBeLessThanOrEqual(2);
  });
});
