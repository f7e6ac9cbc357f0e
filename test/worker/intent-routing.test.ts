// AI intent routing in the routing engine, default mode: with a confidence threshold set, a new conversation goes to
// the team named by the tags of the article that answers its first message; unsure guesses and the setting off leave
// it to the rules (here: no rule, so no team).
import { describe, expect, it } from "vitest";
import { api, apiJson, conversationOf } from "./support/api";
import { customerNumber, customerSays } from "./support/whatsapp";
import { waitFor } from "./sim-helpers";

const teamOf = async (waId: string) => (await apiJson("admin", "GET", `/api/conversations/${await conversationOf(waId)}`)).body.conversation.teamId as string | null;

describe("AI intent routing (default mode: knowledge tags ↔ team names)", () => {
  it("routes a confident first message to its team, and only while the workspace turned it on", async () => {
    const team = await apiJson("admin", "POST", "/api/admin/teams", { name: "Cita", memberIds: ["ag_ana"] });
    expect(team.status).toBe(201);
    expect((await api("admin", "PATCH", "/api/admin/settings", { aiRoutingConfidence: 40 })).status).toBe(200);

    const booking = { waId: customerNumber(), name: "Quiere Cita" };
    await customerSays(booking, "hola quiero pedir cita para revisar la vista el jueves");
    expect(await waitFor(() => teamOf(booking.waId), (t) => t !== null)).toBe(team.body.id);
    const history = await apiJson("admin", "GET", `/api/conversations/${await conversationOf(booking.waId)}/messages`);
    expect(JSON.stringify(history.body.messages)).toContain("IA: artículo");

    // Unsure (no article answers it): the rules decide, and there is none.
    const unsure = { waId: customerNumber(), name: "Audífonos" };
    await customerSays(unsure, "tienen audífonos para la sordera?");
    await new Promise((r) => setTimeout(r, 400));
    expect(await teamOf(unsure.waId)).toBeNull();

    // Off: the same message stays with the rules.
    expect((await api("admin", "PATCH", "/api/admin/settings", { aiRoutingConfidence: null })).status).toBe(200);
    const later = { waId: customerNumber(), name: "Otra Cita" };
    await customerSays(later, "hola quiero pedir cita para revisar la vista el jueves");
    await new Promise((r) => setTimeout(r, 400));
    expect(await teamOf(later.waId)).toBeNull();
  });
});
