// GraphSimulator: the one Durable Object ("default") holding the WhatsApp Cloud API simulator's state. Its fetch
// serves the Graph API (graph-api.ts); RPC methods back /__sim control routes; its alarm pushes status and
// template webhooks.
import { DurableObject } from "cloudflare:workers";
import { DEMO_CHANNEL } from "../dev/demo-fixture";
import { graphApi } from "./graph-api";
import { statusError } from "./graph-errors";
import { buildInbound } from "./inbound-builder";
import { MediaStore } from "./media-store";
import {
  type ConfigBody, type DeliveryOptions, type DeliveryResult, type FaultBody, type InboundBody, mergeConfig, type PushStatusBody, type SentLogView, type SimConfig,
  type TemplateEventBody,
} from "./sim-schema";
import { isTemplateJob, type Job, SimStore, type StatusJob, type StatusJobPayload, type TemplateJob, type TemplateJobPayload } from "./sim-store";
import { UploadStore } from "./resumable-upload";
import { TemplateStore, type StoredTemplate } from "./template-store";
import { templateEnvelope, templateEventOutcome } from "./template-webhooks";
import { pushWebhook, statusEnvelope, statusObject } from "./webhook-builder";

/** Statuses pushed per webhook POST when several are due at once (Meta batches too). */
const STATUS_BATCH = 50;
const MAX_RETRY_DELAY_MS = 5 * 60_000;

export interface InboundResult extends DeliveryResult {
  wamids: string[];
  payload: unknown;
}

