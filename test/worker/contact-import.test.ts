// Importing contacts from a CSV (POST /api/contacts/import): spreadsheets' dialects, numbers read with the
// workspace's country, repeats merged, existing contacts updated, tags created, consent recorded (never over an
// opt-out), who may import, and a file of thousands of rows.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ContactImport, ImportTooLarge } from "../../worker/contacts/contact-import";
import { CsvParser } from "../../worker/contacts/csv-rows";
import { DEMO_CHANNEL } from "../../worker/dev/demo-fixture";
import { type Agent, api, apiJson, conversationOf, env, login } from "./support/api";
import { customerNumber, customerSays } from "./support/whatsapp";

const BASE = "http://colmena.test";

async function importCsv(agent: Agent, body: string | Uint8Array, type = "text/csv; charset=utf-8", query = "") {
  const res = await exports.default.fetch(`${BASE}/api/contacts/import${query}`, {
    method: "POST",
    headers: { origin: BASE, cookie: await login(agent), "content-type": type },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

interface Row {
  id: string;
  name: string | null;
  phone: string | null;
  wa_id: string | null;
  attributes: string;
  marketing_consent_at: number | null;
  opted_out_at: number | null;
}
const contactByKey = (key: string) =>
  env.DB.prepare("SELECT id, name, phone, wa_id, attributes, marketing_consent_at, opted_out_at FROM contacts WHERE channel_id = ? AND contact_key = ?").bind(DEMO_CHANNEL.id, key).first<Row>();
const tagsOf = async (contactId: string) =>
  (await env.DB.prepare("SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = ? ORDER BY t.name").bind(contactId).all<{ name: string }>()).results.map((r) => r.name);
/** Nine random national digits of a Spanish mobile, so tests never share numbers. */
const mobile = () => customerNumber().slice(2);

async function existingContact(name: string): Promise<{ waId: string; contactId: string }> {
  const waId = customerNumber();
  await customerSays({ waId, name }, "hola");
  const contactId = (await conversationOf(waId)).replace(/^cv_/, "ct_");
  const deadline = Date.now() + 4000;
  while (!(await contactByKey(waId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 30));
  return { waId, contactId };
}

describe("contacts import: reading the file", () => {
  it("reads a Spanish Excel file: BOM, ';', CRLF, quoted fields, accented headers, national numbers", async () => {
    const [a, b] = [mobile(), mobile()];
    const csv = `\uFEFFTeléfono;Nombre;Etiquetas;Consentimiento;Ciudad;Código postal\r\n${a};"Pérez; Ana";VIP|Madrid;sí;Madrid;28001\r\n"+34 ${b.slice(0, 3)} ${b.slice(3)}";"Luis ""el Rápido""";;;Sevilla;\r\n`;
    const res = await importCsv("sofia", csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, updated: 0, skipped: 0, merged: 0, errors: [] });
    const ana = (await contactByKey(`34${a}`))!;
    expect(ana).toMatchObject({ name: "Pérez; Ana", phone: `+34${a}`, wa_id: `34${a}` });
    expect(JSON.parse(ana.attributes)).toEqual({ Ciudad: "Madrid", "Código postal": "28001" });
    expect(ana.marketing_consent_at).toBeGreaterThan(0);
    expect(await tagsOf(ana.id)).toEqual(["Madrid", "VIP"]);
    // The id is the one the contact's conversation will have, so a first message lands on this contact.
    expect(ana.id).toBe((await conversationOf(`34${a}`)).replace(/^cv_/, "ct_"));
    const luis = (await contactByKey(`34${b}`))!;
    expect(luis).toMatchObject({ name: 'Luis "el Rápido"', marketing_consent_at: null });
    expect(JSON.parse(luis.attributes)).toEqual({ Ciudad: "Sevilla" });
  });

  it("reads a ',' file with English headers, LF endings and a quoted line break", async () => {
    const n = mobile();
    const csv = `PHONE,name,tags,Marketing,Notes about them\n0034${n},"Eve",newsletter,yes,"line one\nline two"\n`;
    const res = await importCsv("admin", csv);
    expect(res.body).toMatchObject({ created: 1, errors: [] });
    const eve = (await contactByKey(`34${n}`))!;
    expect(JSON.parse(eve.attributes)).toEqual({ "Notes about them": "line one\nline two" });
  });

  it("reads a Windows-1252 file (Excel's plain CSV) with its accents", async () => {
    const n = mobile();
    const text = `telefono;nombre\n${n};Begoña Ibáñez\n`;
    const bytes = new Uint8Array([...text].map((ch) => ({ ñ: 0xf1, á: 0xe1 })[ch] ?? ch.charCodeAt(0)));
    expect((await importCsv("admin", bytes)).status).toBe(200);
    expect((await contactByKey(`34${n}`))!.name).toBe("Begoña Ibáñez");
  });

  it("reports invalid numbers by row (header = row 1, blank lines counted) and imports the rest", async () => {
    const good = mobile();
    const csv = `movil,nombre\n12345,Corto\n\n${good},Bien\n,Sin número\n3.46123E+11,Excel\n`;
    const res = await importCsv("admin", csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, skipped: 3 });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ row: 2, column: "phone", code: "invalid_phone" }),
      expect.objectContaining({ row: 5, column: "phone", code: "missing_phone" }),
      expect.objectContaining({ row: 6, column: "phone", code: "invalid_phone", message: expect.stringMatching(/text/) }),
    ]);
  });

  it("answers 400 without a phone column, for an empty file and for a header without rows", async () => {
    const noPhone = await importCsv("admin", "nombre,ciudad\nAna,Madrid\n");
    expect(noPhone).toMatchObject({ status: 400, body: { error: "missing_phone_column" } });
    expect((await importCsv("admin", "")).body.error).toBe("empty_file");
    expect((await importCsv("admin", "\uFEFF\r\n")).body.error).toBe("empty_file");
    expect(await importCsv("admin", "telefono;nombre\r\n")).toMatchObject({ status: 400, body: { error: "no_rows" } });
  });
});

