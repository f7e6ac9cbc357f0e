// Duplicate and out-of-order storm (T6): 10,000 unique customer messages over 200 conversations (some batched 5 per
// delivery), 30% delivered again (concurrent twin deliveries, late replays, re-batched), timestamps shuffled, and delivery statuses for
// agent replies arriving in reverse order before the send's own answer. Stored must equal expected, exactly.
import { json } from "../lib/http.mjs";
import { fullHistory } from "../lib/history.mjs";
import { conversationIdFor, customer, envelope, newWamid, nowSeconds, signed, statusItem, textMessage } from "../lib/whatsapp.mjs";

function shuffle(list, seed = 42) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

async function pool(items, concurrency, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

export async function measureDupStorm(http, agent, { conversations = 200, perConversation = 50, replies = 100 } = {}) {
  const auth = { authorization: `Bearer ${agent.token}` };
  const contacts = Array.from({ length: conversations }, (_, i) => ({ waId: customer(7, i), name: `Tormenta ${i} Ñandú` }));
  const base = nowSeconds() - 3600;
  const unique = [];
  contacts.forEach((c, ci) => {
    for (let k = 0; k < perConversation; k++) {
      const msg = textMessage(c.waId, `mensaje ${k} de ${ci}: ¿me oís? 😀`, { id: newWamid("d"), timestamp: base + Math.floor(Math.random() * 3600) });
      unique.push({ contact: c, msg });
    }
  });
  const single = ({ contact, msg }) => signed(envelope({ contacts: [contact], messages: [msg] }));
  const totals = { webhooks: 0, non200: 0, storedReported: 0, duplicatesReported: 0 };
  // Like Meta: a delivery that did not get a 200 is delivered again (after a short pause here, not hours).
  const post = async (w) => {
    let res;
    for (let attempt = 0; attempt < 10; attempt++) {
      res = await http.request("POST", "/webhooks/whatsapp", w);
      totals.webhooks++;
      if (res.status === 200) break;
      totals.non200++;
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
    if (res.status !== 200) throw new Error(`dup storm: a webhook never got a 200 (${res.status} ${res.body.slice(0, 200)})`);
    const b = json(res);
    totals.storedReported += b.stored;
    totals.duplicatesReported += b.duplicates;
  };

  // 30% sent again: 1/3 as concurrent twins, 1/3 replayed at the end, 1/3 inside later batches of 10 mixed items.
  const order = shuffle(unique.map((u, i) => i));
  const resent = order.slice(0, Math.round(unique.length * 0.3));
  const twins = new Set(resent.slice(0, resent.length / 3));
  const replays = resent.slice(resent.length / 3, (2 * resent.length) / 3);
  const rebatched = resent.slice((2 * resent.length) / 3);
  // Meta batches under load: half the first deliveries carry 5 messages (from different customers) each.
  const work = [];
  const firsts = shuffle([...order]);
  for (let k = 0; k < firsts.length; ) {
    const i = firsts[k];
    if (twins.has(i) || k % 2 === 0) work.push({ i }), k++;
    else {
      const batch = [];
      while (batch.length < 5 && k < firsts.length && !twins.has(firsts[k])) batch.push(unique[firsts[k++]]);
      work.push(batch.length ? { batch } : { i: firsts[k++] });
    }
  }
  for (let b = 0; b < rebatched.length; b += 10) {
    const items = rebatched.slice(b, b + 10).map((i) => unique[i]);
    work.push({ batch: items });
  }
  shuffle(work, 7);
  await pool(work, 32, async (w) => {
    if (w.batch) {
      const byContact = new Map();
      for (const u of w.batch) byContact.set(u.contact.waId, u.contact);
      return post(signed(envelope({ contacts: [...byContact.values()], messages: w.batch.map((u) => u.msg) })));
    }
    const body = single(unique[w.i]);
    if (twins.has(w.i)) return Promise.all([post(body), post(body)]);
    return post(body);
  });
  await pool(replays, 32, (i) => post(single(unique[i])));
  const sent = totals.webhooks;

  // Agent replies whose statuses arrive read → delivered → sent, the first one before Graph's answer was seen
  // (only `biz_opaque_callback_data` ties it to our message). The bench points Graph at a closed port, so only
  // these statuses can settle the replies.
  const outbound = [];
  for (let r = 0; r < replies; r++) {
    const c = contacts[r];
    const id = conversationIdFor(c.waId);
    const res = await http.request("POST", `/api/conversations/${id}/messages`, { headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ text: `Respuesta ${r}, ¡gracias!`, clientId: `storm-${r}` }) });
    if (res.status !== 201) throw new Error(`dup storm: reply ${res.status} ${res.body.slice(0, 200)}`);
    outbound.push({ c, id, messageId: json(res).message.id, wamid: newWamid("o") });
  }
  await pool(outbound, 16, async (o) => {
    const t = nowSeconds();
    await post(signed(envelope({ statuses: [statusItem(o.wamid, "read", o.c.waId, { callbackData: `${o.id}|${o.messageId}`, timestamp: t + 2 })] })));
    await Promise.all([
      post(signed(envelope({ statuses: [statusItem(o.wamid, "delivered", o.c.waId, { timestamp: t + 1 })] }))),
      post(signed(envelope({ statuses: [statusItem(o.wamid, "sent", o.c.waId, { timestamp: t })] }))),
    ]);
  });

  // Count through the API, per conversation.
  const expectedIds = new Set(unique.map((u) => u.msg.id));
  let stored = 0;
  let duplicatesStored = 0;
  let junk = 0;
  const finalStatuses = {};
  for (const c of contacts) {
    const history = await fullHistory(http, conversationIdFor(c.waId), auth);
    const seen = new Set();
    for (const m of history) {
      if (m.direction === "in") {
        if (seen.has(m.wamid)) duplicatesStored++;
        else if (!expectedIds.has(m.wamid)) junk++;
        else stored++;
        seen.add(m.wamid);
      } else if (m.direction === "out") {
        finalStatuses[m.status] = (finalStatuses[m.status] ?? 0) + 1;
      }
    }
  }
  return {
    sent: unique.length + resent.length,
    webhooks: sent,
    expected: unique.length,
    stored,
    duplicatesStored,
    junk,
    non200: totals.non200,
    storedReported: totals.storedReported,
    duplicatesReported: totals.duplicatesReported,
    replies: outbound.length,
    replyFinalStatuses: finalStatuses,
  };
}
