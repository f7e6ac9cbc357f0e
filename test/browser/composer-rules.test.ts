// The composer's pure rules, without a browser: canned replies' variables and "/" lookup, and "@" mentions.
// (Wall-clock times for the snooze menu are in zoned-time-rules.test.ts.)
import { describe, expect, test } from "vitest";
import { rankCanned, renderCanned, slashTokenAt } from "../../web/src/lib/canned";
import { matchPeople, mentionedIds, mentionTokenAt } from "../../web/src/lib/mentions";

const lucia = { contact: { name: "Lucía Fernández", phone: "34600111222" }, agent: { name: "Ana López" } };

describe("canned replies", () => {
  test("variables are filled from the contact and the agent", () => {
    expect(renderCanned("¡Hola {{contact.first_name}}! Soy {{agent.name}} 🙂", lucia)).toBe("¡Hola Lucía! Soy Ana López 🙂");
    expect(renderCanned("{{ contact.name }} · {{contact.phone}}", lucia)).toBe("Lucía Fernández · +34600111222");
  });

  test("a contact without a name leaves no gap, and unknown variables stay visible", () => {
    const anonymous = { contact: { name: null, phone: "5215512345678" }, agent: { name: "Bruno Díaz" } };
    expect(renderCanned("Hola {{contact.first_name}}, ¿en qué te ayudo?", anonymous)).toBe("Hola, ¿en qué te ayudo?");
    expect(renderCanned("Tu pedido {{order.id}} sale hoy", anonymous)).toBe("Tu pedido {{order.id}} sale hoy");
  });

  test("the /shortcut is found at the start or after a space, never inside a word or a URL", () => {
    expect(slashTokenAt("/salu", 5)).toEqual({ start: 0, query: "salu" });
    expect(slashTokenAt("Gracias /desp", 13)).toEqual({ start: 8, query: "desp" });
    expect(slashTokenAt("mira https://x.es/salu", 22)).toBeNull();
    expect(slashTokenAt("/saludo y más", 13)).toBeNull();
  });

  test("shortcut prefixes rank first, then titles, accents ignored", () => {
    const replies = [
      { shortcut: "horario", title: "Horario de atención" },
      { shortcut: "saludo", title: "Saludo inicial" },
      { shortcut: "envio", title: "Envío y seguimiento" },
    ];
    expect(rankCanned(replies, "sa").map((r) => r.shortcut)).toEqual(["saludo"]);
    expect(rankCanned(replies, "envío").map((r) => r.shortcut)).toEqual(["envio"]);
    expect(rankCanned(replies, "atencion").map((r) => r.shortcut)).toEqual(["horario"]);
  });
});

describe("mentions", () => {
  const people = [
    { id: "ag_ana", name: "Ana López" },
    { id: "ag_bruno", name: "Bruno Díaz" },
    { id: "ag_sofia", name: "Sofía Martín" },
  ];

  test("the @name being typed is found, with up to two words", () => {
    expect(mentionTokenAt("Ojo @bru", 8)).toEqual({ start: 4, query: "bru" });
    expect(mentionTokenAt("@Sofía Mar", 10)).toEqual({ start: 0, query: "Sofía Mar" });
    expect(mentionTokenAt("correo ana@demo.test", 20)).toBeNull();
  });

  test("people match by any word of their name, accents ignored", () => {
    expect(matchPeople(people, "sofia").map((p) => p.id)).toEqual(["ag_sofia"]);
    expect(matchPeople(people, "diaz").map((p) => p.id)).toEqual(["ag_bruno"]);
  });

  test("only mentions still in the text when it is sent notify anyone", () => {
    expect(mentionedIds("@Bruno Díaz revisa esto, gracias", people)).toEqual(["ag_bruno"]);
    expect(mentionedIds("@Bruno revisa esto", people)).toEqual([]);
  });
});
