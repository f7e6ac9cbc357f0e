// Onboarding without SQL (issue 13): the channels screen's API (Graph check, sealed tokens never returned, rotation,
// disable/enable) and the first-run setup (setup token, one workspace even when two setups race). Each worker test
// file has its own D1 (seeded by setup.ts), so the setup tests at the end may empty it.
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import type { Conversation } from "../../durable/conversation";
import { beforeAll, describe, expect, it } from "vitest";
import app from "../../worker/index";
import { forgetChannels } from "../../worker/channels/channel-directory";
import { DEMO_CHANNEL } from "../../worker/dev/demo-fixture";
import { conversationIdFor } from "../../shared/conversation-id";
import { api, apiJson } from "./support/api";
import { customerNumber, resetSimulator, sentTo, waitFor } from "./sim-helpers";
import { envelope, postWebhook, textMessage } from "./support/whatsapp";

const SIM_TOKEN = (env as Env).WA_ACCESS_TOKEN;
// The simulator answers for one number; the seeded demo row gives it up so the API can add it afresh.
const NUMBER = { name: "Recepción", phoneNumberId: DEMO_CHANNEL.phoneNumberId, wabaId: DEMO_CHANNEL.wabaId, displayNumber: DEMO_CHANNEL.displayNumber };

async function dumpD1(): Promise<string> {
  const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>();
  const parts: string[] = [];
  for (const { name } of tables.results) parts.push(JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results));
  return parts.join("\n");
}

async function customerWritesTo(phoneNumberId: string, waId: string, body: string) {
  const customer = { waId, name: "Lucía" };
  return postWebhook(envelope({ contacts: [customer], messages: [textMessage(customer, body)] }, { phoneNumberId }));
}

