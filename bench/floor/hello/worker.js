// Floor 1: the cheapest Worker responses, to size the runtime's own per-request cost. GET answers `ok` (the bare
// round trip); POST does the webhook's request work (signature check on the raw bytes, strict UTF-8 JSON parse, as
// the product) and answers 200 without touching any object. Measured by bench/metrics/floor.mjs.
import { checkedWebhook } from "../lib/webhook.js";

export default {
  async fetch(request) {
    if (request.method !== "POST") return new Response("ok");
    const { error } = await checkedWebhook(request);
    return error ?? new Response("ok");
  },
};
