// The API's zod schemas (shared/api), the one source the routes validate with and the inbox's types come from:
// what they accept and reject on realistic Spanish payloads, and the rule that the inbox imports them as types only.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inviteBody, ruleBody, settingsBody } from "../../shared/api/admin";
import { passwordChangeBody, tokenBody } from "../../shared/api/auth";
import { tagChangeBody } from "../../shared/api/common";
import { contactPatchBody, contactSearchQuery } from "../../shared/api/contacts";
import { listQuery, replyBody, statusBody } from "../../shared/api/conversations";
import { cannedReplyBody, tagBody } from "../../shared/api/directory";

const messagesOf = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) => result.error?.issues.map((i) => i.message) ?? [];

describe("conversation schemas", () => {
  it("a note may mention people; a public reply may not", () => {
    const note = { text: "@Lucía ¿puedes revisar la factura nº 117? 🙏", private: true, clientId: "tmp-ñ1", mentions: ["ag_lucia"] };
    expect(replyBody.parse(note)).toEqual(note);
    expect(messagesOf(replyBody.safeParse({ ...note, private: false }))).toContain("Only notes can mention people");
  });

  it("a reply needs text that is not blank, or a template; a template's values default to none", () => {
    expect(messagesOf(replyBody.safeParse({ text: "   \n", clientId: "tmp-ñ2" }))).toContain("Send text, a template or a rich message");
    const parsed = replyBody.parse({ clientId: "tmp-ñ3", template: { name: "recordatorio_cita", language: "es" } });
    expect(parsed.template).toEqual({ name: "recordatorio_cita", language: "es", params: [], headerParams: [] });
    expect(messagesOf(replyBody.safeParse({ private: true, clientId: "tmp-ñ4", template: { name: "recordatorio_cita", language: "es" } }))).toContain(
      "A note cannot be a template",
    );
  });

  it("snoozing needs a time; the list's query fills its defaults and reads numbers from the query string", () => {
    expect(messagesOf(statusBody.safeParse({ status: "snoozed" }))).toContain("snoozedUntil is required to snooze");
    expect(statusBody.safeParse({ status: "resolved" }).success).toBe(true);
    expect(listQuery.parse({ q: "Peñalosa", limit: "25" })).toEqual({ assignee: "any", status: "all", q: "Peñalosa", limit: 25 });
    expect(listQuery.safeParse({ status: "archivada" }).success).toBe(false);
  });

  it("a tag change must add or remove something", () => {
    expect(messagesOf(tagChangeBody.safeParse({}))).toContain("Add or remove at least one tag");
    expect(tagChangeBody.parse({ add: ["tag_facturacion"] })).toEqual({ add: ["tag_facturacion"], remove: [] });
  });
});

describe("directory and contact schemas", () => {
  it("a canned reply's shortcut drops the slash and keeps Spanish letters; spaces are refused", () => {
    expect(cannedReplyBody.parse({ shortcut: "/Envíos", title: "Envíos a Canarias", body: "¡Enviamos a todas las islas! 🏝️" }).shortcut).toBe("envíos");
    expect(cannedReplyBody.safeParse({ shortcut: "envío gratis", title: "Envío", body: "Gratis desde 50 €" }).success).toBe(false);
  });

  it("a tag's color is #rrggbb", () => {
    expect(tagBody.parse({ name: " Facturación ", color: "#22AA66" })).toEqual({ name: "Facturación", color: "#22AA66" });
    expect(messagesOf(tagBody.safeParse({ name: "Urgente", color: "rojo" }))).toContain("color like #22aa66");
  });

  it("an empty name clears it; attributes are capped at 50; a search needs text", () => {
    expect(contactPatchBody.parse({ name: "", attributes: { ciudad: "Málaga" } })).toEqual({ name: null, attributes: { ciudad: "Málaga" } });
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`campo_${i}`, "sí"]));
    expect(messagesOf(contactPatchBody.safeParse({ attributes: tooMany }))).toContain("at most 50 attributes");
    expect(messagesOf(contactPatchBody.safeParse({}))).toContain("Nothing to change");
    expect(contactSearchQuery.safeParse({ q: "  " }).success).toBe(false);
  });
});

