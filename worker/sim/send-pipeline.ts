// What happens to a valid send after validation, in Meta's order: injected faults, throughput and pair rate
// limits, then acceptance (a wamid) and the status webhooks it will produce — or the async failure it hides.
import { defaultHttpStatus, defaultMode, errorResponse, graphError, jsonResponse } from "./graph-errors";
import type { SendRequest } from "./send-rules";
import type { SimConfig } from "./sim-schema";
import type { SimStore, StatusJobPayload } from "./sim-store";
import { newWamid, type Pricing } from "./webhook-builder";

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_TIMEOUT_DELAY_MS = 2_000;

export type MessageSend = Extract<SendRequest, { kind: "message" }>;

export interface SendOutcome {
  response: Response;
  /** Hold the answer this long (a "timeout" fault): the send is already recorded and its statuses will flow. */
  delayMs: number;
}

export interface SendDeps {
  store: SimStore;
  config: SimConfig;
  now: number;
  /** Queue a status webhook; the simulator arms its alarm after the send. */
  schedule(dueAt: number, phoneNumberId: string, payload: StatusJobPayload): void;
}

/** Why Meta would accept this send and then fail it: the forced fault code, not on WhatsApp, or outside 24 h. */
function asyncFailure(deps: SendDeps, phoneNumberId: string, send: MessageSend, forced: number | null): number | null {
  if (forced !== null) return forced;
  // Convention: numbers starting with 999 are "not on WhatsApp".
  if (/^999/.test(send.toKey)) return 131026;
  if (send.type !== "template") {
    const last = deps.store.lastInboundAt(phoneNumberId, send.toKey);
    if (last === null || deps.now - last > DAY_MS) return 131047;
  }
  return null;
}

function pricingFor(deps: SendDeps, phoneNumberId: string, send: MessageSend): Pricing {
  if (!send.template) return { billable: false, pricing_model: "PMP", type: "free_customer_service", category: "service" };
  const category = send.template.category.toLowerCase();
  const last = deps.store.lastInboundAt(phoneNumberId, send.toKey);
  // Utility templates inside an open customer service window are free (per-message pricing since July 2025).
  const free = category === "utility" && last !== null && deps.now - last <= DAY_MS;
  return { billable: !free, pricing_model: "PMP", type: free ? "free_customer_service" : "regular", category };
}

/** Token buckets per number (throughput) and per (number, customer) pair; null when the send may go. */
function rateLimited(deps: SendDeps, phoneNumberId: string, toKey: string): Response | null {
  const limits = deps.config.rateLimits;
  if (!limits.enabled) return null;
  if (!deps.store.takeToken(`number:${phoneNumberId}`, limits.perSecond, 1000 / limits.perSecond, deps.now)) {
    return errorResponse(graphError(130429), 429);
  }
  if (!deps.store.takeToken(`pair:${phoneNumberId}:${toKey}`, limits.pairBurst, limits.pairRefillMs, deps.now)) {
    // Meta sends no Retry-After for pair limits; clients back off 4^n seconds.
    return errorResponse(graphError(131056), 400);
  }
  return null;
}

function scheduleStatuses(deps: SendDeps, phoneNumberId: string, send: MessageSend, wamid: string, failure: number | null): void {
  const delays = deps.config.statusDelaysMs;
  const at = (offset: number) => deps.now + offset;
  const job = (dueAt: number, status: StatusJobPayload["status"], extra: Partial<StatusJobPayload> = {}) =>
    deps.schedule(dueAt, phoneNumberId, { wamid, status, timestamp: Math.floor(dueAt / 1000), ...extra });
  if (failure !== null) return job(at(delays.sent), "failed", { errorCode: failure });
  const pricing = pricingFor(deps, phoneNumberId, send);
  job(at(delays.sent), "sent", { pricing });
  // Reactions only ever produce `sent`.
  if (send.type === "reaction") return;
  job(at(Math.max(delays.sent, delays.delivered)), "delivered", { pricing });
  if (deps.config.autoRead) job(at(Math.max(delays.sent, delays.delivered, delays.read)), "read");
}

export function processSend(deps: SendDeps, phoneNumberId: string, send: MessageSend): SendOutcome {
  const fault = deps.store.takeFault("messages");
  const mode = fault ? (fault.mode ?? defaultMode(fault.code)) : null;
  if (fault && mode === "sync") {
    return { response: errorResponse(graphError(fault.code), fault.httpStatus ?? defaultHttpStatus(fault.code)), delayMs: 0 };
  }
  const limited = rateLimited(deps, phoneNumberId, send.toKey);
  if (limited) return { response: limited, delayMs: 0 };

  const failure = asyncFailure(deps, phoneNumberId, send, fault && mode === "async" ? fault.code : null);
  const wamid = newWamid(send.toKey, "out");
  deps.store.recordSend({ wamid, phoneNumberId, toKey: send.toKey, type: send.type, body: send.body, at: deps.now, callbackData: send.callbackData });
  scheduleStatuses(deps, phoneNumberId, send, wamid, failure);

  const contact = send.viaBsuid ? { input: send.input, wa_id: "", user_id: send.toKey } : { input: send.input, wa_id: send.toKey };
  const body = {
    messaging_product: "whatsapp",
    contacts: [contact],
    messages: [{ id: wamid, ...(send.type === "template" ? { message_status: "accepted" } : {}) }],
  };
  const delayMs = fault && mode === "timeout" ? (fault.delayMs ?? DEFAULT_TIMEOUT_DELAY_MS) : 0;
  return { response: jsonResponse(body), delayMs };
}
