// Claim race (T8): 100 distinct agents claim one fresh conversation at the same instant, round after round.
// Exactly one 200 per round, every loser a 409 naming that winner, and the object's final assignee is the winner.
import { client, json } from "../lib/http.mjs";
import { summarize } from "../lib/stats.mjs";
import { conversationIdFor, customer, customerText } from "../lib/whatsapp.mjs";

export async function measureClaimRace(baseUrl, agents, { rounds = 100, solo = 200 } = {}) {
  const http = client(baseUrl, { sockets: agents.length + 4 });
  const auth = (a) => ({ authorization: `Bearer ${a.token}` });
  const latencies = [];
  let doubleWinners = 0;
  let noWinner = 0;
  let wrongFinal = 0;
  let wrongLoser = 0;
  const other = [];
  // Open every connection first so "at once" is not a TCP handshake race.
  await Promise.all(agents.map((a) => http.request("GET", "/api/health", { headers: auth(a) })));
  for (let r = 0; r < rounds; r++) {
    const waId = customer(5, r);
    const id = conversationIdFor(waId);
    const created = await http.request("POST", "/webhooks/whatsapp", customerText(waId, `Carrera ${r}`, "¿Quién me atiende?"));
    if (created.status !== 200) throw new Error(`claim: webhook ${created.status}`);
    const t0 = performance.now();
    const results = await Promise.all(agents.map((a) => http.request("POST", `/api/conversations/${id}/claim`, { headers: auth(a), startedAt: t0 })));
    const winners = [];
    results.forEach((res, i) => {
      latencies.push(res.ms);
      if (res.status === 200) winners.push(agents[i]);
      else if (res.status !== 409) other.push({ status: res.status, body: res.body.slice(0, 200) });
    });
    if (winners.length > 1) doubleWinners++;
    if (winners.length === 0) {
      noWinner++;
      continue;
    }
    const winner = winners[0];
    for (const res of results) {
      if (res.status === 409 && json(res)?.details?.owner?.id !== winner.agentId) wrongLoser++;
    }
    const view = await json(await http.request("GET", `/api/conversations/${id}`, { headers: auth(winner) }));
    if (view?.conversation?.assigneeId !== winner.agentId) wrongFinal++;
  }
  // Uncontended claim round trip: one agent, one fresh conversation at a time.
  const soloMs = [];
  for (let i = 0; i < solo; i++) {
    const waId = customer(6, i);
    await http.request("POST", "/webhooks/whatsapp", customerText(waId, `Solo ${i}`, "Hola"));
    const res = await http.request("POST", `/api/conversations/${conversationIdFor(waId)}/claim`, { headers: auth(agents[i % agents.length]) });
    if (res.status === 200) soloMs.push(res.ms);
  }
  http.close();
  return { rounds, claimers: agents.length, doubleWinners, noWinner, wrongFinal, wrongLoser, unexpected: other.length, firstUnexpected: other.slice(0, 3), race: summarize(latencies), solo: summarize(soloMs) };
}
