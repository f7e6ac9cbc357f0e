// Every answer the Worker gives (API, errors, webhook) carries the security headers; the inbox's own files get the
// same set from Workers Assets (tested in test/browser/security-headers.test.ts against wrangler dev).
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api } from "./support/api";

function expectApiHeaders(res: Response) {
  expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d+; includeSubDomains$/);
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
}

describe("security headers on the Worker's answers", () => {
  it("are on a successful API answer, a 401, a 400 with reasons and a 404", async () => {
    expectApiHeaders(await api("ana", "GET", "/api/conversations"));
    expectApiHeaders(await api(null, "GET", "/api/conversations"));
    expectApiHeaders(await api("admin", "POST", "/api/admin/tags", { name: "", color: "rojo" }));
    expectApiHeaders(await api("ana", "GET", "/api/no-existe"));
  });

  it("are on the webhook's answers too (a failed verification handshake)", async () => {
    const res = await exports.default.fetch("http://colmena.test/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=mal&hub.challenge=123");
    expect(res.status).toBe(403);
    expectApiHeaders(res);
  });
});
