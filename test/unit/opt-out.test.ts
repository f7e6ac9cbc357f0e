// Opt-out keywords: the whole message, case, accents and punctuation ignored; a question that mentions leaving is not one.
import { describe, expect, it } from "vitest";
import { optOutRequest } from "../../shared/opt-out";

describe("opt-out keywords", () => {
  it("reads the defaults and opt-in words, and nothing else", () => {
    expect(["BAJA", "baja", "¡Baja!", " stop ", "No quiero recibir más", "no quiero recibir mas."].map((t) => optOutRequest(t))).toEqual(["out", "out", "out", "out", "out", "out"]);
    expect(["ALTA", "Start"].map((t) => optOutRequest(t))).toEqual(["in", "in"]);
    expect(["¿Cómo me doy de baja?", "dar de baja mi pedido", "stopped", "", null].map((t) => optOutRequest(t))).toEqual([null, null, null, null, null]);
  });

  it("a workspace's own words replace the defaults (opt-in words stay)", () => {
    expect(optOutRequest("No más promos", ["no más promos"])).toBe("out");
    expect(optOutRequest("BAJA", ["no más promos"])).toBeNull();
    expect(optOutRequest("ALTA", ["no más promos"])).toBe("in");
  });
});
