// Template definitions against Meta's limits (meta-api.md §11.1), Meta's components built from the form, and the
// columns derived back from them (what agents see and what sending checks).
import { describe, expect, it } from "vitest";
import { createTemplateBody } from "../../shared/api/templates";
import {
  checkTemplate, deriveFromComponents, fillExamples, normalizeLanguage, parameterCount, type TemplateButton, type TemplateDefinition, toMetaComponents,
} from "../../shared/template-rules";

const base: TemplateDefinition = {
  name: "recordatorio_cita",
  language: "es_ES",
  category: "UTILITY",
  body: "Hola {{1}}, te esperamos el {{2}} en la clínica. ¿Confirmas?",
  bodyExamples: ["Lucía", "lunes 3 a las 10:30"],
};
const rules = (def: Partial<TemplateDefinition>) => checkTemplate({ ...base, ...def }).map((i) => i.rule);
const qr = (text: string): TemplateButton => ({ type: "QUICK_REPLY", text });
const url: TemplateButton = { type: "URL", text: "Ver cita", url: "https://clinica.example/citas/{{1}}", example: "A-1043" };

describe("checkTemplate", () => {
  it("accepts a complete, valid template", () => {
    const full: TemplateDefinition = {
      ...base,
      category: "MARKETING",
      header: { format: "TEXT", text: "Tu cita, {{1}}", example: "Lucía" },
      footer: "Responde BAJA para no recibir más",
      buttons: [qr("Confirmar"), qr("Cambiar hora"), url, { type: "PHONE_NUMBER", text: "Llamar", phone: "+34 910 000 000" }, { type: "COPY_CODE", example: "ENE25" }],
    };
    expect(checkTemplate(full)).toEqual([]);
  });

  it("names: lowercase, digits and _ only", () => {
    expect(rules({ name: "Recordatorio-Cita" })).toEqual(["name_format"]);
    expect(rules({ name: "a".repeat(513) })).toEqual(["name_length"]);
    expect(rules({ name: "" })).toEqual(["name_format"]);
  });

  it("language and category", () => {
    expect(rules({ language: "es-MX" })).toEqual(["language_format"]);
    expect(rules({ language: "pt_BR" })).toEqual([]);
    expect(rules({ category: "PROMO" as TemplateDefinition["category"] })).toEqual(["category"]);
  });

  it("text headers: ≤ 60 characters, at most {{1}} with an example", () => {
    expect(rules({ header: { format: "TEXT", text: "x".repeat(61) } })).toEqual(["header_length"]);
    expect(rules({ header: { format: "TEXT", text: "Hola {{1}} y {{2}}", example: "a" } })).toEqual(["header_params"]);
    expect(rules({ header: { format: "TEXT", text: "Hola {{1}}" } })).toEqual(["header_example"]);
    expect(rules({ header: { format: "IMAGE", handle: " " } })).toEqual(["header_handle"]);
    expect(rules({ header: { format: "DOCUMENT", handle: "4::aW1hZ2U=" } })).toEqual([]);
  });

  it("body: required, ≤ 1024, sequential {{n}}, one example per variable", () => {
    expect(rules({ body: "  ", bodyExamples: [] })).toEqual(["body_required"]);
    expect(rules({ body: "ñ".repeat(1025), bodyExamples: [] })).toEqual(["body_length"]);
    expect(rules({ body: "ñ".repeat(1024), bodyExamples: [] })).toEqual([]);
    expect(rules({ body: "Hola {{1}}, tu pedido {{3}}", bodyExamples: ["a", "b"] })).toEqual(["body_sequence"]);
    expect(rules({ body: "Hola {{1}, ya está", bodyExamples: [] })).toContain("body_braces");
    expect(rules({ body: "Hola {{nombre}}", bodyExamples: ["Ana"] })).toContain("body_braces");
    expect(rules({ bodyExamples: ["Lucía"] })).toEqual(["body_examples"]);
    expect(rules({ bodyExamples: ["Lucía", " "] })).toEqual(["body_examples"]);
    // A repeated variable is one value.
    expect(rules({ body: "{{1}} y otra vez {{1}}", bodyExamples: ["Ana"] })).toEqual([]);
  });

  it("footer: ≤ 60 and no variables", () => {
    expect(rules({ footer: "x".repeat(61) })).toEqual(["footer_length"]);
    expect(rules({ footer: "Hola {{1}}" })).toEqual(["footer_params"]);
  });

  it("buttons: counts per type, total, labels, URLs, phone, copy code", () => {
    expect(rules({ buttons: Array.from({ length: 11 }, (_, i) => qr(`Opción ${i}`)) })).toEqual(["buttons_total", "quick_replies_max"]);
    expect(rules({ buttons: [url, url, url] })).toEqual(["urls_max"]);
    expect(rules({ buttons: [qr("Sí"), url, qr("No")] })).toEqual(["quick_replies_contiguous"]);
    expect(rules({ buttons: [url, qr("Sí"), qr("No")] })).toEqual([]);
    expect(rules({ buttons: [qr("x".repeat(26))] })).toEqual(["button_label"]);
    expect(rules({ buttons: [{ ...url, url: "clinica.example/citas" }] })).toEqual(["url_format"]);
    expect(rules({ buttons: [{ ...url, url: "https://clinica.example/{{1}}/citas" }] })).toEqual(["url_variable"]);
    expect(rules({ buttons: [{ ...url, url: "https://clinica.example/{{1}}{{2}}" }] })).toEqual(["url_variable"]);
    expect(rules({ buttons: [{ type: "URL", text: "Ver", url: "https://clinica.example/citas/{{1}}" }] })).toEqual(["url_example"]);
    const phone: TemplateButton = { type: "PHONE_NUMBER", text: "Llamar", phone: "+34910000000" };
    expect(rules({ buttons: [phone, phone] })).toEqual(["phones_max"]);
    expect(rules({ buttons: [{ ...phone, phone: "llámanos" }] })).toEqual(["phone_format"]);
    expect(rules({ buttons: [{ type: "COPY_CODE", example: "x".repeat(21) }] })).toEqual(["copy_code_example"]);
    expect(rules({ buttons: [{ type: "COPY_CODE", example: "A" }, { type: "COPY_CODE", example: "B" }] })).toEqual(["copy_codes_max"]);
  });

  it("reports where and with which limit", () => {
    expect(checkTemplate({ ...base, buttons: [qr("ok"), qr("x".repeat(30))] })).toEqual([
      { field: "buttons.1.text", rule: "button_label", message: expect.stringContaining("25"), limit: 25 },
    ]);
  });
});

