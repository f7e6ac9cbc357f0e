// The knowledge base API and the assistant preview: admins only, workspaces kept apart, clear 4xx reasons, imports
// of real-looking Spanish CSV/Markdown/text files, and every change visible to the very next question.
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { OPTICA_ARTICLES } from "../../worker/dev/demo-knowledge";
import { api, apiJson, login } from "./support/api";
import { createSecondWorkspace } from "./support/second-workspace";

const BASE = "http://colmena.test";
let ottoCookie = "";

beforeAll(async () => {
  await createSecondWorkspace();
  const res = await exports.default.fetch(`${BASE}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "otto@other.test", password: "demo1234" }) });
  ottoCookie = res.headers.get("set-cookie")!.split(";")[0]!;
});

// `any`: ad-hoc JSON bodies asserted field by field.
async function asOtto(method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> {
  const res = await exports.default.fetch(`${BASE}${path}`, { method, headers: { cookie: ottoCookie, origin: BASE, ...(json === undefined ? {} : { "content-type": "application/json" }) }, body: json === undefined ? undefined : JSON.stringify(json) });
  return { status: res.status, body: await res.json() };
}

/** POST a raw body (file contents) to the import route as the demo admin. */
async function importRaw(body: BodyInit, contentType?: string, query = ""): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { cookie: await login("admin"), origin: BASE };
  if (contentType) headers["content-type"] = contentType;
  const res = await exports.default.fetch(`${BASE}/api/admin/knowledge/import${query}`, { method: "POST", headers, body });
  return { status: res.status, body: await res.json() };
}

const preview = (message: string, history?: Array<{ direction: "in" | "out"; text: string }>) => apiJson("admin", "POST", "/api/admin/ai/preview", history ? { message, history } : { message });

describe("knowledge articles API", () => {
  it("lists the workspace's articles with the fields the screen needs", async () => {
    const list = await apiJson("admin", "GET", "/api/admin/knowledge/articles");
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(OPTICA_ARTICLES.length);
    const envios = list.body.items.find((a: { id: string }) => a.id === "kb_envios");
    expect(envios).toEqual({ id: "kb_envios", title: "Envíos a domicilio", body: expect.stringContaining("península"), tags: expect.arrayContaining(["envios"]), enabled: true, updatedAt: expect.any(Number) });
  });

  it("creates, replaces, disables and deletes an article, and the next question sees each change", async () => {
    const question = "hacen grabado laser en las monturas??";
    expect((await preview(question)).body.handoff).toBe(true);

    const created = await apiJson("admin", "POST", "/api/admin/knowledge/articles", { title: "Grabado láser personalizado ✨", body: "Grabamos tu nombre o una fecha con láser en la varilla de la montura por 10 €; tarda 2 días.", tags: ["grabado", "grabado"] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^kb_/), title: "Grabado láser personalizado ✨", body: expect.any(String), tags: ["grabado"], enabled: true });
    const id = created.body.id as string;

    const answered = await preview(question);
    expect(answered.body).toMatchObject({ handoff: false, reason: "answered", reply: expect.stringContaining("Grabamos tu nombre") });
    expect(answered.body.sources[0]).toEqual({ articleId: id, title: "Grabado láser personalizado ✨", score: expect.any(Number) });

    const replaced = await apiJson("admin", "PUT", `/api/admin/knowledge/articles/${id}`, { title: "Grabado láser", body: "El grabado láser en monturas cuesta 12 €.", tags: [], enabled: true });
    expect(replaced.status).toBe(200);
    expect((await preview(question)).body.reply).toBe("El grabado láser en monturas cuesta 12 €.");

    expect((await apiJson("admin", "PUT", `/api/admin/knowledge/articles/${id}`, { title: "Grabado láser", body: "El grabado láser en monturas cuesta 12 €.", tags: [], enabled: false })).status).toBe(200);
    const disabled = await preview(question);
    expect(disabled.body.handoff).toBe(true);
    expect(disabled.body.sources).toEqual([]);
    const listed = await apiJson("admin", "GET", "/api/admin/knowledge/articles");
    expect(listed.body.items.find((a: { id: string }) => a.id === id).enabled).toBe(false);

    expect(await apiJson("admin", "DELETE", `/api/admin/knowledge/articles/${id}`)).toEqual({ status: 200, body: { ok: true } });
    expect((await apiJson("admin", "DELETE", `/api/admin/knowledge/articles/${id}`)).status).toBe(404);
    expect((await apiJson("admin", "PUT", `/api/admin/knowledge/articles/${id}`, { title: "x", body: "y", tags: [], enabled: true })).status).toBe(404);
  });

  it("is for admins only: supervisors and agents get 403, nobody 401", async () => {
    for (const who of ["sofia", "ana"] as const) {
      expect((await api(who, "GET", "/api/admin/knowledge/articles")).status).toBe(403);
      expect((await api(who, "POST", "/api/admin/knowledge/articles", { title: "a", body: "b" })).status).toBe(403);
      expect((await api(who, "PUT", "/api/admin/knowledge/articles/kb_horario", { title: "a", body: "b", tags: [], enabled: true })).status).toBe(403);
      expect((await api(who, "DELETE", "/api/admin/knowledge/articles/kb_horario")).status).toBe(403);
      expect((await api(who, "POST", "/api/admin/ai/preview", { message: "hola" })).status).toBe(403);
    }
    expect((await api(null, "GET", "/api/admin/knowledge/articles")).status).toBe(401);
    const supervisorImport = await exports.default.fetch(`${BASE}/api/admin/knowledge/import`, { method: "POST", headers: { cookie: await login("sofia"), origin: BASE, "content-type": "text/plain" }, body: "Horario\nDe 9 a 5" });
    expect(supervisorImport.status).toBe(403);
  });

  it("keeps workspaces apart: another workspace's admin sees none of ours and gets 404 on our ids", async () => {
    const theirs = await asOtto("GET", "/api/admin/knowledge/articles");
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((a: { id: string }) => a.id)).not.toContain("kb_horario");
    expect((await asOtto("PUT", "/api/admin/knowledge/articles/kb_horario", { title: "Hackeado", body: "x", tags: [], enabled: false })).status).toBe(404);
    expect((await asOtto("DELETE", "/api/admin/knowledge/articles/kb_horario")).status).toBe(404);
    // Their assistant knows nothing of our articles.
    const answer = await asOtto("POST", "/api/admin/ai/preview", { message: "a que hora abren?" });
    expect(answer.body).toMatchObject({ handoff: true, reason: "no_knowledge", sources: [] });
    const ours = await apiJson("admin", "GET", "/api/admin/knowledge/articles");
    expect(ours.body.items.find((a: { id: string }) => a.id === "kb_horario").title).toBe("Horario de atención");
  });

  it("refuses bad articles with the reason", async () => {
    const noTitle = await apiJson("admin", "POST", "/api/admin/knowledge/articles", { title: "  ", body: "Abrimos a las 10" });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body).toMatchObject({ error: "invalid_request", details: [expect.objectContaining({ path: "title" })] });
    const partialReplace = await apiJson("admin", "PUT", "/api/admin/knowledge/articles/kb_horario", { title: "Horario", body: "De 10 a 20" });
    expect(partialReplace.status).toBe(400);
    expect(partialReplace.body.message).toMatch(/enabled/);
    expect((await apiJson("admin", "POST", "/api/admin/knowledge/articles", { title: "t", body: "b", tags: ["x".repeat(41)] })).status).toBe(400);
    expect((await apiJson("admin", "POST", "/api/admin/knowledge/articles", { title: "t", body: "b", color: "red" })).status).toBe(400);
    // Only the import route takes non-JSON bodies.
    const textToCreate = await exports.default.fetch(`${BASE}/api/admin/knowledge/articles`, { method: "POST", headers: { cookie: await login("admin"), origin: BASE, "content-type": "text/plain" }, body: "hola" });
    expect(textToCreate.status).toBe(415);
  });
});

describe("knowledge import", () => {
  it("imports a Spanish-Excel CSV (semicolons, quotes, line breaks, accents) and reports the bad row", async () => {
    const csv = [
      "\uFEFFTítulo;Contenido;Etiquetas",
      'Política de privacidad;"Tus datos se guardan en la UE; nunca los vendemos.";privacidad, datos',
      '"Cómo reservar ""mesa"" grande";"Para grupos de más de 8 personas escríbenos con 48 h de antelación.\nTe confirmamos por WhatsApp.";grupos',
      "Sin cuerpo;;",
      "",
      "Bono regalo;Los bonos valen 6 meses 🎁;regalos|bonos",
    ].join("\r\n");
    const res = await importRaw(csv, "text/csv; charset=utf-8");
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: 3, skipped: 0, format: "csv" });
    // Row 4 as a spreadsheet counts it; line 5 of the file (a quoted cell above spans two lines).
    expect(res.body.errors).toEqual(['row 4 (line 5): "Sin cuerpo": missing body']);
    const items = (await apiJson("admin", "GET", "/api/admin/knowledge/articles")).body.items as Array<{ title: string; body: string; tags: string[] }>;
    expect(items.find((a) => a.title === 'Cómo reservar "mesa" grande')).toMatchObject({ body: expect.stringContaining("\nTe confirmamos"), tags: ["grupos"] });
    expect(items.find((a) => a.title === "Política de privacidad")?.tags).toEqual(["privacidad", "datos"]);
    expect(items.find((a) => a.title === "Bono regalo")?.tags).toEqual(["regalos", "bonos"]);

    // Importing the same file again creates nothing: same titles are skipped.
    const again = await importRaw(csv, "text/csv");
    expect(again.body).toMatchObject({ created: 0, skipped: 3 });
  });

  it("splits Markdown by headings, reads a Tags line, and accepts a multipart file upload", async () => {
    const md = [
      "# Preguntas frecuentes de la clínica",
      "Texto de introducción que no es un artículo.",
      "## ¿Atienden urgencias dentales?",
      "Tags: urgencias, dolor",
      "Sí, de lunes a sábado reservamos huecos cada día para urgencias.",
      "",
      "## Blanqueamiento",
      "El blanqueamiento en consulta cuesta **250 €** e incluye revisión.",
      "### Cuidados después",
      "Evita café y vino 48 horas.",
    ].join("\n");
    const form = new FormData();
    form.append("file", new File([md], "faq-clínica.md", { type: "application/octet-stream" }));
    const res = await importRaw(form);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: 2, skipped: 0, errors: [], format: "markdown" });
    const items = (await apiJson("admin", "GET", "/api/admin/knowledge/articles")).body.items as Array<{ title: string; body: string; tags: string[] }>;
    expect(items.find((a) => a.title === "¿Atienden urgencias dentales?")).toMatchObject({ tags: ["urgencias", "dolor"], body: expect.stringMatching(/^Sí, de lunes/) });
    expect(items.find((a) => a.title === "Blanqueamiento")?.body).toContain("### Cuidados después\nEvita café");
  });

  it("reads plain text as blocks (first line the title) and says which block has no body", async () => {
    const text = "Cambio de dirección:\nEscríbenos la dirección nueva y la cambiamos para el próximo pedido.\n\nSolo un título sin más\n\nMascotas\nAceptamos perros pequeños en la tienda 🐶";
    const res = await importRaw(text, "text/plain");
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: 2, skipped: 0, format: "text" });
    expect(res.body.errors).toEqual([expect.stringMatching(/^line 4: .*missing body/)]);
    const items = (await apiJson("admin", "GET", "/api/admin/knowledge/articles")).body.items as Array<{ title: string }>;
    expect(items.map((a) => a.title)).toEqual(expect.arrayContaining(["Cambio de dirección", "Mascotas"]));
  });

  it("refuses what it cannot read, with the reason", async () => {
    const noHeader = await importRaw("hola;mundo\nfoo;bar", "text/csv");
    expect(noHeader.status).toBe(400);
    expect(noHeader.body).toMatchObject({ error: "invalid_import", message: expect.stringMatching(/title and body/) });
    expect((await importRaw("x", "application/pdf")).status).toBe(415);
    expect((await importRaw(JSON.stringify({ text: "x" }), "application/json")).status).toBe(415);
    expect((await importRaw("   \n ", "text/plain")).status).toBe(400);
    expect((await importRaw("Título;Contenido\na;b", "text/plain", "?format=pdf")).status).toBe(400);
    const unclosed = await importRaw('title,body\n"Envíos,llegan en 48 h\nDevoluciones,30 días', "text/csv");
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.message).toMatch(/never closed/);
    const form = new FormData();
    form.append("archivo", new File(["title,body\na,b"], "a.csv"));
    const wrongField = await importRaw(form);
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.message).toMatch(/"file"/);
  });
});

describe("assistant preview (default mode)", () => {
  it("answers a WhatsApp-style question from the best article, sources best first", async () => {
    const res = await preview("hola buenas, envian a canarias??");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ handoff: false, reason: "answered", reply: expect.stringContaining("Canarias"), mode: "default" });
    expect(res.body.sources[0]).toMatchObject({ articleId: "kb_envios", title: "Envíos a domicilio" });
    const scores = res.body.sources.map((s: { score: number }) => s.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("greets without sources, and hands off a request for a person without a reply", async () => {
    expect((await preview("Hola!! buenas tardes")).body).toMatchObject({ handoff: false, reason: "greeting", sources: [], reply: expect.any(String) });
    expect((await preview("me pasas con un asesor porfa")).body).toEqual({ reply: null, handoff: true, reason: "asks_for_person", sources: [], mode: "default" });
  });

  it("reads a short follow-up together with the customer's previous message", async () => {
    const history = [
      { direction: "in" as const, text: "cuanto cuesta el envio a baleares" },
      { direction: "out" as const, text: "El envío cuesta 4,95 €…" },
    ];
    const res = await preview("y a canarias?", history);
    expect(res.body.handoff).toBe(false);
    expect(res.body.sources[0].articleId).toBe("kb_coste_envio");
  });

  it("refuses a malformed preview with the reason, and reports the mode to anyone signed in", async () => {
    const bad = await apiJson("admin", "POST", "/api/admin/ai/preview", { message: "hola", history: [{ direction: "sideways", text: "x" }] });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe("history.0.direction");
    expect((await apiJson("admin", "POST", "/api/admin/ai/preview", {})).status).toBe(400);
    expect(await apiJson("ana", "GET", "/api/admin/ai/status")).toEqual({ status: 200, body: { mode: "default", model: null } });
    expect((await api(null, "GET", "/api/admin/ai/status")).status).toBe(401);
  });
});
