// The actor cache's entries live about 10 s each, spread over 8–12 s, so the entries made by one burst of requests
// do not all expire (and go back to D1) at the same moment.
import { describe, expect, it } from "vitest";
import { entryLifetimeMs } from "../../worker/auth/actor-cache";

describe("actor cache lifetimes", () => {
  it("spread between 8 and 12 seconds", () => {
    expect(entryLifetimeMs(0)).toBe(8_000);
    expect(entryLifetimeMs(0.5)).toBe(10_000);
    expect(entryLifetimeMs(0.999999)).toBe(12_000);
    const many = Array.from({ length: 200 }, () => entryLifetimeMs());
    expect(Math.min(...many)).toBeGreaterThanOrEqual(8_000);
    expect(Math.max(...many)).toBeLessThanOrEqual(12_000);
    expect(new Set(many).size).toBeGreaterThan(50);
  });
});
