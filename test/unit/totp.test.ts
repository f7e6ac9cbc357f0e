// TOTP against RFC 6238's test vectors (SHA-1 seed "12345678901234567890", last 6 of the 8-digit codes), the window
// and the replay rule.
import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, matchTotp, otpauthUri, totpCode, totpStep } from "../../shared/totp";

const SEED = base32Encode(new TextEncoder().encode("12345678901234567890"));

describe("totp", () => {
  it("matches RFC 6238's SHA-1 vectors", async () => {
    expect(SEED).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    for (const [seconds, code] of [[59, "287082"], [1111111109, "081804"], [1111111111, "050471"], [1234567890, "005924"], [2000000000, "279037"], [20000000000, "353130"]] as const) {
      expect(await totpCode(SEED, totpStep(seconds * 1000))).toBe(code);
    }
  });

  it("round-trips base32 and refuses other characters", () => {
    const bytes = crypto.getRandomValues(new Uint8Array(20));
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(base32Decode("gezd gnbv")).toEqual(base32Decode("GEZDGNBV"));
    expect(base32Decode("GEZ1")).toBeNull();
  });

  it("accepts one step either side, never an old or reused step", async () => {
    const now = 1111111109_000;
    const step = totpStep(now);
    expect(await matchTotp(SEED, await totpCode(SEED, step), now, null)).toBe(step);
    expect(await matchTotp(SEED, await totpCode(SEED, step - 1), now, null)).toBe(step - 1);
    expect(await matchTotp(SEED, await totpCode(SEED, step + 1), now, null)).toBe(step + 1);
    expect(await matchTotp(SEED, await totpCode(SEED, step - 2), now, null)).toBeNull();
    expect(await matchTotp(SEED, await totpCode(SEED, step), now, step)).toBeNull();
    expect(await matchTotp(SEED, "12345", now, null)).toBeNull();
  });

  it("builds an otpauth URI apps understand", () => {
    const uri = otpauthUri(SEED, "ana@demo.test", "Colmena");
    expect(uri).toBe(`otpauth://totp/Colmena%3Aana%40demo.test?secret=${SEED}&issuer=Colmena&algorithm=SHA1&digits=6&period=30`);
  });
});
