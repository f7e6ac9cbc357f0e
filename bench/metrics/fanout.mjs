// Fan-out (T2): a signed webhook is sent → the last of 50 agent sockets has the event. Half the agents hold the
// conversation socket (they get the message frame), half the workspace list socket (they get the list row).
import { closeAll, openSocket } from "../lib/sockets.mjs";
import { summarize } from "../lib/stats.mjs";
import { conversationIdFor, customer, customerText } from "../lib/whatsapp.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function measureFanout(http, baseUrl, agents, { sockets = 50, warmup = 30, rounds = 200, gapMs = 40 } = {}) {
  const waId = customer(3, 1);
  const conversationId = conversationIdFor(waId);
  const first = await http.request("POST", "/webhooks/whatsapp", customerText(waId, "Marta Gil", "Hola, quiero cambiar mi pedido"));
  if (first.status !== 200) throw new Error(`fanout: setup webhook ${first.status}`);

  let round = null; // { marker, t0, pending:Set, last, first }
  const arrived = (i, at) => {
    if (!round || !round.pending.has(i)) return;
    round.pending.delete(i);
    round.first ??= at;
    if (round.pending.size === 0) round.done(at);
  };
  const open = [];
  for (let i = 0; i < sockets; i++) {
    const onConversation = i % 2 === 0;
    const path = onConversation ? `/parties/conversation/${conversationId}` : "/parties/workspace/ws_demo";
    const onFrame = onConversation
      ? (f, at) => f.type === "message" && f.message?.text === round?.marker && arrived(i, at)
      : (f, at) => f.type === "conversations" && f.items?.some((s) => s.lastMessagePreview === round?.marker) && arrived(i, at);
    open.push(openSocket(baseUrl, path, { token: agents[i % agents.length].token, onFrame }));
  }
  const all = await Promise.all(open);
  await sleep(300);

  const last = [];
  const firstSocket = [];
  const ack = [];
  let timeouts = 0;
  for (let r = 0; r < warmup + rounds; r++) {
    const marker = `Mensaje ${r} — ¿llegó a todos? ✅`;
    const webhook = customerText(waId, "Marta Gil", marker);
    const t0 = performance.now();
    const done = new Promise((resolve) => {
      round = { marker, pending: new Set(all.map((_, i) => i)), first: null, done: resolve };
    });
    const res = http.request("POST", "/webhooks/whatsapp", { ...webhook, startedAt: t0 });
    const at = await Promise.race([done, sleep(5000).then(() => null)]);
    const answered = await res;
    if (at === null) timeouts++;
    else if (r >= warmup) {
      last.push(at - t0);
      firstSocket.push(round.first - t0);
      ack.push(answered.ms);
    }
    round = null;
    await sleep(gapMs);
  }
  closeAll(all);
  return { sockets, last: summarize(last), first: summarize(firstSocket), ack: summarize(ack), timeouts };
}
