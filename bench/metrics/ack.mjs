// Webhook ack latency (T1): signed one-text webhook → 200, sequential, to an existing conversation and from
// brand-new contacts (creates the Durable Object), plus the duplicate (replayed) path.
import { sequential } from "../lib/load.mjs";
import { summarize } from "../lib/stats.mjs";
import { ackWebhook, customer, customerText } from "../lib/whatsapp.mjs";

export async function measureAck(http, { warmup = 300, samples = 2000, newContacts = 300 } = {}) {
  const post = ({ body, headers }) => http.request("POST", "/webhooks/whatsapp", { body, headers });
  const waId = customer(1, 1);
  const first = await post(customerText(waId, "Lucía Fernández", "Hola 👋"));
  if (first.status !== 200) throw new Error(`ack: first webhook answered ${first.status} ${first.body}`);
  await sequential(warmup, (i) => post(customerText(waId, "Lucía Fernández", `calentando ${i}`)));
  const sent = [];
  const existing = await sequential(samples, (i) => {
    const w = ackWebhook(i, waId);
    sent.push(w);
    return post(w);
  });
  const replay = await sequential(Math.min(1000, sent.length), (i) => post(sent[i]));
  const fresh = await sequential(newContacts, (i) => post(customerText(customer(2, i), `Cliente ${i}`, "Primer mensaje, ¡hola!")));
  return {
    existing: summarize(existing.samples),
    duplicate: summarize(replay.samples),
    newConversation: summarize(fresh.samples),
    failures: existing.failures.length + replay.failures.length + fresh.failures.length,
    conversationId: waId,
  };
}
