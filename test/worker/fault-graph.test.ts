// Graph API faults during sends, through the simulator: rate limits (429) and server errors are retried with
// backoff and the reply goes out exactly once; permanent and asynchronous failures (131047, 131026) end in
// `failed` with Meta's code and reason, visible through the API and live on the agent's socket; a send whose
// answer is lost is never sent twice. Backoff waits are fast-forwarded (fault-support/jobs.ts).
import { beforeEach, describe, expect, it } from "vitest";
import { apiJson, conversationOf } from "./support/api";
import { openSocket, type TestSocket } from "./support/sockets";
import { customerNumber } from "./support/whatsapp";
import { control, customerWrites, resetSimulator, sentTo } from "./sim-helpers";
import { jobsOf, runJobsNow } from "./fault-support/jobs";

type StoredMessage = { id: string; status: string; wamid: string | null; errorCode: number | null; errorReason: string | null };

const message = async (conversationId: string, id: string) =>
  ((await apiJson("ana", "GET", `/api/conversations/${conversationId}/messages?limit=200`)).body.messages as StoredMessage[]).find((m) => m.id === id)!;

/** A customer writes, Ana watches the conversation and replies; `faults` are armed just before the reply. */
async function replyUnder(faults: Array<Record<string, unknown>>) {
  const number = customerNumber();
  await customerWrites(number);
  const conversationId = await conversationOf(number);
  const { socket } = await openSocket("ana", `/parties/conversation/${conversationId}`);
  for (const f of faults) expect((await control("/faults", f)).status).toBe(200);
  const sent = await apiJson("ana", "POST", `/api/conversations/${conversationId}/messages`, { text: "Te lo confirmo enseguida, Lucía 🙂" });
  expect(sent.status).toBe(201);
  return { number, conversationId, socket: socket!, messageId: sent.body.message.id as string };
}

/** Drives the object's alarm (skipping backoff waits) until the reply reaches `status`; counts attempts made. */
async function settle(conversationId: string, messageId: string, status: string, timeoutMs = 10_000): Promise<StoredMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = await message(conversationId, messageId);
    if (m.status === status) return m;
    if (Date.now() > deadline) throw new Error(`reply stuck at ${m.status}; jobs ${JSON.stringify(await jobsOf(conversationId))}`);
    await runJobsNow(conversationId);
    await new Promise((r) => setTimeout(r, 40));
  }
}

const statusesOnSocket = (socket: TestSocket, messageId: string) =>
  socket.frames.filter((f) => f.type === "message" && f.message.id === messageId).map((f) => f.message.status as string).filter((s, i, all) => s !== all[i - 1]);

beforeEach(async () => {
  await resetSimulator();
});

describe("transient Graph failures are retried, and the reply goes out once", () => {
  it.each([
    ["429 rate limit (130429) twice", { code: 130429, count: 2 }],
    ["500 unknown error (131000) three times", { code: 131000, count: 3 }],
    ["503 service unavailable (2) three times", { code: 2, count: 3 }],
  ])("%s, then success: pending → … → read, one send, no error left", async (_, fault) => {
    const { number, conversationId, socket, messageId } = await replyUnder([{ ...fault, mode: "sync" }]);
    const done = await settle(conversationId, messageId, "read");
    expect(done).toMatchObject({ errorCode: null, errorReason: null });
    expect(done.wamid).toMatch(/^wamid\./);
    const log = await sentTo(number);
    expect(log.messages).toHaveLength(1);
    expect(log.messages[0]!.wamid).toBe(done.wamid);
    await socket.next((f) => f.type === "message" && f.message.id === messageId && f.message.status === "read");
    expect(statusesOnSocket(socket, messageId)).toEqual(["pending", "accepted", "sent", "delivered", "read"]);
    socket.close();
  });

  it("gives up after the last attempt of a failure that never ends, and says why on the API and the socket", async () => {
    const { number, conversationId, socket, messageId } = await replyUnder([{ code: 2, count: 50, mode: "sync" }]);
    const failed = await settle(conversationId, messageId, "failed");
    expect(failed.errorCode).toBe(2);
    expect(failed.errorReason).toMatch(/gave up after \d+ attempts/i);
    expect((await sentTo(number)).messages).toHaveLength(0);
    const frame = await socket.next((f) => f.type === "message" && f.message.id === messageId && f.message.status === "failed");
    expect(frame.message).toMatchObject({ errorCode: 2 });
    expect((await jobsOf(conversationId)).filter((j) => j.kind === "send")).toEqual([]);
    socket.close();
  });
});

describe("permanent and asynchronous failures end in `failed` with Meta's code", () => {
  it("a rejected send (131009, invalid parameter) fails at once, is not retried, and nothing reaches WhatsApp", async () => {
    const { number, conversationId, socket, messageId } = await replyUnder([{ code: 131009, mode: "sync" }]);
    const failed = await settle(conversationId, messageId, "failed");
    expect(failed).toMatchObject({ errorCode: 131009 });
    expect(failed.errorReason).toBeTruthy();
    for (let i = 0; i < 3; i++) await runJobsNow(conversationId);
    expect((await sentTo(number)).messages).toHaveLength(0);
    expect(await message(conversationId, messageId)).toMatchObject({ status: "failed", errorCode: 131009 });
    socket.close();
  });

  it.each([
    [131047, "more than 24 hours"],
    [131026, "undeliverable"],
  ])("an accepted send that WhatsApp later fails (%i) shows failed with the code and reason, live", async (code, reason) => {
    const { number, conversationId, socket, messageId } = await replyUnder([{ code, mode: "async" }]);
    const failed = await settle(conversationId, messageId, "failed");
    expect(failed.errorCode).toBe(code);
    expect(failed.errorReason?.toLowerCase()).toContain(reason);
    const log = await sentTo(number);
    expect(log.messages).toHaveLength(1);
    expect(failed.wamid).toBe(log.messages[0]!.wamid);
    const frame = await socket.next((f) => f.type === "message" && f.message.id === messageId && f.message.status === "failed");
    expect(frame.message).toMatchObject({ errorCode: code });
    socket.close();
  });
});

describe("lost answers", () => {
  it("a timed-out send is settled by its status webhook, however often the alarm runs meanwhile: sent once", async () => {
    const { number, conversationId, messageId } = await replyUnder([{ code: 131000, mode: "timeout", delayMs: 1_500 }]);
    await settle(conversationId, messageId, "read");
    for (let i = 0; i < 5; i++) await runJobsNow(conversationId);
    expect((await sentTo(number)).messages).toHaveLength(1);
  });

  // KNOWN GAP (reported to the lead): after SEND_RECONCILE_MS without a status, the outbox sends again, so a
  // status webhook that is merely late (Meta retrying deliveries to us) makes the customer get the reply twice.
  // `it.fails` keeps this visible: it starts failing — flip it to `it` — once the product sends exactly once here.
  it.fails("KNOWN GAP: a timed-out send whose statuses are slower than the reconcile wait is still sent once", async () => {
    await control("/config", { statusDelaysMs: { sent: 1_500, delivered: 1_600, read: 1_700 } });
    const { number, conversationId, messageId } = await replyUnder([{ code: 131000, mode: "timeout", delayMs: 1_000 }]);
    await settle(conversationId, messageId, "read");
    expect((await sentTo(number)).messages).toHaveLength(1);
  });
});
