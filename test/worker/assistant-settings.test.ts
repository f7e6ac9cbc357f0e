// Settings the assistant will read: business hours on the workspace (validated, one shared definition) and, per
// number, botMode / handoff message / greeting / daily reply limit. Stored now; the bot turn uses them next.
import { describe, expect, it } from "vitest";
import { api, apiJson } from "./support/api";

const HOURS = {
  weekly: { mon: [{ from: "09:00", to: "14:00" }, { from: "16:00", to: "20:00" }], sat: [{ from: "10:00", to: "13:30" }] },
  holidays: [{ date: "2026-12-25", name: "Navidad 🎄" }],
};

describe("business hours on the workspace", () => {
  it("stores weekly hours and holidays and returns them with the settings", async () => {
    expect((await apiJson("admin", "PATCH", "/api/admin/settings", { businessHours: HOURS })).status).toBe(200);
    const settings = await apiJson("admin", "GET", "/api/admin/settings");
    expect(settings.body.workspace.businessHours).toEqual(HOURS);
    expect((await apiJson("admin", "PATCH", "/api/admin/settings", { businessHours: null })).status).toBe(200);
    expect((await apiJson("admin", "GET", "/api/admin/settings")).body.workspace.businessHours).toBeNull();
  });

  it("refuses overlapping or backwards intervals with the reason, and non-admins", async () => {
    const overlap = await apiJson("admin", "PATCH", "/api/admin/settings", { businessHours: { weekly: { tue: [{ from: "09:00", to: "15:00" }, { from: "14:00", to: "18:00" }] }, holidays: [] } });
    expect(overlap.status).toBe(400);
    expect(overlap.body.message).toMatch(/businessHours\.weekly\.tue: .*overlap/);
    const backwards = await apiJson("admin", "PATCH", "/api/admin/settings", { businessHours: { weekly: { fri: [{ from: "20:00", to: "08:00" }] }, holidays: [] } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.message).toMatch(/end after it starts/);
    expect((await api("sofia", "PATCH", "/api/admin/settings", { businessHours: HOURS })).status).toBe(403);
  });
});

describe("the assistant per number", () => {
  it("defaults to never, stores botMode, handoff message, greeting and daily limit, and clears them", async () => {
    const before = await apiJson("admin", "GET", "/api/admin/settings");
    expect(before.body.channels[0]).toMatchObject({ id: "ch_demo_wa", botMode: "never", handoffMessage: null, greeting: null, dailyReplyLimit: null });
    const patch = { botMode: "outside_hours", handoffMessage: "Te paso con una persona del equipo 🙌", greeting: "¡Hola! Soy el asistente de Óptica Miramar.", dailyReplyLimit: 200 };
    expect(await apiJson("admin", "PATCH", "/api/admin/channels/ch_demo_wa", patch)).toEqual({ status: 200, body: { ok: true } });
    const after = await apiJson("admin", "GET", "/api/admin/settings");
    expect(after.body.channels[0]).toMatchObject({ id: "ch_demo_wa", ...patch, routingPolicy: "manual" });
    expect((await apiJson("admin", "PATCH", "/api/admin/channels/ch_demo_wa", { greeting: null, dailyReplyLimit: null, botMode: "never" })).status).toBe(200);
    expect((await apiJson("admin", "GET", "/api/admin/settings")).body.channels[0]).toMatchObject({ botMode: "never", greeting: null, dailyReplyLimit: null, handoffMessage: patch.handoffMessage });
  });

  it("refuses unknown modes, bad limits and unknown fields with the reason", async () => {
    const mode = await apiJson("admin", "PATCH", "/api/admin/channels/ch_demo_wa", { botMode: "sometimes" });
    expect(mode.status).toBe(400);
    expect(mode.body.details[0].path).toBe("botMode");
    expect((await apiJson("admin", "PATCH", "/api/admin/channels/ch_demo_wa", { dailyReplyLimit: 0 })).status).toBe(400);
    expect((await apiJson("admin", "PATCH", "/api/admin/channels/ch_demo_wa", { greeting: "   " })).status).toBe(400);
    expect((await apiJson("admin", "PATCH", "/api/admin/channels/ch_demo_wa", { botmode: "always" })).status).toBe(400);
    expect((await api("ana", "PATCH", "/api/admin/channels/ch_demo_wa", { botMode: "always" })).status).toBe(403);
    expect((await api("admin", "PATCH", "/api/admin/channels/ch_nope", { botMode: "always" })).status).toBe(404);
  });
});
