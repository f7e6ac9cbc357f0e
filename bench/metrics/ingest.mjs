// Sustained ingest (T4): signed one-text webhooks spread over 1,000 conversations, open loop at a fixed rate,
// searched with lib/rate-search.mjs (0 errors and p99 ≤ 100 ms, held 30 s).
import { groupCpu, waitIdle } from "../lib/cpu.mjs";
import { searchRate } from "../lib/rate-search.mjs";
import { customer, customerText } from "../lib/whatsapp.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function measureIngest(http, { conversations = 1000, log = () => {}, serverGroup = null, ...search } = {}) {
  // Each step starts from a quiet server: earlier steps' alarms and projections must not count against it.
  const settle = async () => (serverGroup ? waitIdle(serverGroup) : sleep(3000));
  const waIds = Array.from({ length: conversations }, (_, i) => customer(4, i));
  // Create the 1,000 conversations first (not measured), 16 at a time.
  for (let i = 0; i < waIds.length; i += 16) {
    await Promise.all(waIds.slice(i, i + 16).map((w, j) => http.request("POST", "/webhooks/whatsapp", customerText(w, `Cliente ${i + j}`, "Hola"))));
  }
  await settle();
  return searchRate({
    label: "ingest",
    log,
    settle,
    cpu: serverGroup ? () => groupCpu(serverGroup) : null,
    ...search,
    send: (i, scheduledAt) => http.request("POST", "/webhooks/whatsapp", { ...customerText(waIds[i % conversations], `Cliente ${i % conversations}`, `Pedido ${i}: ¿cuándo llega? 📦`), startedAt: scheduledAt }),
  });
}
