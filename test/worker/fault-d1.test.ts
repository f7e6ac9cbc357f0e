// D1 failing or slow never touches the webhook: acks stay 200 and fast while the D1 projection (conversation index,
// contacts, report events) waits in the workspace object; once D1 is back it catches up, nothing lost or doubled.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import type { Conversation } from "../../durable/conversation";
import type { Workspace } from "../../durable/workspace";
import { setD1Faults } from "../../worker/dev/d1-faults";
import { conversationOf } from "./support/api";
import { customerNumber, customerSays } from "./support/whatsapp";

const CUSTOMERS = 12;
const MESSAGES_EACH = 3;
const workspace = () => env.Workspace.getByName("ws_demo");

async function indexRow(id: string) {
  return env.DB.prepare("SELECT version, unread_count AS unread, last_message_preview AS preview FROM conversations WHERE id = ?").bind(id).first<{ version: number; unread: number; preview: string }>();
}
async function eventCount(id: string, kind: string) {
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE conversation_id = ? AND kind = ?").bind(id, kind).first<{ n: number }>())!.n;
}
const owed = () => runInDurableObject(workspace(), (ws: Workspace) => ws.store.hasUnprojected());

/** Customers write while D1 is in `mode`; returns each conversation id and every ack's duration. */
async function trafficDuring(mode: "fail" | "slow", delayMs = 0) {
  setD1Faults({ mode, delayMs });
  const acks: number[] = [];
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, i) => {
      const c = { waId: customerNumber(), name: `Cliente ${i} Núñez` };
      ids.push(await conversationOf(c.waId));
      for (let k = 0; k < MESSAGES_EACH; k++) {
        const t0 = performance.now();
        const r = await customerSays(c, `Mensaje ${k}: ¿hay stock? 🧦`);
        acks.push(performance.now() - t0);
        expect(r).toMatchObject({ stored: 1, duplicates: 0 });
      }
    }),
  );
  return { ids, acks };
}

/** D1 is back: run the workspace object's alarm (its retry would come later, with backoff) until nothing is owed. */
async function expectCaughtUp(ids: string[]) {
  setD1Faults({ mode: "ok", delayMs: 0 });
  const deadline = Date.now() + 20_000;
  // The last messages' notifications may still be on their way to the workspace object when traffic ends: wait
  // until nothing is owed and every conversation's newest row and events are in D1.
  const complete = async () => {
    for (const id of ids) {
      if ((await indexRow(id))?.unread !== MESSAGES_EACH || (await eventCount(id, "message_in")) < MESSAGES_EACH) return false;
    }
    return true;
  };
  // Each conversation retries a notification that failed during the outage from its alarm, with backoff: run them now.
  await Promise.all(
    ids.map(async (id) => {
      const conversation = env.Conversation.getByName(id);
      await runInDurableObject(conversation, (_c: Conversation, state) => state.storage.setAlarm(Date.now()));
      await runDurableObjectAlarm(conversation);
    }),
  );
  while (((await owed()) || !(await complete())) && Date.now() < deadline) {
    await runInDurableObject(workspace(), (_ws: Workspace, state) => state.storage.setAlarm(Date.now()));
    await runDurableObjectAlarm(workspace());
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(await owed()).toBe(false);
  for (const id of ids) {
    expect(await indexRow(id)).toMatchObject({ unread: MESSAGES_EACH, preview: `Mensaje ${MESSAGES_EACH - 1}: ¿hay stock? 🧦` });
    expect(await eventCount(id, "message_in")).toBe(MESSAGES_EACH);
    expect(await eventCount(id, "conversation_created")).toBe(1);
  }
}

afterEach(() => setD1Faults({ mode: "ok", delayMs: 0 }));

describe("D1 down", () => {
  it("acks every webhook with 200 and keeps the projection waiting in the workspace object", async () => {
    const { ids } = await trafficDuring("fail");
    await new Promise((r) => setTimeout(r, 400)); // past the projection delay: attempts were made and failed
    for (const id of ids) expect(await indexRow(id)).toBeNull();
    expect(await owed()).toBe(true);
  });

  it("catches up once D1 is back: index, contacts and report events, nothing lost or doubled", { timeout: 60_000 }, async () => {
    const { ids } = await trafficDuring("fail");
    await expectCaughtUp(ids);
    // Writing the projection again (an alarm is at-least-once) changes nothing.
    await runInDurableObject(workspace(), (ws: Workspace, state) => {
      state.storage.sql.exec("UPDATE conversations SET projected_version = 0");
      void ws;
    });
    await runDurableObjectAlarm(workspace());
    await expectCaughtUp(ids);
  });
});

describe("D1 slow", () => {
  it("does not slow the ack: with 2 s per D1 call, every webhook still answers well under 2 s", { timeout: 60_000 }, async () => {
    const { ids, acks } = await trafficDuring("slow", 2_000);
    // Had the webhook waited for D1 even once, its ack would take ≥ 2 s.
    expect(Math.max(...acks)).toBeLessThan(1_500);
    await expectCaughtUp(ids);
  });
});
