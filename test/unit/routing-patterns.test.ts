// Routing-rule patterns run on RE2 (linear time): a pattern that would make a backtracking RegExp run for minutes
// answers at once, so one admin's rule cannot stall the workspace object that routes every conversation.
import { describe, expect, it } from "vitest";
import { compileRulePattern, ruleMatches, type RoutingFacts } from "../../shared/routing";

const facts = (text: string): RoutingFacts => ({ text, channelId: "ch_1", phone: "+34600111222", contactTagIds: [], contactAttributes: {}, referral: null });

describe("routing-rule patterns", () => {
  it("match Spanish text case-insensitively, accents and ñ included", () => {
    expect(ruleMatches({ textMatches: "factura|recib[oí]" }, facts("¿Me mandáis la FACTURA de marzo? 🙏"))).toBe(true);
    expect(ruleMatches({ textMatches: "año\\s+\\d{4}" }, facts("Pedido del AÑO 2025"))).toBe(true);
    expect(ruleMatches({ textMatches: "^devoluci[oó]n" }, facts("Quiero cambiar la talla"))).toBe(false);
  });

  it("a catastrophic-backtracking pattern on a long message answers within a second", () => {
    const evil = `${"a".repeat(50_000)}!`;
    // With native RegExp this pattern takes exponential time on that text.
    for (const pattern of ["(a+)+$", "(a|aa)+$", "(x+x+)+y", "^(\\w+\\s?)*$"]) {
      const started = performance.now();
      expect(ruleMatches({ textMatches: pattern }, facts(evil))).toBe(false);
      expect(performance.now() - started, pattern).toBeLessThan(1000);
    }
  });

  it("refuses what RE2 cannot run in linear time (lookaround, backreferences) and plain syntax errors", () => {
    expect(compileRulePattern("(?=pedido)ped")).toBeNull();
    expect(compileRulePattern("(hola)\\1")).toBeNull();
    expect(compileRulePattern("([")).toBeNull();
    expect(compileRulePattern("pedido\\s+#?\\d+")).not.toBeNull();
    // A stored rule whose pattern no longer compiles simply does not match; it never throws.
    expect(ruleMatches({ textMatches: "(?<!no )quiero" }, facts("quiero"))).toBe(false);
  });
});
