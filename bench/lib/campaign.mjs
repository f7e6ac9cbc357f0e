// A large campaign against a local runtime, shared by the benchmark (campaign_10k_s) and the fault test
// (test/faults/campaign-crash.test.ts): contacts written straight into the local D1 as an import would (the same
// derived ids as the product), a supervisor's API token, and the campaign created, started and followed over HTTP.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { d1, provisionAgents } from "./servers.mjs";
import { CHANNEL_ID, conversationIdFor } from "./whatsapp.mjs";
import { json } from "./http.mjs";

export const TEMPLATE = { name: "seguimiento_pedido", language: "es", params: ["{{contact.name|cliente}}", "{{contact.pedido}}"] };

/** The product's contact id for a number (durable/projection.ts contactIdFor over the derived conversation id). */
const contactIdFor = (waId) => conversationIdFor(waId).replace(/^cv_/, "ct_");

/**
 * Writes `count` contacts tagged `tagId`: every `optOutEvery`-th opted out, every `noConsentEvery`-th without
 * marketing consent (the template is taken as MARKETING). Numbers are `prefix` + a counter.
 */
export function seedAudience(persist, { count, prefix = "5255", tagId = "tag_campaign", optOutEvery = 50, noConsentEvery = 97 } = {}) {
  const now = Date.now();
  const lines = [
    `INSERT OR IGNORE INTO tags (id, workspace_id, name, color, created_at) VALUES ('${tagId}', 'ws_demo', '${tagId}', '#888888', ${now});`,
    "UPDATE templates SET category = 'MARKETING' WHERE name = 'seguimiento_pedido';",
    "UPDATE channels SET messaging_limit = NULL;",
  ];
  const people = [];
  const contacts = [];
  const tagged = [];
  for (let i = 0; i < count; i++) {
    const waId = `${prefix}${String(i).padStart(8, "0")}`;
    const optedOut = optOutEvery > 0 && i % optOutEvery === optOutEvery - 1;
    const noConsent = !optedOut && noConsentEvery > 0 && i % noConsentEvery === noConsentEvery - 1;
    people.push({ waId, optedOut, noConsent });
    const id = contactIdFor(waId);
    contacts.push(`('${id}', 'ws_demo', '${CHANNEL_ID}', '${waId}', '${waId}', 'Cliente ${i}', '+${waId}', '{"pedido":"P-${i}"}', ${optedOut ? now : "NULL"}, ${noConsent ? "NULL" : now}, ${now}, ${now})`);
    tagged.push(`('${id}', '${tagId}')`);
  }
  // Multi-row statements (a statement per row makes wrangler's local execute crawl on 10,000 rows).
  for (let i = 0; i < contacts.length; i += 500) {
    lines.push(`INSERT OR IGNORE INTO contacts (id, workspace_id, channel_id, contact_key, wa_id, name, phone, attributes, opted_out_at, marketing_consent_at, first_seen_at, last_seen_at) VALUES ${contacts.slice(i, i + 500).join(", ")};`);
    lines.push(`INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES ${tagged.slice(i, i + 500).join(", ")};`);
  }
  const file = path.join(persist, `audience-${tagId}.sql`);
  writeFileSync(file, lines.join("\n"));
  const r = d1(persist, null, file);
  if (!r.ok) throw new Error(`could not seed the audience: ${r.output.slice(-800)}`);
  return people;
}

/** A supervisor's API token (campaigns are for supervisors and admins). */
export function supervisorToken(persist, prefix = "campaign") {
  const [agent] = provisionAgents(persist, 1, prefix);
  const r = d1(persist, `UPDATE agents SET role = 'supervisor' WHERE id = '${agent.agentId}'`);
  if (!r.ok) throw new Error(`could not make a supervisor: ${r.output.slice(-400)}`);
  return agent.token;
}

export async function createAndStart(http, token, { name, tagId }) {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const created = await http.request("POST", "/api/campaigns", { headers, body: JSON.stringify({ name, channelId: CHANNEL_ID, template: TEMPLATE, audience: { tagIds: [tagId] } }) });
  if (created.status !== 201) throw new Error(`campaign not created: ${created.status} ${created.body}`);
  const id = json(created).id;
  const started = await http.request("POST", `/api/campaigns/${id}/start`, { headers });
  if (started.status !== 200) throw new Error(`campaign not started: ${started.status} ${started.body}`);
  return id;
}

export async function campaignView(http, token, id) {
  const res = await http.request("GET", `/api/campaigns/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return res.status === 200 ? json(res) : null;
}

/** Templates the simulator received, per recipient number. */
export async function templatesPerRecipient(http) {
  const sent = json(await http.request("GET", "/__sim/sent")).messages;
  const per = new Map();
  for (const m of sent) if (m.type === "template") per.set(m.to, (per.get(m.to) ?? 0) + 1);
  return { per, sent };
}

