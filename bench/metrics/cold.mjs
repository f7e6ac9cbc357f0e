// Cold-object ack: the first message to a conversation whose Durable Object was evicted (most real traffic: a
// customer writes again minutes or hours later). Creates `conversations` conversations through webhooks, leaves
// the server idle past the runtime's idle eviction (`idleS`; wrangler dev's workerd evicts an object ~10 s after its
// last event, measured in bench/README.md), then sends one message to each, sequentially.
import { waitIdle } from "../lib/cpu.mjs";
import { sequential } from "../lib/load.mjs";
import { summarize } from "../lib/stats.mjs";
import { customer, customerText } from "../lib/whatsapp.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function measureColdAck(http, { conversations = 200, idleS = 20, serverGroup = null, block = 9 } = {}) {
  const post = (w) => http.request("POST", "/webhooks/whatsapp", w);
  const waIds = Array.from({ length: conversations }, (_, i) => customer(block, i));
  const created = await sequential(conversations, (i) => post(customerText(waIds[i], `Clienta ${i} Muñoz`, "Hola, ¿abrís el sábado?")));
  if (created.failures.length) throw new Error(`cold ack: setup webhook ${created.failures[0].status}`);
  // Idle counts from when the server's own background work (notifications, projections) is done.
  const t0 = Date.now();
  if (serverGroup) await waitIdle(serverGroup);
  const settledS = (Date.now() - t0) / 1000;
  await sleep(idleS * 1000);
  const cold = await sequential(conversations, (i) => post(customerText(waIds[i], `Clienta ${i} Muñoz`, "Vuelvo a escribir: ¿sigue en pie lo del sábado? 🙂")));
  return { conversations, idleS, settledS, cold: summarize(cold.samples), failures: cold.failures.length };
}
