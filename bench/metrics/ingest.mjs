// Sustained ingest (T4): signed one-text webhooks spread over 1,000 conversations, open loop at a fixed rate,
// searched with lib/rate-search.mjs (0 errors and p99 ≤ 100 ms, held 30 s), plus the Worker runtime's CPU per
// webhook at fixed rates the do-insert floor also runs (bench/metrics/floor.mjs), so the two compare at equal load.
import { groupCpu, waitIdle } from "../lib/cpu.mjs";
import { equalRates, searchRate } from "../lib/rate-search.mjs";
import { ingestFirst, ingestWebhook } from "../lib/whatsapp.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const EQUAL_RATES = (process.env.BENCH_EQUAL_RATES ?? "100,200").split(",").map(Number);

/** Creates the `conversations` objects first (not measured), 16 at a time; the product and the floor alike. */
export async function createConversations(post, conversations = 1000) {
  for (let i = 0; i < conversations; i += 16) {
    await Promise.all(Array.from({ length: Math.min(16, conversations - i) }, (_, j) => post(ingestFirst(i + j))));
  }
}

export async function measureIngest(http, { conversations = 1000, log = () => {}, serverGroup = null, equal = EQUAL_RATES, equalOptions = {}, ...search } = {}) {
  // Each step starts from a quiet server: earlier steps' alarms and projections must not count against it.
  const settle = async () => (serverGroup ? waitIdle(serverGroup) : sleep(3000));
  const cpu = serverGroup ? () => groupCpu(serverGroup) : null;
  await createConversations((w) => http.request("POST", "/webhooks/whatsapp", w), conversations);
  await settle();
  // Every call builds a new wamid (lib/whatsapp.mjs), so every webhook is a new message.
  const send = (i, scheduledAt) => http.request("POST", "/webhooks/whatsapp", { ...ingestWebhook(i, conversations), startedAt: scheduledAt });
  const atEqualRates = cpu && equal.length ? await equalRates({ rates: equal, send, settle, cpu, label: "ingest", log, ...equalOptions }) : [];
  const found = await searchRate({ label: "ingest", log, settle, cpu, ...search, send });
  return { ...found, equalRates: atEqualRates };
}