describe("contacts import: merging", () => {
  it("merges repeats inside the file, the later row winning, and says so", async () => {
    const n = mobile();
    const csv = `phone,name,tags,city,consent\n${n},Primero,a-tag,Bilbao,yes\n+34${n},Segundo,b-tag,,no\n`;
    const res = await importCsv("admin", csv);
    expect(res.body).toMatchObject({ created: 1, merged: 1 });
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 3, code: "duplicate", message: expect.stringContaining("row 2") })]);
    const c = (await contactByKey(`34${n}`))!;
    expect(c).toMatchObject({ name: "Segundo", marketing_consent_at: null });
    expect(JSON.parse(c.attributes)).toEqual({ city: "Bilbao" });
    expect(await tagsOf(c.id)).toEqual(["a-tag", "b-tag"]);
  });

  it("updates existing contacts: name only when given, attributes merged, tags added, consent yes/no/empty", async () => {
    const [withName, withoutName, consentNo] = [await existingContact("Marta"), await existingContact("Pablo"), await existingContact("Rosa")];
    expect((await api("admin", "PATCH", `/api/contacts/${withName.contactId}`, { attributes: { plan: "pro", city: "Vigo" }, marketingConsent: true })).status).toBe(200);
    expect((await api("admin", "PATCH", `/api/contacts/${consentNo.contactId}`, { marketingConsent: true })).status).toBe(200);
    const before = (await contactByKey(withName.waId))!.marketing_consent_at;
    const tag = await apiJson("admin", "POST", "/api/admin/tags", { name: "Cliente", color: "#22c55e" });
    const csv = `phone,name,tags,city,consent\n+${withName.waId},Marta Gil,cliente,León,sí\n+${withoutName.waId},,nuevo-tag,,\n+${consentNo.waId},,,,no\n`;
    const res = await importCsv("sofia", csv);
    expect(res.body).toMatchObject({ created: 0, updated: 3, errors: [] });
    const marta = (await contactByKey(withName.waId))!;
    expect(marta.name).toBe("Marta Gil");
    expect(JSON.parse(marta.attributes)).toEqual({ plan: "pro", city: "León" });
    expect(marta.marketing_consent_at).toBe(before);
    // The existing tag is reused whatever its case; a missing one is created with a colour.
    expect(await tagsOf(withName.contactId)).toEqual(["Cliente"]);
    const created = await env.DB.prepare("SELECT color FROM tags WHERE workspace_id = 'ws_demo' AND name = 'nuevo-tag'").first<{ color: string }>();
    expect(created?.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(tag.status).toBe(201);
    const pablo = (await contactByKey(withoutName.waId))!;
    expect(pablo.name).toBeNull();
    expect(pablo.marketing_consent_at).toBeNull();
    expect(await tagsOf(withoutName.contactId)).toEqual(["nuevo-tag"]);
    expect((await contactByKey(consentNo.waId))!.marketing_consent_at).toBeNull();
    // The contact panel sees the consent.
    const view = await apiJson("admin", "GET", `/api/contacts/${withName.contactId}`);
    expect(view.body.contact.marketingConsentAt).toBe(before);
  });

  it("keeps an opt-out: data updated, consent not recorded, reported", async () => {
    const out = await existingContact("Iker");
    expect((await api("admin", "PATCH", `/api/contacts/${out.contactId}`, { optedOut: true })).status).toBe(200);
    const res = await importCsv("admin", `phone,name,consent\n+${out.waId},Iker Etxeberria,yes\n`);
    expect(res.body).toMatchObject({ updated: 1, optedOut: 1 });
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 2, code: "opted_out" })]);
    const row = (await contactByKey(out.waId))!;
    expect(row).toMatchObject({ name: "Iker Etxeberria", marketing_consent_at: null });
    expect(row.opted_out_at).toBeGreaterThan(0);
  });

  it("imports into the channel asked for, and refuses one of another workspace", async () => {
    const n = mobile();
    expect((await importCsv("admin", `phone\n${n}\n`, "text/csv", `?channelId=${DEMO_CHANNEL.id}`)).body.created).toBe(1);
    expect((await importCsv("admin", `phone\n${n}\n`, "text/csv", "?channelId=ch_other")).status).toBe(404);
  });
});

