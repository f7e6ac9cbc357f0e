// Canned replies: workspace-wide ones are written by admins and supervisors; personal ones belong to their author
// alone (only they see, edit and delete them), whatever the role of whoever else tries.
import { describe, expect, it } from "vitest";
import { apiJson } from "./support/api";

type Canned = { id: string; shortcut: string; title: string; body: string; personal: boolean };
const listOf = async (who: "ana" | "bruno" | "sofia") => (await apiJson<{ items: Canned[] }>(who, "GET", "/api/canned-replies")).body.items;

describe("canned replies", () => {
  it("a personal reply is edited by its author only", async () => {
    const created = await apiJson<Canned>("ana", "POST", "/api/canned-replies/personal", { shortcut: "/Envio", title: "Envío", body: "Hola {{contact.first_name}}, sale hoy." });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ shortcut: "envio", personal: true });

    const edited = await apiJson<Canned>("ana", "PUT", `/api/canned-replies/personal/${created.body.id}`, { shortcut: "envio2", title: "Envío 24 h", body: "Sale en 24 h." });
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({ id: created.body.id, shortcut: "envio2", title: "Envío 24 h", body: "Sale en 24 h.", personal: true });
    expect((await listOf("ana")).find((r) => r.id === created.body.id)).toMatchObject({ shortcut: "envio2", body: "Sale en 24 h." });

    // A colleague, a supervisor through the personal route and through the workspace route: none of them.
    const change = { shortcut: "robado", title: "x", body: "x" };
    expect((await apiJson("bruno", "PUT", `/api/canned-replies/personal/${created.body.id}`, change)).status).toBe(404);
    expect((await apiJson("sofia", "PUT", `/api/canned-replies/personal/${created.body.id}`, change)).status).toBe(404);
    expect((await apiJson("sofia", "PUT", `/api/admin/canned-replies/${created.body.id}`, change)).status).toBe(404);
    expect((await listOf("bruno")).some((r) => r.id === created.body.id)).toBe(false);
    expect((await listOf("ana")).find((r) => r.id === created.body.id)).toMatchObject({ shortcut: "envio2" });
  });

  it("refuses a bad edit with the reason and cannot turn a workspace reply into a personal one", async () => {
    const workspace = await apiJson<Canned>("sofia", "POST", "/api/admin/canned-replies", { shortcut: "horario", title: "Horario", body: "L–V 9 a 18 h." });
    expect(workspace.status).toBe(201);
    const bad = await apiJson("ana", "PUT", `/api/canned-replies/personal/${workspace.body.id}`, { shortcut: "con espacio", title: "", body: "" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid_request");
    expect((await apiJson("sofia", "PUT", `/api/canned-replies/personal/${workspace.body.id}`, { shortcut: "horario", title: "Mío", body: "Mío" })).status).toBe(404);
    expect((await listOf("ana")).find((r) => r.id === workspace.body.id)).toMatchObject({ title: "Horario", personal: false });
  });
});