describe("WhatsApp numbers (/api/admin/channels)", () => {
  let channelId = "";

  beforeAll(async () => {
    await env.DB.prepare("UPDATE channels SET phone_number_id = '100000000000999' WHERE id = ?").bind(DEMO_CHANNEL.id).run();
    forgetChannels();
    await resetSimulator();
  });

  it("refuses a bad token or an unknown number with Meta's message (422), and agents altogether", async () => {
    const badToken = await apiJson("admin", "POST", "/api/admin/channels", { ...NUMBER, accessToken: "EAAG-not-the-right-token" });
    expect(badToken.status).toBe(422);
    expect(badToken.body.error).toBe("graph_check_failed");
    expect(badToken.body.message).toMatch(/access token/i);
    const unknown = await apiJson("admin", "POST", "/api/admin/channels", { ...NUMBER, phoneNumberId: "123456789012", accessToken: SIM_TOKEN });
    expect(unknown.status).toBe(422);
    expect(unknown.body.message).toMatch(/does not exist/);
    expect((await api("sofia", "POST", "/api/admin/channels", { ...NUMBER, accessToken: SIM_TOKEN })).status).toBe(403);
    expect((await api("bruno", "POST", "/api/admin/channels", { ...NUMBER, accessToken: SIM_TOKEN })).status).toBe(403);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM channels WHERE phone_number_id = ?").bind(NUMBER.phoneNumberId).first<{ n: number }>())!.n).toBe(0);
  });

  it("adds a number checked with Meta, its token sealed in D1 and never returned", async () => {
    const added = await apiJson("admin", "POST", "/api/admin/channels", { ...NUMBER, accessToken: SIM_TOKEN });
    expect(added.status).toBe(201);
    channelId = added.body.id;
    expect(added.body).toMatchObject({ name: "Recepción", verifiedName: "WhatsApp Demo", qualityRating: "GREEN", enabled: true, tokenSource: "sealed", token: `••••${SIM_TOKEN.slice(-4)}` });
    expect(JSON.stringify(added.body)).not.toContain(SIM_TOKEN);
    // Nowhere in D1 in the clear.
    expect(await dumpD1()).not.toContain(SIM_TOKEN);
    const row = await env.DB.prepare("SELECT access_token_enc, token_last4 FROM channels WHERE id = ?").bind(channelId).first<{ access_token_enc: string; token_last4: string }>();
    expect(row!.access_token_enc).toMatch(/^v1\./);
    const audit = await env.DB.prepare("SELECT action, actor_name FROM audit_log WHERE target_id = ?").bind(channelId).all();
    expect(audit.results).toContainEqual({ action: "channel.add", actor_name: expect.any(String) });

    // Supervisors see the list (without tokens); agents do not.
    const listed = await apiJson("sofia", "GET", "/api/admin/channels");
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(channelId);
    expect(JSON.stringify(listed.body)).not.toContain(SIM_TOKEN);
    expect((await api("bruno", "GET", "/api/admin/channels")).status).toBe(403);
    // The same number twice: 409.
    expect((await api("admin", "POST", "/api/admin/channels", { ...NUMBER, accessToken: SIM_TOKEN })).status).toBe(409);
  });

  it("receives a customer's message and the agent's reply reaches Meta with the sealed token", async () => {
    const waId = customerNumber();
    expect((await customerWritesTo(NUMBER.phoneNumberId, waId, "Hola")).status).toBe(200);
    const conversationId = await conversationIdFor(channelId, waId);
    const view = await apiJson("admin", "GET", `/api/conversations/${conversationId}`);
    expect(view.status).toBe(200);
    const reply = await apiJson("admin", "POST", `/api/conversations/${conversationId}/messages`, { text: "¡Hola! Te ayudo." });
    expect(reply.status).toBe(201);
    // The simulator accepts only its own token: a send with anything else would be refused (401) and never logged.
    const log = await waitFor(() => sentTo(waId), (l) => l.messages.length > 0);
    expect(log.messages[0]).toMatchObject({ to: waId });
  });

  it("re-checks, renames and rotates the token (a wrong new token keeps the old one)", async () => {
    const rechecked = await apiJson("admin", "POST", `/api/admin/channels/${channelId}/check`);
    expect(rechecked.status).toBe(200);
    expect(rechecked.body.checkedAt).toBeGreaterThan(0);
    expect((await api("admin", "PATCH", `/api/admin/channels/${channelId}`, { name: "Citas" })).status).toBe(200);
    const before = await env.DB.prepare("SELECT access_token_enc FROM channels WHERE id = ?").bind(channelId).first<{ access_token_enc: string }>();
    const wrong = await apiJson("admin", "PUT", `/api/admin/channels/${channelId}/token`, { accessToken: "EAAG-revoked-token" });
    expect(wrong.status).toBe(422);
    const kept = await env.DB.prepare("SELECT access_token_enc FROM channels WHERE id = ?").bind(channelId).first<{ access_token_enc: string }>();
    expect(kept!.access_token_enc).toBe(before!.access_token_enc);
    const rotated = await apiJson("admin", "PUT", `/api/admin/channels/${channelId}/token`, { accessToken: SIM_TOKEN });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ name: "Citas", token: `••••${SIM_TOKEN.slice(-4)}` });
    const after = await env.DB.prepare("SELECT access_token_enc FROM channels WHERE id = ?").bind(channelId).first<{ access_token_enc: string }>();
    expect(after!.access_token_enc).not.toBe(before!.access_token_enc);
    expect((await api("sofia", "PUT", `/api/admin/channels/${channelId}/token`, { accessToken: SIM_TOKEN })).status).toBe(403);
    const actions = (await env.DB.prepare("SELECT action FROM audit_log WHERE target_id = ? ORDER BY at").bind(channelId).all<{ action: string }>()).results.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["channel.add", "channel.check", "channel.update", "channel.token_rotate"]));
  });

  it("a rotated token reaches an existing conversation with its next delivery", async () => {
    const waId = customerNumber();
    await customerWritesTo(NUMBER.phoneNumberId, waId, "Primero");
    const conversationId = await conversationIdFor(channelId, waId);
    const refOf = () => runInDurableObject(env.Conversation.getByName(conversationId), (instance: Conversation) => instance.state()!.tokenRef);
    const first = await refOf();
    expect((await api("admin", "PUT", `/api/admin/channels/${channelId}/token`, { accessToken: SIM_TOKEN })).status).toBe(200);
    await customerWritesTo(NUMBER.phoneNumberId, waId, "Segundo");
    const second = await refOf();
    expect(second).toMatch(/^sealed:v1\./);
    expect(second).not.toBe(first);
  });

  it("a disabled number's webhooks are acknowledged and ignored, and sending from it is refused (409) until enabled", async () => {
    const waId = customerNumber();
    await customerWritesTo(NUMBER.phoneNumberId, waId, "Antes");
    const conversationId = await conversationIdFor(channelId, waId);
    // The D1 index has the conversation before we look its number up.
    await waitFor(() => env.DB.prepare("SELECT 1 AS x FROM conversations WHERE id = ?").bind(conversationId).first(), (r) => r !== null);

    expect((await api("sofia", "POST", `/api/admin/channels/${channelId}/disable`)).status).toBe(403);
    const disabled = await apiJson("admin", "POST", `/api/admin/channels/${channelId}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.enabled).toBe(false);

    const ignoredFrom = customerNumber();
    const res = await customerWritesTo(NUMBER.phoneNumberId, ignoredFrom, "¿Hay alguien?");
    expect(res.status).toBe(200);
    expect((await apiJson("admin", "GET", `/api/conversations/${await conversationIdFor(channelId, ignoredFrom)}`)).status).toBe(404);

    const refused = await apiJson("admin", "POST", `/api/conversations/${conversationId}/messages`, { text: "No debería salir" });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe("channel_disabled");
    // A private note is not a send.
    expect((await api("admin", "POST", `/api/conversations/${conversationId}/messages`, { text: "nota", private: true })).status).toBe(201);

    expect((await apiJson("admin", "POST", `/api/admin/channels/${channelId}/enable`)).body.enabled).toBe(true);
    expect((await api("admin", "POST", `/api/conversations/${conversationId}/messages`, { text: "Ya estamos" })).status).toBe(201);
    const actions = (await env.DB.prepare("SELECT action FROM audit_log WHERE target_id = ?").bind(channelId).all<{ action: string }>()).results.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["channel.disable", "channel.enable"]));
  });
});

describe("first-run setup (/api/setup)", () => {
  const SETUP_TOKEN = "setup-token-for-tests";
  const form = { workspaceName: "Clínica Sol", timeZone: "America/Mexico_City", country: "mx", locale: "es", name: "Marta", email: "Marta@Sol.test", password: "una-clave-larga" };
  // Through the Worker app with the secret set or not (the test runtime's bindings have no SETUP_TOKEN).
  const post = (body: unknown, token: string | null = SETUP_TOKEN) =>
    app.request("http://colmena.test/api/setup", { method: "POST", headers: { "content-type": "application/json", origin: "http://colmena.test" }, body: JSON.stringify(body) }, { ...(env as Env), SETUP_TOKEN: token ?? undefined });

  it("is not needed while a workspace exists (409 even with the right token)", async () => {
    expect(await (await exports.default.fetch("http://colmena.test/api/setup")).json()).toEqual({ needed: false });
    const res = await post({ ...form, setupToken: SETUP_TOKEN });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toBe("already_set_up");
  });

  it("on an empty D1: 403 without the secret or with a wrong token; two setups at once create one workspace", async () => {
    // This file's D1 is its own: empty it as a fresh deploy would be.
    const tables = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'").all<{ name: string }>()).results;
    await env.DB.batch([env.DB.prepare("PRAGMA defer_foreign_keys = on"), ...tables.map((t) => env.DB.prepare(`DELETE FROM "${t.name}"`))]);
    expect(await (await exports.default.fetch("http://colmena.test/api/setup")).json()).toEqual({ needed: true });

    const unconfigured = await post({ ...form, setupToken: "anything" }, null);
    expect(unconfigured.status).toBe(403);
    expect(await unconfigured.json()).toMatchObject({ error: "setup_token_not_configured", message: expect.stringContaining("wrangler secret put SETUP_TOKEN") });
    const wrong = await post({ ...form, setupToken: "not-the-token" });
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: string }).error).toBe("invalid_setup_token");
    expect((await post({ ...form, setupToken: SETUP_TOKEN, password: "corta" })).status).toBe(400);
    expect((await post({ ...form, setupToken: SETUP_TOKEN, timeZone: "Mars/Olympus" })).status).toBe(422);

    const [a, b] = await Promise.all([post({ ...form, setupToken: SETUP_TOKEN }), post({ ...form, email: "otra@sol.test", setupToken: SETUP_TOKEN })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const winner = a.status === 201 ? a : b;
    const workspaces = (await env.DB.prepare("SELECT name, timezone, country, locale FROM workspaces").all()).results;
    expect(workspaces).toEqual([{ name: "Clínica Sol", timezone: "America/Mexico_City", country: "MX", locale: "es" }]);
    expect((await env.DB.prepare("SELECT role FROM agents").all()).results).toEqual([{ role: "admin" }]);
    expect((await env.DB.prepare("SELECT action FROM audit_log").all()).results).toEqual([{ action: "workspace.setup" }]);

    // The admin is logged in by the setup.
    const cookie = winner.headers.get("set-cookie")!.split(";")[0]!;
    const me = await exports.default.fetch("http://colmena.test/api/auth/me", { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ agent: { role: "admin" }, workspace: { name: "Clínica Sol" } });
    expect(await (await exports.default.fetch("http://colmena.test/api/setup")).json()).toEqual({ needed: false });
    expect((await post({ ...form, setupToken: SETUP_TOKEN })).status).toBe(409);
  });
});
