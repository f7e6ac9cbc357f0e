// SLAs end to end: an admin sets a policy, a customer writes, the conversation carries its clock (in the object and
// in D1's list), the owner and a supervisor get the warning and the breach live over the workspace socket, and the
// breach is a reported metric. Targets are seconds long, which development allows.
import { afterAll, describe, expect, it } from "vitest";
import type { ReportSummary } from "../../shared/api/reports";
import { api, apiJson, conversationOf } from "./support/api";
import { openSocket } from "./support/sockets";
import { customerNumber, customerSays } from "./support/whatsapp";
import { waitFor } from "./sim-helpers";

const created: string[] = [];
afterAll(async () => {
  for (const id of created) await api("admin", "DELETE", `/api/admin/sla-policies/${id}`);
});

describe("SLA policies", () => {
  it("only admins change them; a target below a minute is refused outside development; bad input is a 400", async () => {
    expect((await api("ana", "GET", "/api/admin/sla-policies")).status).toBe(403);
    expect((await api("sofia", "GET", "/api/admin/sla-policies")).status).toBe(200);
    expect((await api("sofia", "POST", "/api/admin/sla-policies", { name: "x", firstResponseSeconds: 600 })).status).toBe(403);
    expect((await apiJson("admin", "POST", "/api/admin/sla-policies", { name: "Sin objetivos" })).body).toMatchObject({ error: "invalid_request", message: expect.stringContaining("at least one target") });
    expect((await apiJson("admin", "POST", "/api/admin/sla-policies", { name: "x", firstResponseSeconds: 600, tagId: "tag_nope" })).status).toBe(404);
  });

  it("warns the owner and supervisors at 75% and records the breach; the list shows the clock", async () => {
    const policy = await apiJson("admin", "POST", "/api/admin/sla-policies", { name: "Urgente rápido", firstResponseSeconds: 2, resolutionSeconds: 3_600 });
    expect(policy.status).toBe(201);
    created.push(policy.body.id);
    const bruno = (await openSocket("bruno", "/parties/workspace/ws_demo")).socket!;
    const sofia = (await openSocket("sofia", "/parties/workspace/ws_demo")).socket!;
    const carla = (await openSocket("carla", "/parties/workspace/ws_demo")).socket!;

    const waId = customerNumber();
    const before = Date.now();
    await customerSays({ waId, name: "Reloj" }, "¿Me ayudáis con una devolución?");
    const id = await conversationOf(waId);
    expect((await api("bruno", "POST", `/api/conversations/${id}/claim`)).status).toBe(200);
    const { body } = await apiJson("bruno", "GET", `/api/conversations/${id}`);
    expect(body.conversation.sla).toMatchObject({ kind: "first_response", policyId: policy.body.id });
    expect(body.conversation.sla.dueAt - body.conversation.sla.startedAt).toBe(2_000);

    const isWarning = (f: Record<string, any>) => f.type === "sla" && f.conversationId === id && f.stage === "warning";
    const isBreach = (f: Record<string, any>) => f.type === "sla" && f.conversationId === id && f.stage === "breach";
    await bruno.next(isWarning, 5_000);
    await sofia.next(isWarning, 5_000);
    await bruno.next(isBreach, 5_000);
    await sofia.next(isBreach, 5_000);
    // Carla is an agent who does not own it: no alert for her.
    expect(carla.frames.filter((f) => f.type === "sla" && f.conversationId === id)).toEqual([]);

    const range = `from=${before - 60_000}&to=${Date.now() + 60_000}&agentId=ag_bruno`;
    const summary = await waitFor(async () => (await apiJson<ReportSummary>("sofia", "GET", `/api/reports/summary?${range}`)).body, (s) => s.sla.breaches >= 1, 10_000);
    expect(summary.sla).toMatchObject({ breaches: 1, firstResponse: 1, warnings: 1 });
    // D1's list carries the clock too (now the resolution target, due in an hour, once Bruno answers).
    expect((await api("bruno", "POST", `/api/conversations/${id}/messages`, { text: "Claro, dime el pedido.", clientId: "sla-1" })).status).toBe(201);
    const listed = await waitFor(
      async () => (await apiJson("sofia", "GET", "/api/conversations?status=open&limit=100")).body.items.find((c: { id: string }) => c.id === id),
      (c) => c?.sla?.kind === "resolution",
      10_000,
    );
    expect(listed.sla.dueAt - listed.sla.startedAt).toBe(3_600_000);
    for (const s of [bruno, sofia, carla]) s.close();
  });
});
