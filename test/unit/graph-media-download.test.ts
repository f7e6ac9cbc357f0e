// Inbound media is fetched with the WhatsApp access token, so the token goes only to Meta's media hosts, and a
// redirect is handed back as it is instead of being followed.
import { afterEach, describe, expect, it, vi } from "vitest";
import { GraphClient, isMetaMediaUrl } from "../../durable/graph-client";

const PROD = { base: "https://graph.facebook.com", version: "v25.0", token: "EAAG-token-secreto" };

afterEach(() => vi.restoreAllMocks());

describe("inbound media download", () => {
  it("accepts Meta's lookaside URL and refuses other hosts, http and look-alike domains", () => {
    expect(isMetaMediaUrl("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=123&ext=1&hash=abc", PROD.base)).toBe(true);
    expect(isMetaMediaUrl("https://graph.facebook.com/v25.0/123", PROD.base)).toBe(true);
    expect(isMetaMediaUrl("http://lookaside.fbsbx.com/x", PROD.base)).toBe(false);
    expect(isMetaMediaUrl("https://fbsbx.com.evil.example/x", PROD.base)).toBe(false);
    expect(isMetaMediaUrl("https://evilfbsbx.com/x", PROD.base)).toBe(false);
    expect(isMetaMediaUrl("https://user:pw@lookaside.fbsbx.com/x", PROD.base)).toBe(false);
    expect(isMetaMediaUrl("https://169.254.169.254/latest", PROD.base)).toBe(false);
    expect(isMetaMediaUrl("no es una url", PROD.base)).toBe(false);
  });

  it("never sends the token to a host that is not Meta's", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    await expect(new GraphClient(PROD).download("https://atacante.example/robar?foto=1")).rejects.toThrow(/not Meta's: atacante\.example/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("asks fetch not to follow redirects and hands the 302 back", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(null, { status: 302, headers: { location: "https://atacante.example/" } }));
    const res = await new GraphClient(PROD).download("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=9");
    expect(res.status).toBe(302);
    const init = fetchSpy.mock.calls[0]![1]!;
    expect(init.redirect).toBe("manual");
    expect(new Headers(init.headers).get("authorization")).toBe("Bearer EAAG-token-secreto");
  });

  it("with the local simulator, only the simulator's own paths are fetched (through the Worker's loopback)", async () => {
    const seen: Request[] = [];
    const client = new GraphClient({ base: "/__sim/graph", version: "v25.0", token: "dev-access-token", loopback: async (r) => (seen.push(r), new Response("ok")) });
    expect((await client.download("https://lookaside.sim.local/__sim/graph/whatsapp_business/attachments/?mid=1")).status).toBe(200);
    await expect(client.download("https://lookaside.sim.local/__dev/seed")).rejects.toThrow();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.redirect).toBe("manual");
  });
});