describe("admin schemas", () => {
  it("an invitation lowercases the email and defaults to an agent with no teams", () => {
    expect(inviteBody.parse({ email: " Lucia.Perez@Ejemplo.ES ", name: "Lucía Pérez" })).toEqual({ email: "lucia.perez@ejemplo.es", name: "Lucía Pérez", role: "agent", teamIds: [] });
  });

  it("a rule must do something, with known conditions and a valid regular expression", () => {
    const rule = { name: "Cobros de España", conditions: { textContains: ["factura", "cobro"], phonePrefixes: ["+34"] }, actions: { teamId: "team_cobranza" } };
    expect(ruleBody.parse(rule)).toEqual({ ...rule, enabled: true });
    expect(messagesOf(ruleBody.safeParse({ ...rule, actions: {} }))).toContain("A rule must do something");
    expect(messagesOf(ruleBody.safeParse({ ...rule, conditions: { textMatches: "(factura" } }))).toContain("not a valid pattern (RE2 syntax: lookaround and backreferences are not supported)");
    expect(ruleBody.safeParse({ ...rule, conditions: { idioma: "es" } }).success).toBe(false);
  });

  it("settings refuse an empty change and timers below the product minimum", () => {
    expect(messagesOf(settingsBody.safeParse({}))).toContain("Nothing to change");
    expect(settingsBody.safeParse({ returnAfterSeconds: 10 }).success).toBe(false);
    expect(settingsBody.parse({ returnAfterSeconds: null, timezone: "Europe/Madrid" })).toEqual({ returnAfterSeconds: null, timezone: "Europe/Madrid" });
  });
});

describe("auth schemas", () => {
  it("a token defaults to read and reply for 90 days, and lives at most 365 days", () => {
    expect(tokenBody.parse({ name: "Sincronización CRM 🔄" })).toEqual({ name: "Sincronización CRM 🔄", expiresInDays: 90, scopes: ["read", "reply"] });
    expect(messagesOf(tokenBody.safeParse({ name: "Informes de Begoña", expiresInDays: 366 }))).toContain("at most 365 days");
    expect(messagesOf(tokenBody.safeParse({ name: "Informes de Begoña", scopes: [] }))).toContain("at least one scope");
    expect(tokenBody.safeParse({ name: "Informes de Begoña", scopes: ["borrar"] }).success).toBe(false);
  });

  it("a new password has 8 characters or more and differs from the current one", () => {
    expect(passwordChangeBody.parse({ currentPassword: "contraseña-vieja", newPassword: "ñandú-2026 🐦" })).toEqual({ currentPassword: "contraseña-vieja", newPassword: "ñandú-2026 🐦" });
    expect(messagesOf(passwordChangeBody.safeParse({ currentPassword: "contraseña-vieja", newPassword: "corta" }))).toContain("at least 8 characters");
    expect(messagesOf(passwordChangeBody.safeParse({ currentPassword: "contraseña-vieja", newPassword: "contraseña-vieja" }))).toContain("the new password must differ from the current one");
  });
});

describe("the inbox's bundle", () => {
  const root = path.resolve(import.meta.dirname, "../../web/src");
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
    });

  it("imports the API's schemas and types only with `import type` (zod never reaches the browser)", () => {
    const runtime: string[] = [];
    for (const file of files(root)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)) {
        const target = path.resolve(path.dirname(file), m[3]!);
        const touchesApi = /[\\/]shared[\\/](api[\\/]|api-types$)/.test(target) || /[\\/]data[\\/]types$/.test(target) || m[3] === "zod";
        if (touchesApi && !m[2]) runtime.push(`${path.relative(root, file)}: ${m[0].trim().slice(0, 80)}`);
      }
    }
    expect(runtime).toEqual([]);
  });
});
