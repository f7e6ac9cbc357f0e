// /__sim: the WhatsApp Cloud API simulator (development and tests only; 404 otherwise). /__sim/graph/* is the
// Graph API the inbox talks to; the rest are JSON controls for tests and demos, validated with zod.
import { Hono } from "hono";
import type { z } from "zod";
import { type AppEnv, isDevelopment } from "../env";
import { errorResponse, onError } from "../http-errors";
import { configBody, faultBody, parseInboundBody, pushStatusBody, sentQuery, templateEventBody, verifyBody, webhooksQuery } from "./sim-schema";
import { GRAPH_BASE_HEADER } from "./template-api";

/** Graph paths may carry a version (`/v25.0/…`) or none; the simulator answers every version alike. */
const GRAPH_PREFIX = /^\/__sim\/graph(?:\/v\d+(?:\.\d+)?)?(?=\/|$)/;

const BUFFERED_BODY_BYTES = 8 * 1024 * 1024;

function simulator(env: Env) {
  return env.GraphSimulator.getByName("default");
}

type Issues = ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;

function invalid(issues: Issues): Response {
  const details = issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  return errorResponse(400, "invalid_request", details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; "), details);
}

/** Parses a JSON body with `schema`: the value, or the 400 to answer (bad JSON included, never a 500). */
async function jsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<{ value: z.infer<S> } | { response: Response }> {
  const text = await request.text();
  let raw: unknown = {};
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      return { response: errorResponse(400, "invalid_json", "The body is not valid JSON.") };
    }
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { value: parsed.data } : { response: invalid(parsed.error.issues) };
}

export const simRoutes = new Hono<AppEnv>()
  .use(async function developmentOnly(c, next) {
    if (!isDevelopment(c.env)) return errorResponse(404, "not_found", "Not found.");
    await next();
  })
  .all("/graph/*", async (c) => {
    const url = new URL(c.req.url);
    const prefix = GRAPH_PREFIX.exec(url.pathname)?.[0] ?? "/__sim/graph";
    const path = url.pathname.slice(prefix.length) || "/";
    const request = c.req.raw;
    // Paging links (`paging.next`) are absolute URLs back to this same public path.
    const headers = new Headers(request.headers);
    headers.set(GRAPH_BASE_HEADER, `${url.origin}${prefix}`);
    // Buffer ordinary bodies: the simulator may answer (401, unknown number) without reading them, and a streamed
    // body left unread errors once the response is sent. Large uploads still stream.
    const small = Number(request.headers.get("content-length") ?? Infinity) <= BUFFERED_BODY_BYTES;
    const body = request.method === "GET" || request.method === "HEAD" ? null : small ? await request.arrayBuffer() : request.body;
    return simulator(c.env).fetch(new Request(`http://graph.sim${path}${url.search}`, { method: request.method, headers, body, signal: request.signal }));
  })
  .post("/inbound", async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return errorResponse(400, "invalid_json", "The body is not valid JSON.");
    }
    const parsed = parseInboundBody(raw);
    if (!parsed.success) return invalid(parsed.error.issues);
    return c.json(await simulator(c.env).inbound(parsed.data));
  })
  .post("/verify", async (c) => {
    // Meta's subscription handshake, as sent when the callback URL is saved in the App Dashboard.
    const body = await jsonBody(c.req.raw, verifyBody);
    if ("response" in body) return body.response;
    return c.json(await simulator(c.env).verifyWebhook(body.value.verifyToken ?? c.env.WA_VERIFY_TOKEN, body.value.challenge));
  })
  .get("/sent", async (c) => {
    const parsed = sentQuery.safeParse(c.req.query());
    if (!parsed.success) return invalid(parsed.error.issues);
    return c.json(await simulator(c.env).sentLog(parsed.data));
  })
  .post("/status", async (c) => {
    const body = await jsonBody(c.req.raw, pushStatusBody);
    if ("response" in body) return body.response;
    const result = await simulator(c.env).pushStatus(body.value);
    if (!result) return errorResponse(404, "unknown_wamid", `The simulator sent no message ${body.value.wamid}.`);
    return c.json(result);
  })
  .post("/faults", async (c) => {
    const body = await jsonBody(c.req.raw, faultBody);
    if ("response" in body) return body.response;
    return c.json(await simulator(c.env).addFault(body.value));
  })
  .post("/config", async (c) => {
    const body = await jsonBody(c.req.raw, configBody);
    if ("response" in body) return body.response;
    return c.json({ config: await simulator(c.env).configure(body.value) });
  })
  .get("/webhooks", async (c) => {
    const parsed = webhooksQuery.safeParse(c.req.query());
    if (!parsed.success) return invalid(parsed.error.issues);
    return c.json(await simulator(c.env).webhooks(parsed.data.limit));
  })
  .get("/templates", async (c) => c.json(await simulator(c.env).templates()))
  .post("/templates/event", async (c) => {
    const body = await jsonBody(c.req.raw, templateEventBody);
    if ("response" in body) return body.response;
    const result = await simulator(c.env).templateEvent(body.value);
    if (!result) return errorResponse(404, "unknown_template", `The simulator has no template ${body.value.name} in ${body.value.language}.`);
    return c.json(result);
  })
  .get("/state", async (c) => c.json(await simulator(c.env).state()))
  .post("/reset", async (c) => {
    await simulator(c.env).reset();
    return c.json({ ok: true });
  })
  .notFound((c) => errorResponse(404, "not_found", `No simulator route for ${c.req.method} ${new URL(c.req.url).pathname}.`))
  .onError(onError);
