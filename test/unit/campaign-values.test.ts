// A campaign's values per contact: fields, fallbacks, what skips a recipient, and what is refused up front.
import { describe, expect, it } from "vitest";
import { fillParams, malformedParams, placeholdersIn } from "../../shared/campaign-values";
import { actionsFor, TRANSITIONS } from "../../shared/campaign-status";

const ana = { name: "Ana", phone: "34600111222", attributes: { pedido: "P-7" } };

describe("campaign values", () => {
  it("fills contact fields, attributes and fallbacks; names the first field it cannot fill", () => {
    expect(fillParams(["{{contact.name}}", "Pedido {{ contact.pedido }}", "{{contact.phone}}"], ana)).toEqual({ values: ["Ana", "Pedido P-7", "+34600111222"] });
    expect(fillParams(["{{contact.name|cliente}}"], { ...ana, name: null })).toEqual({ values: ["cliente"] });
    expect(fillParams(["Hola", "{{contact.ciudad}}"], ana)).toEqual({ missing: "ciudad" });
    expect(fillParams(["{{contact.name}}"], { ...ana, name: "  " })).toEqual({ missing: "name" });
  });

  it("refuses braces that are not a contact field, and lists the fields used", () => {
    expect(malformedParams(["{{contact.name|x}}", "{{nombre}}", "texto", "{{contact.}}"])).toEqual(["{{nombre}}", "{{contact.}}"]);
    expect(placeholdersIn(["{{contact.name}} y {{contact.pedido|?}}"])).toEqual(["name", "pedido"]);
  });

  it("offers exactly the actions the campaign's object accepts", () => {
    expect(actionsFor("draft")).toEqual(["start", "cancel"]);
    expect(actionsFor("running")).toEqual(["pause", "cancel"]);
    expect(actionsFor("completed")).toEqual([]);
    for (const [action, rule] of Object.entries(TRANSITIONS)) for (const status of rule.from) expect(actionsFor(status)).toContain(action);
  });
});
