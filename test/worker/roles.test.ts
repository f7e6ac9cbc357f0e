// The role matrix: every endpoint tried by each role — admin, supervisor, agent, an admin of another workspace,
// and nobody. Expected statuses are the contract; a change in any cell fails this test.
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, conversationOf } from "./support/api";
import { createSecondWorkspace } from "./support/second-workspace";
import { customerNumber, customerSays } from "./support/whatsapp";

type Who = "admin" | "sofia" | "ana" | "otto" | "anon";
const WHO: Who[] = ["admin", "sofia", "ana", "otto", "anon"];
let ottoCookie = "";

async function call(who: Who, method: string, path: string, body?: unknown): Promise<number> {
  if (who === "anon") return (await api(null, method, path, body)).status;
  if (who !== "otto") return (await api(who, method, path, body)).status;
  const res = await exports.default.fetch(`http://colmena.test${path}`, {
    method,
    headers: { cookie: ottoCookie, origin: "http://colmena.test", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.status;
}

async function freshConversation(): Promise<string> {
  const c = { waId: customerNumber(), name: "Matriz" };
  await customerSays(c, "hola");
  return conversationOf(c.waId);
}

beforeAll(async () => {
  await createSecondWorkspace();
  const res = await exports.default.fetch("http://colmena.test/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "otto@other.test", password: "demo1234" }) });
  ottoCookie = res.headers.get("set-cookie")!.split(";")[0]!;
});

// [description, method, path (":conv" = a fresh unassigned conversation of ws_demo), body, expected per role]
type Row = [string, string, string, unknown, Record<Who, number>];
const ALL_OK = (ok: number): Record<Who, number> => ({ admin: ok, sofia: ok, ana: ok, otto: ok, anon: 401 });
const MATRIX: Row[] = [
  ["list conversations", "GET", "/api/conversations", undefined, ALL_OK(200)],
  ["read a conversation", "GET", "/api/conversations/:conv", undefined, { admin: 200, sofia: 200, ana: 200, otto: 404, anon: 401 }],
  ["history", "GET", "/api/conversations/:conv/messages", undefined, { admin: 200, sofia: 200, ana: 200, otto: 404, anon: 401 }],
  ["claim", "POST", "/api/conversations/:conv/claim", undefined, { admin: 200, sofia: 200, ana: 200, otto: 404, anon: 401 }],
  ["reply", "POST", "/api/conversations/:conv/messages", { text: "hola" }, { admin: 201, sofia: 201, ana: 201, otto: 404, anon: 401 }],
  ["note", "POST", "/api/conversations/:conv/messages", { text: "nota", private: true }, { admin: 201, sofia: 201, ana: 201, otto: 404, anon: 401 }],
  ["release", "POST", "/api/conversations/:conv/release", undefined, { admin: 200, sofia: 200, ana: 200, otto: 404, anon: 401 }],
  ["transfer", "POST", "/api/conversations/:conv/transfer", { agentId: "ag_bruno" }, { admin: 200, sofia: 200, ana: 200, otto: 422, anon: 401 }],
  ["force-assign", "POST", "/api/conversations/:conv/assign", { agentId: "ag_bruno" }, { admin: 200, sofia: 200, ana: 403, otto: 422, anon: 401 }],
  ["resolve", "POST", "/api/conversations/:conv/status", { status: "resolved" }, { admin: 200, sofia: 200, ana: 200, otto: 404, anon: 401 }],
  ["priority", "POST", "/api/conversations/:conv/priority", { priority: "high" }, { admin: 200, sofia: 200, ana: 200, otto: 404, anon: 401 }],
  ["mark read", "POST", "/api/conversations/:conv/read", undefined, { admin: 200, sofia: 200, ana: 200, otto: 404, anon: 401 }],
  ["templates", "GET", "/api/templates", undefined, ALL_OK(200)],
  ["people", "GET", "/api/agents", undefined, ALL_OK(200)],
  ["teams", "GET", "/api/teams", undefined, ALL_OK(200)],
  ["tags", "GET", "/api/tags", undefined, ALL_OK(200)],
  ["canned replies", "GET", "/api/canned-replies", undefined, ALL_OK(200)],
  ["personal canned reply", "POST", "/api/canned-replies/personal", { shortcut: "hola", title: "Hola", body: "¡Hola {{contact.name}}!" }, ALL_OK(201)],
  ["workspace canned reply", "POST", "/api/admin/canned-replies", { shortcut: "precios", title: "Precios", body: "Nuestros precios…" }, { admin: 201, sofia: 201, ana: 403, otto: 201, anon: 401 }],
  ["create tag", "POST", "/api/admin/tags", { name: "t-:n", color: "#123456" }, { admin: 201, sofia: 201, ana: 403, otto: 201, anon: 401 }],
  ["create team", "POST", "/api/admin/teams", { name: "team-:n" }, { admin: 201, sofia: 403, ana: 403, otto: 201, anon: 401 }],
  ["read rules", "GET", "/api/admin/rules", undefined, { admin: 200, sofia: 200, ana: 403, otto: 200, anon: 401 }],
  ["create rule", "POST", "/api/admin/rules", { name: "r", conditions: {}, actions: { priority: "low" } }, { admin: 201, sofia: 403, ana: 403, otto: 201, anon: 401 }],
  ["read settings", "GET", "/api/admin/settings", undefined, { admin: 200, sofia: 200, ana: 403, otto: 200, anon: 401 }],
  ["change settings", "PATCH", "/api/admin/settings", { unattendedAfterSeconds: 900 }, { admin: 200, sofia: 403, ana: 403, otto: 200, anon: 401 }],
  ["channel policy", "PATCH", "/api/admin/channels/ch_demo_wa", { routingPolicy: "manual" }, { admin: 200, sofia: 403, ana: 403, otto: 404, anon: 401 }],
  ["invite", "POST", "/api/admin/invites", { email: "new-:n@demo.test", name: "Nuevo" }, { admin: 201, sofia: 403, ana: 403, otto: 201, anon: 401 }],
  ["change a person", "PATCH", "/api/admin/agents/ag_carla", { capacity: 8 }, { admin: 200, sofia: 403, ana: 403, otto: 404, anon: 401 }],
  ["deactivate a person", "POST", "/api/admin/agents/ag_nobody/deactivate", undefined, { admin: 404, sofia: 403, ana: 403, otto: 404, anon: 401 }],
  // Knowledge base and assistant (issue 10)
  ["list knowledge", "GET", "/api/admin/knowledge/articles", undefined, { admin: 200, sofia: 403, ana: 403, otto: 200, anon: 401 }],
  ["create an article", "POST", "/api/admin/knowledge/articles", { title: "Artículo :n", body: "Texto" }, { admin: 201, sofia: 403, ana: 403, otto: 201, anon: 401 }],
  ["replace an article", "PUT", "/api/admin/knowledge/articles/kb_horario", { title: "Horario", body: "De 10 a 20", tags: [], enabled: true }, { admin: 200, sofia: 403, ana: 403, otto: 404, anon: 401 }],
  ["delete a missing article", "DELETE", "/api/admin/knowledge/articles/kb_nope", undefined, { admin: 404, sofia: 403, ana: 403, otto: 404, anon: 401 }],
  ["assistant preview", "POST", "/api/admin/ai/preview", { message: "hola" }, { admin: 200, sofia: 403, ana: 403, otto: 200, anon: 401 }],
  ["assistant status", "GET", "/api/admin/ai/status", undefined, ALL_OK(200)],
  ["bot mode of a number", "PATCH", "/api/admin/channels/ch_demo_wa", { botMode: "outside_hours" }, { admin: 200, sofia: 403, ana: 403, otto: 404, anon: 401 }],
];

describe("role matrix", () => {
  for (const [description, method, path, body, expected] of MATRIX) {
    it(description, async () => {
      const actual: Partial<Record<Who, number>> = {};
      for (const who of WHO) {
        const target = path.includes(":conv") ? path.replace(":conv", await freshConversation()) : path;
        const filled = body === undefined ? undefined : JSON.parse(JSON.stringify(body).replace(/:n/g, `${who}-${Math.random().toString(36).slice(2, 8)}`));
        actual[who] = await call(who, method, target, filled);
      }
      expect(actual).toEqual(expected);
    });
  }

  it("an agent cannot read another agent's conversation, nor open its socket", async () => {
    const id = await freshConversation();
    expect(await call("admin", "POST", `/api/conversations/${id}/assign`, { agentId: "ag_bruno" })).toBe(200);
    for (const [method, path, body] of [
      ["GET", `/api/conversations/${id}`, undefined],
      ["GET", `/api/conversations/${id}/messages`, undefined],
      ["POST", `/api/conversations/${id}/messages`, { text: "hola" }],
      ["POST", `/api/conversations/${id}/status`, { status: "resolved" }],
      ["POST", `/api/conversations/${id}/release`, undefined],
      ["POST", `/api/conversations/${id}/transfer`, { agentId: "ag_ana" }],
    ] as const) {
      expect(await call("ana", method, path, body), `${method} ${path}`).toBe(404);
    }
    expect(await call("ana", "POST", `/api/conversations/${id}/claim`)).toBe(409);
  });
});
