// Fan-out (T2): a signed webhook is sent → the last of 50 agent sockets has the event. Half the agents hold the
// conversation socket (they get the message frame), half the workspace list socket (they get the list row).
// The fan-out floor (bench/floor/fanout: one bare object broadcasting one frame to 50 sockets) runs through the
// same rounds, client and pacing (`fanoutRounds`).
import { closeAll, openSocket } from "../lib/sockets.mjs";
import { summarize } from "../lib/stats.mjs";
import { conversationIdFor, customer, customerText } from "../lib/whatsapp.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const WA_ID = customer(3, 1);
const NAME = "Marta Gil";

/**
 * Opens one socket per `specs` entry ({path, token, match(frame, marker)}), then round after round sends one signed
 * webhook whose text is a fresh marker and times webhook sent → first and last socket holding a matching frame.
 */
export async function fanoutRounds(http, baseUrl, specs, { warmup = 30, rounds = 200, gapMs = 40 } = {}) {
  let round = null; // { marker, pending:Set, first, done }
  const arrived = (i, at) => {
    if (!round || !round.pending.has(i)) return;
    round.pending.delete(i);
    round.first ??= at;
    if (round.pending.size === 0) round.done(at);
  };
  const all = await Promise.all(specs.map((s, i) => openSocket(baseUrl, s.path, { token: s.token, onFrame: (f, at) => round && s.match(f, round.marker) && arrived(i, at) })));
  await sleep(300);

  const last = [];
  const firstSocket = [];
  const ack = [];
  let timeouts = 0;
  for (let r = 0; r < warmup + rounds; r++) {
    const marker = `Mensaje ${r} — ¿llegó a todos? ✅`;
    const webhook = customerText(WA_ID, NAME, marker);
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
  return { sockets: specs.length, last: summarize(last), first: summarize(firstSocket), ack: summarize(ack), timeouts };
}

const messageFrame = (f, marker) => f.type === "message" && f.message?.text === marker;

export async function measureFanout(http, baseUrl, agents, { sockets = 50, ...opts } = {}) {
  const conversationId = conversationIdFor(WA_ID);
  const first = await http.request("POST", "/webhooks/whatsapp", customerText(WA_ID, NAME, "Hola, quiero cambiar mi pedido"));
  if (first.status !== 200) throw new Error(`fanout: setup webhook ${first.status}`);
  const specs = Array.from({ length: sockets }, (_, i) => {
    const token = agents[i % agents.length].token;
    return i % 2 === 0
      ? { path: `/parties/conversation/${conversationId}`, token, match: messageFrame }
      : { path: "/parties/workspace/ws_demo", token, match: (f, marker) => f.type === "conversations" && f.items?.some((s) => s.lastMessagePreview === marker) };
  });
  return fanoutRounds(http, baseUrl, specs, opts);
}

/** The floor: 50 sockets on one bare object (named after the sender), one identical frame each per webhook. */
export async function measureFloorFanout(http, baseUrl, { sockets = 50, ...opts } = {}) {
  const first = await http.request("POST", "/webhooks/whatsapp", customerText(WA_ID, NAME, "Hola, quiero cambiar mi pedido"));
  if (first.status !== 200) throw new Error(`floor fanout: setup webhook ${first.status} ${first.body}`);
  const specs = Array.from({ length: sockets }, (_, i) => ({ path: `/parties/hub/${WA_ID}`, token: `floor_agent_${i}`, match: messageFrame }));
  return fanoutRounds(http, baseUrl, specs, opts);
}
