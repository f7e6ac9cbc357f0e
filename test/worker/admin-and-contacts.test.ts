// Administration and the CRM: API tokens, teams/tags lifecycles with conflicts explained, invitations, the
// contact profile (visibility, edits that reach the inbox, merges) and the API's answers to bad requests.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, apiJson, conversationOf, login } from "./support/api";
import { customerNumber, customerSays } from "./support/whatsapp";

async function conversation(name = "Nora") {
  const c = { waId: customerNumber(), name };
  await customerSays(c, "hola");
  return conversationOf(c.waId);
}
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 30));
  }
}
const contactOf = (conversationId: string) => conversationId.replace(/^cv_/, "ct_");

describe("personal API tokens", () => {
  it("creates a token shown once, lists it without the secret, and revokes it", async () => {
    const created = await apiJson("sofia", "POST", "/api/auth/tokens", { name: "informes", expiresInDays: 30 });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^col_/);
    const me = await exports.default.fetch("http://colmena.test/api/auth/me", { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    const list = await apiJson("sofia", "GET", "/api/auth/tokens");
    expect(list.body.items).toEqual([expect.objectContaining({ id: created.body.id, name: "informes" })]);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect((await api("sofia", "DELETE", `/api/auth/tokens/${created.body.id}`)).status).toBe(200);
    expect((await exports.default.fetch("http://colmena.test/api/auth/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await api("ana", "DELETE", `/api/auth/tokens/${created.body.id}`)).status).toBe(404);
  });
});

describe("changes to a person apply at once", () => {
  it("a new role takes effect on the very next request, even with a busy session", async () => {
    const id = await conversation();
    for (let i = 0; i < 3; i++) expect((await api("carla", "GET", "/api/conversations")).status).toBe(200);
    expect((await api("carla", "POST", `/api/conversations/${id}/assign`, { agentId: "ag_carla" })).status).toBe(403);
    expect((await api("admin", "PATCH", "/api/admin/agents/ag_carla", { role: "supervisor" })).status).toBe(200);
    expect((await api("carla", "POST", `/api/conversations/${id}/assign`, { agentId: "ag_carla" })).status).toBe(200);
    expect((await api("admin", "PATCH", "/api/admin/agents/ag_carla", { role: "agent" })).status).toBe(200);
    expect((await api("carla", "POST", `/api/conversations/${id}/assign`, { agentId: "ag_bruno" })).status).toBe(403);
  });
});

describe("teams and tags", () => {
  it("refuses to delete a team or tag a rule still uses, and explains why", async () => {
    const team = await apiJson("admin", "POST", "/api/admin/teams", { name: "Soporte", memberIds: ["ag_ana"] });
    const tag = await apiJson("admin", "POST", "/api/admin/tags", { name: "urgente", color: "#dd2222" });
    const rule = await apiJson("admin", "POST", "/api/admin/rules", { name: "Urgencias", conditions: { textContains: ["urgente"] }, actions: { teamId: team.body.id, tagIds: [tag.body.id] } });
    const teamDelete = await apiJson("admin", "DELETE", `/api/admin/teams/${team.body.id}`);
    expect(teamDelete.status).toBe(409);
    expect(teamDelete.body.message).toMatch(/Urgencias/);
    expect((await apiJson("admin", "DELETE", `/api/admin/tags/${tag.body.id}`)).body.error).toBe("tag_in_use");
    expect((await api("admin", "DELETE", `/api/admin/rules/${rule.body.id}`)).status).toBe(200);
    expect((await api("admin", "DELETE", `/api/admin/teams/${team.body.id}`)).status).toBe(200);
    expect((await api("admin", "DELETE", `/api/admin/tags/${tag.body.id}`)).status).toBe(200);
    expect((await api("admin", "DELETE", `/api/admin/teams/${team.body.id}`)).status).toBe(404);
  });

  it("answers 409 to a duplicate team or tag name, also when renaming", async () => {
    await apiJson("admin", "POST", "/api/admin/teams", { name: "Ventas" });
    const other = await apiJson("admin", "POST", "/api/admin/teams", { name: "Compras" });
    expect((await api("admin", "POST", "/api/admin/teams", { name: "Ventas" })).status).toBe(409);
    expect((await api("admin", "PUT", `/api/admin/teams/${other.body.id}`, { name: "Ventas" })).status).toBe(409);
    const a = await apiJson("admin", "POST", "/api/admin/tags", { name: "a", color: "#000000" });
    await apiJson("admin", "POST", "/api/admin/tags", { name: "b", color: "#000000" });
    expect((await api("admin", "PUT", `/api/admin/tags/${a.body.id}`, { name: "b", color: "#111111" })).status).toBe(409);
  });

  it("puts a rule without a position after the existing ones", async () => {
    const first = await apiJson("admin", "POST", "/api/admin/rules", { name: "uno", conditions: {}, actions: { priority: "low" } });
    const second = await apiJson("admin", "POST", "/api/admin/rules", { name: "dos", conditions: {}, actions: { priority: "high" } });
    expect(second.body.position).toBeGreaterThan(first.body.position);
  });
});

describe("invitations", () => {
  it("a second invite replaces the first link; an invite for a taken email is refused", async () => {
    const first = await apiJson("admin", "POST", "/api/admin/invites", { email: "lola@demo.test", name: "Lola" });
    const second = await apiJson("admin", "POST", "/api/admin/invites", { email: "lola@demo.test", name: "Lola" });
    expect((await api(null, "GET", `/api/auth/invites/${first.body.token}`)).status).toBe(404);
    const info = await apiJson(null, "GET", `/api/auth/invites/${second.body.token}`);
    expect(info.body).toMatchObject({ email: "lola@demo.test", workspaceName: "Demo", role: "agent" });
    expect((await api("admin", "POST", "/api/admin/invites", { email: "ana@demo.test", name: "Ana" })).status).toBe(409);
    const short = await apiJson(null, "POST", `/api/auth/invites/${second.body.token}/accept`, { password: "corta" });
    expect(short.status).toBe(400);
  });
});

describe("contacts", () => {
  it("shows an agent only contacts of conversations they may see; merging is for supervisors", async () => {
    const mine = await conversation("Mía");
    const theirs = await conversation("Ajena");
    await api("bruno", "POST", `/api/conversations/${theirs}/claim`);
    await eventually(() => api("admin", "GET", `/api/contacts/${contactOf(theirs)}`), (r) => r.status === 200);
    await eventually(async () => (await apiJson("admin", "GET", `/api/conversations/${theirs}`)).body, () => true);
    const blocked = await eventually(() => api("ana", "GET", `/api/contacts/${contactOf(theirs)}`), (r) => r.status === 404);
    expect(blocked.status).toBe(404);
    expect((await eventually(() => api("ana", "GET", `/api/contacts/${contactOf(mine)}`), (r) => r.status === 200)).status).toBe(200);
    expect((await api("ana", "POST", `/api/contacts/${contactOf(mine)}/merge`, { duplicateId: contactOf(theirs) })).status).toBe(403);
  });

  it("a name an agent gives a contact reaches the conversation, the list and its socket", async () => {
    const id = await conversation("nombre de perfil");
    await eventually(() => api("admin", "GET", `/api/contacts/${contactOf(id)}`), (r) => r.status === 200);
    expect((await api("sofia", "PATCH", `/api/contacts/${contactOf(id)}`, { name: "Doña Inés", attributes: { plan: "premium" }, notes: "Prefiere llamadas" })).status).toBe(200);
    const view = await apiJson("admin", "GET", `/api/conversations/${id}`);
    expect(view.body.conversation.contact).toMatchObject({ name: "Doña Inés", profileName: "nombre de perfil" });
    const listed = await eventually(
      async () => (await apiJson("admin", "GET", "/api/conversations?q=Inés")).body.items,
      (items: Array<{ id: string; contactName: string }>) => items.some((c) => c.id === id),
    );
    expect(listed.find((c) => c.id === id)?.contactName).toBe("Doña Inés");
    const profile = await apiJson("sofia", "GET", `/api/contacts/${contactOf(id)}`);
    expect(profile.body.contact).toMatchObject({ name: "Doña Inés", attributes: { plan: "premium" }, notes: "Prefiere llamadas" });
    // An empty name goes back to the WhatsApp profile name everywhere.
    expect((await api("sofia", "PATCH", `/api/contacts/${contactOf(id)}`, { name: "" })).status).toBe(200);
    expect((await apiJson("sofia", "GET", `/api/contacts/${contactOf(id)}`)).body.contact.name).toBeNull();
    expect((await apiJson("admin", "GET", `/api/conversations/${id}`)).body.conversation.contact.name).toBe("nombre de perfil");
  });

  it("merges a duplicate: its conversations move to the primary contact, everywhere", async () => {
    const a = await conversation("Pilar (móvil)");
    const b = await conversation("Pilar (trabajo)");
    for (const id of [a, b]) await eventually(() => api("admin", "GET", `/api/contacts/${contactOf(id)}`), (r) => r.status === 200);
    const merged = await apiJson("sofia", "POST", `/api/contacts/${contactOf(a)}/merge`, { duplicateId: contactOf(b) });
    expect(merged.body).toEqual({ ok: true, mergedInto: contactOf(a) });
    expect((await apiJson("admin", "GET", `/api/conversations/${b}`)).body.conversation.contactId).toBe(contactOf(a));
    const profile = await eventually(
      async () => (await apiJson("sofia", "GET", `/api/contacts/${contactOf(a)}`)).body,
      (p) => p.conversations?.length === 2,
    );
    expect(profile.conversations.map((c: { id: string }) => c.id).sort()).toEqual([a, b].sort());
    expect((await api("sofia", "POST", `/api/contacts/${contactOf(a)}/merge`, { duplicateId: contactOf(b) })).status).toBe(422);
    const search = await apiJson("sofia", "GET", "/api/contacts?q=Pilar");
    expect(search.body.items.map((c: { id: string }) => c.id)).toEqual([contactOf(a)]);
  });
});

describe("bad requests", () => {
  it("answers 415 to a body that is not declared as JSON, and 400 invalid_json to broken JSON", async () => {
    const id = await conversation();
    const cookie = await login("ana");
    const undeclared = await exports.default.fetch(`http://colmena.test/api/conversations/${id}/messages`, { method: "POST", headers: { cookie, origin: "http://colmena.test", "content-type": "text/plain" }, body: JSON.stringify({ text: "hola" }) });
    expect(undeclared.status).toBe(415);
    const broken = await exports.default.fetch(`http://colmena.test/api/conversations/${id}/messages`, { method: "POST", headers: { cookie, origin: "http://colmena.test", "content-type": "application/json" }, body: "{" });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: "invalid_json" });
    expect((await apiJson("admin", "PATCH", "/api/admin/channels/ch_demo_wa", {})).status).toBe(400);
    // A form or a look-alike type sent to a JSON endpoint is refused, not read as an empty body.
    const form = new FormData();
    form.set("text", "hola");
    const multipart = await exports.default.fetch(`http://colmena.test/api/conversations/${id}/messages`, { method: "POST", headers: { cookie, origin: "http://colmena.test" }, body: form });
    expect(multipart.status).toBe(415);
    const lookalike = await exports.default.fetch(`http://colmena.test/api/conversations/${id}/messages`, { method: "POST", headers: { cookie, origin: "http://colmena.test", "content-type": "application/json-seq" }, body: JSON.stringify({ text: "hola" }) });
    expect(lookalike.status).toBe(415);
  });
});
