// Claim race (T8): 100 distinct agents claim one fresh conversation at the same instant, round after round.
// Exactly one 200 per round, every loser a 409 naming that winner, and the object's final assignee is the winner.
// The same rounds run against the claim-race floor (bench/floor/claim-race: one bare object, one SQLite update per
// claim); the uncontended claim is timed apart, on an idle server after an authenticated warm-up.
import { waitIdle } from "../lib/cpu.mjs";
import { client, json } from "../lib/http.mjs";
import { summarize } from "../lib/stats.mjs";
import { conversationIdFor, customer, customerText } from "../lib/whatsapp.mjs";

const auth = (token) => ({ authorization: `Bearer ${token}` });

/**
 * `rounds` races of every claimer ({id, token}) at once; `create(r)` makes the round's fresh item and returns its
 * claim path, `finalOwner(path, winner)` reads who holds it afterwards (null to skip that check).
 */
async function raceRounds(http, claimers, rounds, { create, finalOwner }) {
  const latencies = [];
  let doubleWinners = 0;
  let noWinner = 0;
  let wrongFinal = 0;
  let wrongLoser = 0;
  const other = [];
  // Open every connection first so "at once" is not a TCP handshake race.
  await Promise.all(claimers.map((a) => http.request("GET", "/api/health", { headers: auth(a.token) })));
  for (let r = 0; r < rounds; r++) {
    const path = await create(r);
    const t0 = performance.now();
    const results = await Promise.all(claimers.map((a) => http.request("POST", path, { headers: auth(a.token), startedAt: t0 })));
    const winners = [];
    results.forEach((res, i) => {
      latencies.push(res.ms);
      if (res.status === 200) winners.push(claimers[i]);
      else if (res.status !== 409) other.push({ status: res.status, body: res.body.slice(0, 200) });
    });
    if (winners.length > 1) doubleWinners++;
    if (winners.length === 0) {
      noWinner++;
      continue;
    }
    const winner = winners[0];
    for (const res of results) {
      if (res.status === 409 && json(res)?.details?.owner?.id !== winner.id) wrongLoser++;
    }
    const owner = await finalOwner(path, winner);
    if (owner !== null && owner !== winner.id) wrongFinal++;
  }
  return { rounds, claimers: claimers.length, doubleWinners, noWinner, wrongFinal, wrongLoser, unexpected: other.length, firstUnexpected: other.slice(0, 3), race: summarize(latencies) };
}

export async function measureClaimRace(baseUrl, agents, { rounds = 100 } = {}) {
  const http = client(baseUrl, { sockets: agents.length + 4 });
  try {
    return await raceRounds(http, agents.map((a) => ({ id: a.agentId, token: a.token })), rounds, {
      create: async (r) => {
        const waId = customer(5, r);
        const created = await http.request("POST", "/webhooks/whatsapp", customerText(waId, `Carrera ${r}`, "¿Quién me atiende?"));
        if (created.status !== 200) throw new Error(`claim: webhook ${created.status}`);
        return `/api/conversations/${conversationIdFor(waId)}/claim`;
      },
      finalOwner: async (path, winner) => {
        const view = json(await http.request("GET", path.replace(/\/claim$/, ""), { headers: auth(winner.token) }));
        return view?.conversation?.assigneeId ?? "none";
      },
    });
  } finally {
    http.close();
  }
}

/** The same rounds against the claim-race floor: 100 claimers, one bare object, one row per round. */
export async function measureFloorClaimRace(baseUrl, { rounds = 100, claimers = 100 } = {}) {
  const http = client(baseUrl, { sockets: claimers + 4 });
  const people = Array.from({ length: claimers }, (_, i) => ({ id: `floor_agent_${i}`, token: `floor_agent_${i}` }));
  try {
    return await raceRounds(http, people, rounds, {
      create: async (r) => {
        const res = await http.request("POST", `/create?id=round${r}`);
        if (res.status !== 200) throw new Error(`floor claim: create ${res.status} ${res.body}`);
        return `/claim?id=round${r}`;
      },
      finalOwner: async () => null, // the losers' 409s name the owner from the same row
    });
  } finally {
    http.close();
  }
}

/**
 * One uncontended claim at a time, one agent, on an idle server: conversations are created `batch` at a time, the
 * server is left to go idle (their notifications and projections done), then each is claimed, `gapMs` apart so one
 * claim's own background work is mostly done before the next. Before measuring, the agent's token is warmed with
 * authenticated GETs and `warmClaims` claims (not counted). Batches stay well under the objects' idle eviction.
 */
export async function measureClaimSolo(baseUrl, agent, { serverGroup = null, solo = 200, batch = 50, gapMs = 50, warmGets = 10, warmClaims = 10 } = {}) {
  const http = client(baseUrl);
  const idle = () => (serverGroup ? waitIdle(serverGroup) : new Promise((r) => setTimeout(r, 1000)));
  const headers = auth(agent.token);
  const soloMs = [];
  const failures = [];
  let next = 0;
  const claimBatch = async (count, record) => {
    const ids = [];
    for (let i = 0; i < count; i++, next++) {
      const waId = customer(6, next);
      const created = await http.request("POST", "/webhooks/whatsapp", customerText(waId, `Solo ${next}`, "Hola, ¿me atendéis?"));
      if (created.status !== 200) throw new Error(`claim solo: webhook ${created.status}`);
      ids.push(conversationIdFor(waId));
    }
    await idle();
    for (const id of ids) {
      const res = await http.request("POST", `/api/conversations/${id}/claim`, { headers });
      if (res.status !== 200) failures.push({ status: res.status, body: res.body.slice(0, 200) });
      else if (record) soloMs.push(res.ms);
      await new Promise((r) => setTimeout(r, gapMs));
    }
  };
  try {
    await idle();
    for (let i = 0; i < warmGets; i++) {
      const me = await http.request("GET", "/api/auth/me", { headers });
      if (me.status !== 200) throw new Error(`claim solo: warm-up GET /api/auth/me ${me.status}`);
    }
    await claimBatch(warmClaims, false);
    for (let done = 0; done < solo; done += batch) await claimBatch(Math.min(batch, solo - done), true);
  } finally {
    http.close();
  }
  return { solo: summarize(soloMs), failures: failures.length, firstFailures: failures.slice(0, 3), batch, gapMs, warmGets, warmClaims };
}