export class GraphSimulator extends DurableObject<Env> {
  readonly #store: SimStore;
  readonly #media: MediaStore;
  readonly #templates: TemplateStore;
  readonly #uploads: UploadStore;
  readonly #graph: ReturnType<typeof graphApi>;
  /** Jobs being pushed right now, so an overlapping alarm run never pushes them twice. */
  readonly #inFlight = new Set<number>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new SimStore(ctx.storage.sql);
    this.#media = new MediaStore(ctx.storage.sql);
    this.#templates = new TemplateStore(ctx.storage.sql);
    this.#uploads = new UploadStore(ctx.storage.sql);
    this.#graph = graphApi({
      env,
      store: this.#store,
      media: this.#media,
      templates: this.#templates,
      uploads: this.#uploads,
      now: () => Date.now(),
      schedule: (dueAt, phoneNumberId, payload) => this.#store.addJob(dueAt, phoneNumberId, payload),
      armAlarm: () => this.#arm(),
    });
  }

  /** Graph API requests, with the /__sim/graph[/vNN.N] prefix already removed by the Worker. */
  override async fetch(request: Request): Promise<Response> {
    return this.#graph.fetch(request);
  }

  // ---------- control (RPC from /__sim routes) ----------

  async configure(patch: ConfigBody): Promise<SimConfig> {
    const config = mergeConfig(this.#store.config(), patch);
    this.#store.setConfig(config);
    return config;
  }

  async reset(): Promise<void> {
    this.#store.reset();
    this.#media.reset();
    this.#templates.reset();
    this.#uploads.reset();
    await this.ctx.storage.deleteAlarm();
  }

  async addFault(fault: FaultBody): Promise<{ faults: ReturnType<SimStore["faults"]> }> {
    this.#store.addFault(fault);
    return { faults: this.#store.faults() };
  }

  async sentLog(filter: { to?: string; phoneNumberId?: string }): Promise<SentLogView> {
    return this.#store.sentLog(filter);
  }

  async webhooks(limit: number) {
    return { webhooks: this.#store.webhooks(limit) };
  }

  async state() {
    return { config: this.#store.config(), faults: this.#store.faults(), pendingStatuses: this.#store.pendingJobs() };
  }

  async templates(): Promise<{ templates: StoredTemplate[] }> {
    return { templates: this.#templates.all() };
  }

  /**
   * Meta's verdict on a template (APPROVED, PAUSED, FLAGGED…): stored at once and its webhooks pushed now; a push
   * the Worker refuses goes to the job queue and is retried like any status. Null when no such template exists.
   */
  async templateEvent(body: TemplateEventBody): Promise<{ template: StoredTemplate; deliveries: DeliveryResult[] } | null> {
    const found = this.#templates.find(DEMO_CHANNEL.wabaId, body.name, body.language);
    if (!found) return null;
    const now = Date.now();
    const { template, jobs } = templateEventOutcome(found, body, Math.floor(now / 1000));
    this.#templates.setStatus(template.id, template.status, template.reason);
    this.#templates.setQuality(template.id, template.quality);
    const deliveries: DeliveryResult[] = [];
    for (const job of jobs) {
      let result: DeliveryResult;
      try {
        result = await this.#pushTemplate(template.wabaId, job);
      } catch (err) {
        result = { status: 0, response: `push failed: ${(err as Error).message}` };
      }
      deliveries.push(result);
      if (result.status !== 200) this.#store.addJob(now + this.#store.config().webhookRetryBaseMs, template.wabaId, job);
    }
    await this.#arm();
    return { template, deliveries };
  }

  /** Posts customer messages to the Worker as Meta would, and remembers them for the 24 h window. */
  async inbound(body: InboundBody): Promise<InboundResult> {
    const built = await buildInbound(body, this.#media, Date.now());
    for (const m of built.inbound) this.#store.recordInbound(m.wamid, m.phoneNumberId, m.waId, m.userId, m.sentAtMs);
    const options: DeliveryOptions = { signature: body.signature, escape: body.escape };
    const result = await this.#logged(built.payload, () => pushWebhook(this.#loopback, this.env.WA_APP_SECRET, built.payload, options));
    return { ...result, wamids: built.wamids, payload: built.payload };
  }

  /** Meta's GET handshake against the Worker's webhook: answers its status and the body it echoed. */
  async verifyWebhook(verifyToken: string, challenge: string): Promise<{ status: number; body: string }> {
    const query = new URLSearchParams({ "hub.mode": "subscribe", "hub.challenge": challenge, "hub.verify_token": verifyToken });
    const response = await this.#loopback(new Request(`http://loopback/webhooks/whatsapp?${query}`, { headers: { "user-agent": "facebookplatform/1.0" } }));
    return { status: response.status, body: await response.text() };
  }

  /** Pushes one status for a sent message right now (tests of out-of-order or late statuses). */
  async pushStatus(body: PushStatusBody): Promise<DeliveryResult | null> {
    const sent = this.#store.sent(body.wamid);
    if (!sent) return null;
    const now = Date.now();
    const payload: StatusJobPayload = {
      wamid: body.wamid,
      status: body.status,
      timestamp: Math.floor(now / 1000),
      ...(body.status === "failed" ? { errorCode: body.errorCode ?? 131000 } : {}),
    };
    const result = await this.#push(sent.phoneNumberId, [payload]);
    if (result.status === 200) this.#store.recordStatus(body.wamid, body.status, now, payload.errorCode);
    return result;
  }

  // ---------- status webhooks ----------

  readonly #loopback = (request: Request) => this.ctx.exports.default.fetch(request);

  async #push(phoneNumberId: string, jobs: StatusJobPayload[]): Promise<DeliveryResult> {
    const statuses = jobs.map((job) => {
      const sent = this.#store.sent(job.wamid);
      return statusObject({
        wamid: job.wamid,
        status: job.status,
        timestampSec: job.timestamp,
        toKey: sent?.toKey ?? "",
        callbackData: sent?.callbackData ?? null,
        pricing: job.status === "sent" || job.status === "delivered" ? job.pricing : undefined,
        error: job.status === "failed" ? statusError(job.errorCode ?? 131000) : undefined,
      });
    });
    const signature = this.#store.config().webhookSignature;
    const payload = statusEnvelope(phoneNumberId, statuses);
    return this.#logged(payload, () => pushWebhook(this.#loopback, this.env.WA_APP_SECRET, payload, { signature, escape: true }));
  }

  async #pushTemplate(wabaId: string, job: TemplateJobPayload): Promise<DeliveryResult> {
    const signature = this.#store.config().webhookSignature;
    const payload = templateEnvelope(wabaId, job);
    return this.#logged(payload, () => pushWebhook(this.#loopback, this.env.WA_APP_SECRET, payload, { signature, escape: true }));
  }

  async #logged(payload: unknown, push: () => Promise<DeliveryResult>): Promise<DeliveryResult> {
    try {
      const result = await push();
      this.#store.logWebhook(Date.now(), result.status, payload);
      return result;
    } catch (err) {
      this.#store.logWebhook(Date.now(), 0, payload);
      throw err;
    }
  }

  async #arm(): Promise<void> {
    const next = this.#store.nextDueAt();
    if (next === null) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || next < current) await this.ctx.storage.setAlarm(next);
  }

  /** At-least-once: a job is deleted only after the Worker answered 200; otherwise retried with backoff. */
  override async alarm(): Promise<void> {
    for (;;) {
      const due = this.#store.dueJobs(Date.now(), STATUS_BATCH * 4).filter((j) => !this.#inFlight.has(j.id));
      if (!due.length) break;
      const byNumber = new Map<string, StatusJob[]>();
      for (const job of due.filter((j): j is StatusJob => !isTemplateJob(j))) byNumber.set(job.phoneNumberId, [...(byNumber.get(job.phoneNumberId) ?? []), job]);
      for (const [phoneNumberId, jobs] of byNumber) {
        for (let i = 0; i < jobs.length; i += STATUS_BATCH) await this.#deliver(phoneNumberId, jobs.slice(i, i + STATUS_BATCH));
      }
      for (const job of due.filter(isTemplateJob)) await this.#deliverTemplate(job);
    }
    const next = this.#store.nextDueAt();
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  async #deliver(phoneNumberId: string, jobs: StatusJob[]): Promise<void> {
    await this.#attempt(jobs, () => this.#push(phoneNumberId, jobs.map((j) => j.payload)), (job, now) => {
      this.#store.recordStatus(job.payload.wamid, job.payload.status, now, job.payload.errorCode);
    });
  }

  /** A review takes effect when its job first runs, unless the template was deleted or decided meanwhile. */
  async #deliverTemplate(job: TemplateJob): Promise<void> {
    const review = job.payload.review;
    if (review) {
      const template = this.#templates.byId(review.templateId);
      if (!template || (template.status !== "PENDING" && job.attempts === 0)) return this.#store.completeJob(job.id);
      if (template.status === "PENDING") this.#templates.setStatus(template.id, review.status, review.reason);
    }
    await this.#attempt([job], () => this.#pushTemplate(job.phoneNumberId, job.payload), () => {});
  }

  /** Pushes once; completes the jobs on a 200, else schedules them again (capped doubling) or drops them. */
  async #attempt<J extends Job>(jobs: J[], push: () => Promise<DeliveryResult>, delivered: (job: J, now: number) => void): Promise<void> {
    jobs.forEach((j) => this.#inFlight.add(j.id));
    let error: string | null = null;
    try {
      const result = await push();
      if (result.status !== 200) error = `Worker answered ${result.status}: ${JSON.stringify(result.response).slice(0, 200)}`;
    } catch (err) {
      error = `push failed: ${(err as Error).message}`;
    } finally {
      jobs.forEach((j) => this.#inFlight.delete(j.id));
    }
    const config = this.#store.config();
    const now = Date.now();
    for (const job of jobs) {
      if (error === null) {
        delivered(job, now);
        this.#store.completeJob(job.id);
      } else if (job.attempts + 1 >= config.webhookMaxAttempts) {
        console.warn(`sim: dropping webhook job ${job.id} (${JSON.stringify(job.payload).slice(0, 120)}) after ${job.attempts + 1} attempts: ${error}`);
        this.#store.completeJob(job.id);
      } else {
        // Meta retries immediately, then with decreasing frequency; compressed here to a capped doubling.
        const delay = Math.min(config.webhookRetryBaseMs * 2 ** job.attempts, MAX_RETRY_DELAY_MS);
        this.#store.retryJob(job.id, now + delay, error);
      }
    }
  }
}