describe("Meta's components", () => {
  it("builds header, body with examples, footer and buttons as Meta expects them", () => {
    const components = toMetaComponents({
      ...base,
      header: { format: "TEXT", text: "Tu cita, {{1}}", example: "Lucía" },
      footer: "Clínica Sonrisas",
      buttons: [qr("Confirmar"), url, { type: "PHONE_NUMBER", text: "Llamar", phone: "+34910000000" }, { type: "COPY_CODE", example: "ENE25" }],
    });
    expect(components).toEqual([
      { type: "HEADER", format: "TEXT", text: "Tu cita, {{1}}", example: { header_text: ["Lucía"] } },
      { type: "BODY", text: base.body, example: { body_text: [["Lucía", "lunes 3 a las 10:30"]] } },
      { type: "FOOTER", text: "Clínica Sonrisas" },
      {
        type: "BUTTONS",
        buttons: [
          { type: "QUICK_REPLY", text: "Confirmar" },
          { type: "URL", text: "Ver cita", url: "https://clinica.example/citas/{{1}}", example: ["A-1043"] },
          { type: "PHONE_NUMBER", text: "Llamar", phone_number: "+34910000000" },
          { type: "COPY_CODE", example: "ENE25" },
        ],
      },
    ]);
  });

  it("media headers carry the upload handle; a body without variables has no example", () => {
    expect(toMetaComponents({ ...base, header: { format: "IMAGE", handle: "4::aW1n" }, body: "Gracias por tu visita", bodyExamples: [] })).toEqual([
      { type: "HEADER", format: "IMAGE", example: { header_handle: ["4::aW1n"] } },
      { type: "BODY", text: "Gracias por tu visita" },
    ]);
  });

  it("derives the columns back, for created and synced templates alike", () => {
    const components = toMetaComponents({ ...base, header: { format: "TEXT", text: "Hola {{1}}", example: "Ana" } });
    expect(deriveFromComponents(components)).toEqual({ header: "Hola {{1}}", body: base.body, headerParams: 1, bodyParams: 2 });
    expect(deriveFromComponents([{ type: "header", format: "VIDEO" }, { type: "body", text: "Hola {{nombre}}, {{codigo}}" }])).toEqual({
      header: null, body: "Hola {{nombre}}, {{codigo}}", headerParams: 0, bodyParams: 2,
    });
    expect(deriveFromComponents("junk")).toEqual({ header: null, body: "", headerParams: 0, bodyParams: 0 });
  });
});

describe("helpers", () => {
  it("fills the preview with the examples, leaving missing ones visible", () => {
    expect(fillExamples("Hola {{1}}, el {{2}}", ["Lucía"])).toBe("Hola Lucía, el {{2}}");
    expect(parameterCount("{{1}} {{2}} {{1}}")).toBe(2);
    expect(normalizeLanguage("en-US")).toBe("en_US");
  });

  it("the create schema takes the form as the settings page sends it and refuses unknown fields", () => {
    const body = { channelId: "ch_1", ...base, header: { format: "TEXT", text: "Hola" }, buttons: [url] };
    expect(createTemplateBody.safeParse(body).success).toBe(true);
    expect(createTemplateBody.safeParse({ ...body, parameter_format: "NAMED" }).success).toBe(false);
    expect(createTemplateBody.safeParse({ ...body, buttons: [{ type: "OTP", text: "x" }] }).success).toBe(false);
  });
});
