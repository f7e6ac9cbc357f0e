// Parsing of knowledge imports, as plain functions: CSV dialects (comma, semicolon, tab, quotes with line breaks,
// Spanish headers), Markdown heading levels and Tags lines, plain-text blocks, and per-row reasons.
import { describe, expect, it } from "vitest";
import { formatFromName, newArticles, parseImport, splitTags } from "../../durable/assistant/knowledge-import";

describe("CSV", () => {
  it("reads comma CSV with English headers in any order and quoted commas", () => {
    const r = parseImport("csv", 'tags,body,title\n"envíos, precios","Enviamos en 24 h, gratis desde 50 €",Envíos\n');
    expect(r).toEqual({ articles: [{ title: "Envíos", body: "Enviamos en 24 h, gratis desde 50 €", tags: ["envíos", "precios"], origin: "row 2" }], errors: [] });
  });

  it("reads tab-separated files and Spanish headers (pregunta/respuesta)", () => {
    const r = parseImport("csv", "Pregunta\tRespuesta\n¿Tienen wifi?\tSí, la clave está en el mostrador 📶\n");
    expect(r.articles).toEqual([{ title: "¿Tienen wifi?", body: "Sí, la clave está en el mostrador 📶", tags: [], origin: "row 2" }]);
  });

  it("names the row of each problem and keeps the good rows", () => {
    const r = parseImport("csv", `title;body\n;Sin título\nLargo;${"x".repeat(9000)}\nBien;Correcto\n`);
    expect(r.articles.map((a) => a.title)).toEqual(["Bien"]);
    expect(r.errors).toEqual([
      { origin: "row 2", message: "missing title" },
      { origin: "row 3", message: '"Largo": body longer than 8000 characters' },
    ]);
  });
});

describe("Markdown and text", () => {
  it("splits at the repeated heading level and keeps deeper headings in the body", () => {
    const r = parseImport("markdown", "# FAQ\n## Uno\nTags: a; b\nCuerpo uno\n### Detalle\nmás\n## Dos\nCuerpo dos");
    expect(r.articles).toEqual([
      { title: "Uno", body: "Cuerpo uno\n### Detalle\nmás", tags: ["a", "b"], origin: "line 2" },
      { title: "Dos", body: "Cuerpo dos", tags: [], origin: "line 7" },
    ]);
  });

  it("reads Markdown without headings as text blocks", () => {
    expect(parseImport("markdown", "Horario:\nDe 9 a 14\n\nPago\nTarjeta o efectivo").articles.map((a) => [a.title, a.body])).toEqual([
      ["Horario", "De 9 a 14"],
      ["Pago", "Tarjeta o efectivo"],
    ]);
  });

  it("guesses the format from the file name, then the content type", () => {
    expect(formatFromName("faq.MD", "application/octet-stream")).toBe("markdown");
    expect(formatFromName("export.csv", undefined)).toBe("csv");
    expect(formatFromName(undefined, "text/plain; charset=utf-8")).toBe("text");
    expect(formatFromName("faq.pdf", "application/pdf")).toBeNull();
    expect(splitTags("#envios #precios, envios")).toEqual(["envios", "precios"]);
  });
});

describe("importing twice", () => {
  it("skips titles the workspace or the same file already has, whatever the accents, case or punctuation", () => {
    const article = (title: string) => ({ title, body: "…", tags: [], origin: "fila 2" });
    const fresh = newArticles([article("¿Envíos a Canarias?"), article("Devoluciones"), article("devoluciones"), article("Horario de tienda")], ["Envios a canarias", "Precios"]);
    expect(fresh.map((a) => a.title)).toEqual(["Devoluciones", "Horario de tienda"]);
  });
});