describe("contacts import: who and what", () => {
  it("refuses agents (403), other content types (415) and unauthenticated callers (401)", async () => {
    expect((await importCsv("ana", "phone\n600000000\n")).status).toBe(403);
    expect((await importCsv("admin", "phone\n600000000\n", "application/json")).status).toBe(415);
    expect((await importCsv("admin", "phone\n600000000\n", "text/plain")).status).toBe(415);
    expect((await exports.default.fetch(`${BASE}/api/contacts/import`, { method: "POST", headers: { origin: BASE, "content-type": "text/csv" }, body: "phone\n1\n" })).status).toBe(401);
  });

  it("refuses a body over 20 MB with 413 before reading it", async () => {
    const res = await exports.default.fetch(`${BASE}/api/contacts/import`, {
      method: "POST",
      headers: { origin: BASE, cookie: await login("admin"), "content-type": "text/csv", "content-length": String(21 * 1024 * 1024) },
      body: "phone\n600000000\n",
    });
    expect(res.status).toBe(413);
  });

  it("imports 5,000 rows (with repeats and bad numbers) in groups", async () => {
    const base = 700_000_000 + Math.floor(Math.random() * 90_000_000);
    const lines = ["telefono;nombre;etiquetas;consentimiento;segmento"];
    for (let i = 0; i < 5000; i++) lines.push(`${base + i};Cliente ${i};lote-5k;${i % 2 ? "si" : ""};s${i % 7}`);
    lines.push(`${base};Repetido;;;`, "abc;Malo;;;");
    const started = Date.now();
    const res = await importCsv("admin", lines.join("\r\n"));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 5000, updated: 0, merged: 1, skipped: 1 });
    console.log(`5,000-row import: ${Date.now() - started} ms`);
    const counts = await env.DB.prepare(
      "SELECT count(*) AS n, sum(marketing_consent_at IS NOT NULL) AS consent FROM contacts WHERE channel_id = ? AND contact_key BETWEEN ? AND ?",
    )
      .bind(DEMO_CHANNEL.id, `34${base}`, `34${base + 4999}`)
      .first<{ n: number; consent: number }>();
    expect(counts).toEqual({ n: 5000, consent: 2500 });
    const tagged = await env.DB.prepare("SELECT count(*) AS n FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = 'lote-5k'").first<{ n: number }>();
    expect(tagged?.n).toBe(5000);
    expect((await contactByKey(`34${base}`))!.name).toBe("Repetido");
  });

  it("stops at the row cap, keeping what it read before, and says how far it got", async () => {
    const base = 810_000_000 + Math.floor(Math.random() * 9_000_000);
    const parser = new CsvParser();
    const records = [...parser.push(`phone\n${[0, 1, 2, 3, 4].map((i) => base + i).join("\n")}\n`), ...parser.finish()];
    async function* source() {
      yield* records;
    }
    const run = new ContactImport(env.DB, { workspaceId: "ws_demo", channelId: DEMO_CHANNEL.id, callingCode: "34", now: Date.now() }, { maxRows: 3, chunkRows: 2 });
    const err = await run.run(source()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportTooLarge);
    expect((err as ImportTooLarge).result.created).toBe(3);
    expect(await contactByKey(`34${base + 2}`)).not.toBeNull();
    expect(await contactByKey(`34${base + 3}`)).toBeNull();
  });
});
