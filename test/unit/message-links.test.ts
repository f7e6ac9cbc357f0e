// Links in customers' messages: only well-formed https: URLs become links in the inbox; anything else stays text.
import { describe, expect, it } from "vitest";
import { type FormatNode, parseWhatsAppText, safeHref } from "../../web/src/lib/whatsapp-format";

const linksIn = (nodes: FormatNode[]): string[] =>
  nodes.flatMap((n) => (typeof n === "string" ? [] : n.tag === "a" ? [n.href] : linksIn(n.children)));

describe("links from message content", () => {
  it("turns an https link into a link, also inside *bold*", () => {
    const nodes = parseWhatsAppText("Mira el pedido 👉 https://tienda.ejemplo.es/pedidos/42?ref=wa y *https://ejemplo.es/ñandú*");
    expect(linksIn(nodes)).toEqual(["https://tienda.ejemplo.es/pedidos/42?ref=wa", "https://ejemplo.es/%C3%B1and%C3%BA"]);
  });

  it("leaves http, javascript: and data: URLs as plain text", () => {
    const text = "Entra en http://ejemplo.es/oferta o javascript:alert(1) o data:text/html,<b>hola</b> ¡gracias!";
    const nodes = parseWhatsAppText(text);
    expect(linksIn(nodes)).toEqual([]);
    expect(nodes.join("")).toBe(text);
  });

  it("safeHref accepts only https with a host (a location's url field comes straight from the webhook)", () => {
    expect(safeHref("https://maps.ejemplo.es/sol")).toBe("https://maps.ejemplo.es/sol");
    expect(safeHref("javascript:alert(document.cookie)")).toBeNull();
    expect(safeHref(" JavaScript:alert(1)")).toBeNull();
    expect(safeHref("http://maps.ejemplo.es")).toBeNull();
    expect(safeHref("data:text/html;base64,PHNjcmlwdD4=")).toBeNull();
    expect(safeHref(undefined)).toBeNull();
  });
});
