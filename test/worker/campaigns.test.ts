// Campaigns: an approved template to an audience of contacts, through the simulator. Every eligible recipient gets
// it exactly once — also through a burst of 429s and a per-user marketing limit (131049) —, opted-out contacts and
// contacts without consent for a MARKETING template never do, the customer's answer is counted as the campaign's,
// and the number's throughput and messaging limit hold. Agents cannot run campaigns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationIdFor } from "../../shared/conversation-id";
import { contactIdFor } from "../../durable/projection";
import { api, apiJson, env } from "./support/api";
import { customerSays } from "./support/whatsapp";
import { control, customerNumber, resetSimulator, sentTo, waitFor } from "./sim-helpers";

const CHANNEL = "ch_demo_wa";
const TEMPLATE = "seguimiento_pedido";

interface Person {
  waId: string;
  name: string | null;
  attributes?: Record<string, string>;
  optedOut?: boolean;
  consent?: boolean;
}

/** Contacts as an import would write them: the same derived id the conversation's projection uses. */
async function addContacts(people: Person[], tagId: string | null): Promise<string[]> {
  const ids: string[] = [];
  const now = Date.now();
  for (const p of people) {
    const id = contactIdFor(await conversationIdFor(CHANNEL, p.waId));
    ids.push(id);
    await env.DB.prepare(
      `INSERT INTO contacts (id, workspace_id, channel_id, contact_key, wa_id, name, phone, attributes, opted_out_at, marketing_consent_at, first_seen_at, last_seen_at)
       VALUES (?, 'ws_demo', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
      .bind(id, CHANNEL, p.waId, p.waId, p.name, `+${p.waId}`, JSON.stringify(p.attributes ?? {}), p.optedOut ? now : null, p.consent === false ? null : now, now, now)
      .run();
    if (tagId) await env.DB.prepare("INSERT INTO contact_tags (contact_id, tag_id) VALUES (?, ?)").bind(id, tagId).run();
  }
  return ids;
}

async function newTag(name: string): Promise<string> {
  const id = `tag_${name}_${crypto.randomUUID().slice(0, 8)}`;
  await env.DB.prepare("INSERT INTO tags (id, workspace_id, name, color, created_at) VALUES (?, 'ws_demo', ?, '#888888', ?)").bind(id, `${name}-${id.slice(-8)}`, Date.now()).run();
  return id;
}

const people = (n: number, extra: Partial<Person> = {}): Person[] =>
  Array.from({ length: n }, (_, i) => ({ waId: customerNumber("5255"), name: `Cliente ${i}`, attributes: { pedido: `P-${i}` }, ...extra }));

async function campaignUntil(id: string, done: (c: any) => boolean, timeoutMs = 15_000) {
  return waitFor(async () => (await apiJson("sofia", "GET", `/api/campaigns/${id}`)).body, done, timeoutMs);
}

const templatesSentTo = async (waId: string) => (await sentTo(waId)).messages.filter((m) => (m.body as { type?: string }).type === "template");

beforeAll(async () => {
  await resetSimulator();
  // The demo's template, taken as MARKETING for these tests (consent applies to marketing only).
  await env.DB.prepare("UPDATE templates SET category = 'MARKETING' WHERE name = ?").bind(TEMPLATE).run();
});

afterAll(async () => {
  await env.DB.prepare("UPDATE templates SET category = 'UTILITY' WHERE name = ?").bind(TEMPLATE).run();
  await env.DB.prepare("UPDATE channels SET throughput_mps = 80, messaging_limit = 100000 WHERE id = ?").bind(CHANNEL).run();
});

describe("a campaign", () => {
  it("reaches every eligible recipient once, through 429s and a per-user limit; never the opted-out or unconsenting", async () => {
    const tag = await newTag("promo");
    const eligible = people(24);
    const optedOut = people(3, { optedOut: true });
    const noConsent = people(3, { consent: false });
    const noOrder = people(1, { attributes: {} });
    const unnamed = people(1, { name: null });
    await addContacts([...eligible, ...optedOut, ...noConsent, ...noOrder, ...unnamed], tag);
    await addContacts(people(2), null); // not in the audience

    const body = {
      name: "Pedidos de diciembre",
      channelId: CHANNEL,
      template: { name: TEMPLATE, language: "es", params: ["{{contact.name|cliente}}", "{{contact.pedido}}"] },
      audience: { tagIds: [tag] },
    };
    expect((await apiJson("ana", "POST", "/api/campaigns", body)).status).toBe(403);
    const created = await apiJson("sofia", "POST", "/api/campaigns", body);
    expect(created).toMatchObject({ status: 201, body: { status: "draft", template: { category: "MARKETING" } } });
    const id = created.body.id as string;

    // A burst of rate-limit answers, and one customer Meta's per-user marketing limit keeps from receiving it.
    expect((await control("/faults", { code: 130429, count: 5 })).status).toBe(200);
    expect((await control("/faults", { code: 131049, mode: "async", count: 1 })).status).toBe(200);
    expect((await apiJson("sofia", "POST", `/api/campaigns/${id}/start`)).body.status).toBe("running");
    expect((await apiJson("sofia", "POST", `/api/campaigns/${id}/start`)).status).toBe(409);

    const reached = [...eligible, ...unnamed];
    // Everyone is reached but the deferred recipient, whom the campaign waits for (a day).
    const done = await campaignUntil(id, (c) => c.waiting?.reason === "per_user_limit" && c.counts.sent === 0 && c.counts.delivered === 0 && c.counts.read + 1 === reached.length, 20_000);
    expect(done).toMatchObject({ status: "running", counts: { total: 32, queued: 1, read: reached.length - 1, failed: 0, skipped: 7 } });
    expect(done.waiting.until).toBeGreaterThan(Date.now() + 23 * 3_600_000);

    // Exactly one template per reached customer; none to the opted-out, unconsenting or unfillable.
    for (const p of reached) expect(await templatesSentTo(p.waId)).toHaveLength(1);
    for (const p of [...optedOut, ...noConsent, ...noOrder]) expect(await templatesSentTo(p.waId)).toHaveLength(0);
    const unnamedSent = (await templatesSentTo(unnamed[0]!.waId))[0]!.body as { template: { components: Array<{ parameters: Array<{ text: string }> }> } };
    expect(unnamedSent.template.components[0]!.parameters[0]!.text).toBe("cliente");

    const skipped = (await apiJson("sofia", "GET", `/api/campaigns/${id}/recipients?state=skipped`)).body.items as Array<{ reason: string }>;
    expect(skipped.map((r) => r.reason).sort()).toEqual(["missing_value:pedido", "no_consent", "no_consent", "no_consent", "opted_out", "opted_out", "opted_out"]);
    // The 131049 recipient waits a day for its one retry.
    const deferred = (await apiJson("sofia", "GET", `/api/campaigns/${id}/recipients?state=queued`)).body.items as Array<{ errorCode: number }>;
    expect(deferred).toEqual([expect.objectContaining({ errorCode: 131049 })]);

    // The customer's answer lands in the inbox (the conversation opens) and counts as the campaign's reply, once.
    const answering = eligible[0]!;
    await customerSays({ waId: answering.waId, name: answering.name! }, "¡Sí! ¿Cuándo llega?");
    await customerSays({ waId: answering.waId, name: answering.name! }, "Gracias");
    const replied = await campaignUntil(id, (c) => c.counts.replied === 1);
    expect(replied.counts.replied).toBe(1);
    const conversationId = await conversationIdFor(CHANNEL, answering.waId);
    const view = (await apiJson("sofia", "GET", `/api/conversations/${conversationId}`)).body;
    expect(view.conversation.status).toBe("open");
    const history = (await apiJson("sofia", "GET", `/api/conversations/${conversationId}/messages`)).body.messages as Array<{ kind: string; authorName: string | null; direction: string }>;
    expect(history.find((m) => m.kind === "template")).toMatchObject({ direction: "out", authorName: "Pedidos de diciembre" });

    // The list shows it with its counts (D1's copy follows the object within seconds).
    const listed = await waitFor(async () => (await apiJson("admin", "GET", "/api/campaigns")).body.items.find((c: { id: string }) => c.id === id), (c) => c?.counts.replied === 1, 10_000);
    expect(listed).toMatchObject({ status: "running", counts: { total: 32, skipped: 7 } });
    expect((await apiJson("ana", "GET", `/api/campaigns/${id}`)).status).toBe(403);
  });

  it("a contact who opts out after the audience was read is not sent to; pause, resume and cancel", async () => {
    await env.DB.prepare("UPDATE channels SET throughput_mps = 4 WHERE id = ?").bind(CHANNEL).run();
    const tag = await newTag("pausa");
    const group = people(12);
    const ids = await addContacts(group, tag);
    const created = (await apiJson("sofia", "POST", "/api/campaigns", { name: "Pausa", channelId: CHANNEL, template: { name: TEMPLATE, language: "es", params: ["{{contact.name}}", "x"] }, audience: { tagIds: [tag] } })).body;
    await env.DB.prepare("UPDATE channels SET throughput_mps = 80 WHERE id = ?").bind(CHANNEL).run();
    expect((await apiJson("sofia", "POST", `/api/campaigns/${created.id}/start`)).status).toBe(200);
    await campaignUntil(created.id, (c) => c.counts.total === 12);
    // The last in line opts out while the campaign runs (4 a second: it is not reached before the third second).
    const last = ((await apiJson("sofia", "GET", `/api/campaigns/${created.id}/recipients?limit=50`)).body.items as Array<{ contactId: string; phone: string }>).at(-1)!;
    expect(ids).toContain(last.contactId);
    await env.DB.prepare("UPDATE contacts SET opted_out_at = ? WHERE id = ?").bind(Date.now(), last.contactId).run();
    const paused = (await apiJson("sofia", "POST", `/api/campaigns/${created.id}/pause`)).body;
    expect(paused.status).toBe("paused");
    const frozen = (await campaignUntil(created.id, () => true)).counts.queued;
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await apiJson("sofia", "GET", `/api/campaigns/${created.id}`)).body.counts.queued).toBeLessThanOrEqual(frozen);
    expect((await apiJson("sofia", "POST", `/api/campaigns/${created.id}/pause`)).status).toBe(409);
    expect((await apiJson("sofia", "POST", `/api/campaigns/${created.id}/resume`)).body.status).toBe("running");
    const finished = await campaignUntil(created.id, (c) => c.status === "completed");
    expect(finished.counts.skipped).toBe(1);
    expect(await templatesSentTo(last.phone.slice(1))).toHaveLength(0);
    expect((await apiJson("sofia", "POST", `/api/campaigns/${created.id}/cancel`)).status).toBe(409);

    const other = (await apiJson("sofia", "POST", "/api/campaigns", { name: "Cancelada", channelId: CHANNEL, template: { name: TEMPLATE, language: "es", params: ["a", "b"] }, audience: { tagIds: [tag] } })).body;
    expect((await apiJson("sofia", "POST", `/api/campaigns/${other.id}/cancel`)).body.status).toBe("cancelled");
    expect((await apiJson("sofia", "POST", `/api/campaigns/${other.id}/start`)).status).toBe(409);
  });

  it("keeps to the number's throughput and messaging limit, and starts on schedule", async () => {
    // The limit is the number's, shared by its campaigns: what the earlier ones reached today counts too.
    // Settled: D1's copy of every earlier campaign's counts is the object's own (it follows within seconds).
    const settled = async () => {
      const rows = (await env.DB.prepare("SELECT id, counts FROM campaigns").all<{ id: string; counts: string }>()).results;
      const live = await Promise.all(rows.map(async (r) => (await apiJson("sofia", "GET", `/api/campaigns/${r.id}`)).body.counts));
      const same = rows.every((r, i) => Object.entries(live[i]).every(([k, v]) => JSON.parse(r.counts)[k] === v));
      return { same, n: rows.reduce((sum, r) => sum + (JSON.parse(r.counts).reached ?? 0), 0) };
    };
    const earlier = await waitFor(settled, (r) => r.same, 10_000);
    await env.DB.prepare("UPDATE channels SET throughput_mps = 5, messaging_limit = ? WHERE id = ?").bind(earlier.n + 8, CHANNEL).run();
    const tag = await newTag("limite");
    const group = people(12);
    await addContacts(group, tag);
    const startAt = Date.now() + 1_000;
    const created = await apiJson("sofia", "POST", "/api/campaigns", { name: "Límite", channelId: CHANNEL, template: { name: TEMPLATE, language: "es", params: ["{{contact.name}}", "x"] }, audience: { tagIds: [tag] }, scheduledAt: startAt });
    await env.DB.prepare("UPDATE channels SET throughput_mps = 80, messaging_limit = 100000 WHERE id = ?").bind(CHANNEL).run();
    expect(created.body.status).toBe("scheduled");
    const waiting = await campaignUntil(created.body.id, (c) => c.waiting !== null);
    // 8 a day on this number: the rest wait for the window to move; 5 a second: at least two seconds for 8.
    expect(waiting).toMatchObject({ status: "running", waiting: { reason: "messaging_limit" }, counts: { total: 12 } });
    expect(waiting.counts.queued).toBe(4);
    expect(waiting.startedAt).toBeGreaterThanOrEqual(startAt);
    const recipients = (await apiJson("sofia", "GET", `/api/campaigns/${created.body.id}/recipients?limit=50`)).body.items as Array<{ state: string; updatedAt: number }>;
    expect(recipients.filter((r) => r.state === "queued")).toHaveLength(4);
    const sentLogs = await Promise.all(group.map((p) => templatesSentTo(p.waId)));
    const times = sentLogs.flat().map((m) => m.at).sort((a, b) => a - b);
    expect(times).toHaveLength(8);
    // Two batches a second apart (the Graph calls themselves jitter by the outboxes' timing).
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(500);
  });

  it("refuses what cannot be sent: unknown number or tag, unapproved template, missing values, a time past", async () => {
    const base = { name: "Mal", channelId: CHANNEL, template: { name: TEMPLATE, language: "es", params: ["a", "b"] } };
    expect((await apiJson("sofia", "POST", "/api/campaigns", { ...base, channelId: "ch_nope" })).status).toBe(404);
    expect((await apiJson("sofia", "POST", "/api/campaigns", { ...base, template: { name: "no_existe", language: "es", params: [] } })).body.error).toBe("template_not_approved");
    expect((await apiJson("sofia", "POST", "/api/campaigns", { ...base, template: { ...base.template, params: ["a"] } })).body.error).toBe("template_params");
    expect((await apiJson("sofia", "POST", "/api/campaigns", { ...base, template: { ...base.template, params: ["{{nombre}}", "b"] } })).body.error).toBe("template_params");
    expect((await apiJson("sofia", "POST", "/api/campaigns", { ...base, audience: { tagIds: ["tag_nope"] } })).body.error).toBe("unknown_tag");
    expect((await apiJson("sofia", "POST", "/api/campaigns", { ...base, scheduledAt: Date.now() - 3_600_000 })).body.error).toBe("scheduled_in_past");
    expect((await apiJson("sofia", "GET", "/api/campaigns/cmp_nope")).status).toBe(404);
    expect((await api(null, "GET", "/api/campaigns")).status).toBe(401);
  });
});
