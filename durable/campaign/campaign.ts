// The Campaign Durable Object: one per broadcast. It holds the recipients (recipient-store.ts) and sends from its
// alarm, one batch per second at the number's throughput and within its messaging limit. Each recipient's template
// goes through that contact's conversation object, which stores it once per clientId and owns the send, so a
// crash at any point resends nothing twice; the conversations report each status and reply back (`progress`).
// D1's `campaigns` row mirrors status and counts for lists; the object is the truth.
import { DurableObject } from "cloudflare:workers";
import type { Campaign as CampaignView, CampaignCounts } from "../../shared/api/campaigns";
import { conversationIdFor } from "../../shared/conversation-id";
import { backoffMs } from "../job-queue";
import { fail, ok, type Result } from "../result";
import { rpcStub } from "../stubs";
import { audiencePage, optedOutAmong, reachedByOthers } from "./audience";
import type { CampaignAction, CampaignProgress, CampaignRpc, CampaignSetup } from "./campaign-api";
import { TRANSITIONS } from "../../shared/campaign-status";
import { batchSize, DAY_MS, PAUSING_ERRORS, PER_USER_LIMIT, recipientStateFor } from "./campaign-rules";
import { type DueRecipient, RecipientStore } from "./recipient-store";

const TICK_MS = 1_000;
/** D1's copy of the counts lags the object by at most this much. */
const SYNC_MS = 2_000;

interface Progress {
  /** Where reading the audience from D1 got to (a crash resumes there); null once read whole. */
  audienceAfter: string | null;
  audienceDone: boolean;
  pausedReason: string | null;
}

type Stored = CampaignSetup & { progress: Progress };

const notFound = () => fail(404, "not_found", "Campaign not found.");

export class Campaign extends DurableObject<Env> implements CampaignRpc {
  readonly #store: RecipientStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new RecipientStore(ctx.storage.sql);
  }

  async forgetContacts(contactIds: string[]): Promise<number> {
    return this.#store.forget(contactIds);
  }

  #load(): Stored | null {
    return this.#store.setup() as Stored | null;
  }

  #save(s: Stored): void {
    this.#store.saveSetup(s);
  }

  /** Changes the stored campaign as it is now: an action may have landed while a batch was out. */
  #patch(change: (s: Stored) => void): Stored | null {
    const s = this.#load();
    if (!s) return null;
    change(s);
    this.#save(s);
    return s;
  }

  #view(s: Stored): CampaignView {
    return { ...s.campaign, pausedReason: s.progress.pausedReason, counts: this.#store.counts() };
  }

  async setup(setup: CampaignSetup): Promise<CampaignView> {
    const existing = this.#load();
    if (existing) return this.#view(existing);
    const stored: Stored = { ...setup, progress: { audienceAfter: "", audienceDone: false, pausedReason: null } };
    this.#save(stored);
    if (stored.campaign.status === "scheduled" && stored.campaign.scheduledAt) await this.ctx.storage.setAlarm(stored.campaign.scheduledAt);
    return this.#view(stored);
  }

  async view(): Promise<Result<CampaignView>> {
    const s = this.#load();
    return s ? ok(this.#view(s)) : notFound();
  }

  async recipients(query: { state?: string; replied?: boolean; after: number; limit: number }) {
    return this.#load() ? ok(this.#store.page(query)) : notFound();
  }

  async act(action: CampaignAction): Promise<Result<CampaignView>> {
    const s = this.#load();
    if (!s) return notFound();
    const rule = TRANSITIONS[action];
    if (!rule.from.includes(s.campaign.status)) {
      return fail(409, "invalid_state", `A ${s.campaign.status} campaign cannot be asked to ${action}.`, { status: s.campaign.status });
    }
    const now = Date.now();
    s.campaign.status = rule.to;
    if (action === "start") s.campaign.startedAt = now;
    if (action === "resume") {
      s.campaign.startedAt ??= now;
      s.progress.pausedReason = null;
    }
    if (action === "cancel") {
      this.#store.cancelWaiting(now);
      s.campaign.finishedAt = now;
      s.campaign.waiting = null;
    }
    this.#save(s);
    await this.ctx.storage.setAlarm(now);
    return ok(this.#view(s));
  }

  /** From a conversation: how a campaign message fares, or the customer's answer. Idempotent. */
  async progress(update: CampaignProgress): Promise<void> {
    const s = this.#load();
    if (!s) return;
    const now = Date.now();
    if (update.status === "replied") {
      this.#store.replied(update.recipientId, update.at);
      return this.#syncSoon(now);
    }
    const state = recipientStateFor(update.status);
    if (!state) return;
    if (state === "failed" && update.errorCode === PER_USER_LIMIT && update.attempt === 1) {
      // Meta caps marketing per customer; retrying inside a day can block them for a day: once more, tomorrow.
      const until = now + DAY_MS + Math.round(Math.random() * 60_000);
      this.#store.defer(update.recipientId, update.attempt, until, update.reason ?? "Meta's per-user marketing limit (131049)", now);
      // Finished meanwhile: it runs again for this recipient (its next alarm says until when it waits).
      if (s.campaign.status === "completed") {
        s.campaign.status = "running";
        s.campaign.finishedAt = null;
        this.#save(s);
      }
      return this.#syncSoon(now);
    }
    this.#store.advance(update.recipientId, update.attempt, state, { reason: update.reason, errorCode: update.errorCode, conversationId: update.conversationId }, now);
    if (state === "failed" && update.errorCode !== null && PAUSING_ERRORS.has(update.errorCode) && s.campaign.status === "running") {
      // The template or the number is the problem: every further send would fail the same way.
      s.campaign.status = "paused";
      s.progress.pausedReason = `${update.errorCode}: ${update.reason ?? ""}`.trim();
      this.#save(s);
    }
    await this.#syncSoon(now);
  }

  override async alarm(): Promise<void> {
    const s = this.#load();
    if (!s) return;
    const started = Date.now();
    const c = s.campaign;
    if (c.status === "scheduled" && c.scheduledAt !== null && c.scheduledAt <= started) {
      c.status = "running";
      c.startedAt = started;
      this.#save(s);
    }
    // A paused or cancelled campaign's alarm only brings D1's copy up to date.
    if (c.status === "running") {
      const next = await this.#tick(s, started);
      if (next !== null) await this.ctx.storage.setAlarm(next);
    }
    await this.#syncIndex(s);
  }

  /** One second's work; answers when to run again (null: nothing left to send). */
  async #tick(s: Stored, now: number): Promise<number | null> {
    if (!s.progress.audienceDone) await this.#readAudience(s, now);
    const limit = s.channel.messagingLimit;
    const since = now - DAY_MS;
    const reached = limit === null ? 0 : this.#store.reachedSince(since) + (await reachedByOthers(this.env.DB, s.channel.id, s.campaign.id, since));
    const size = batchSize(s.channel.throughputMps, limit, reached);
    if (size === 0) {
      // The number's daily limit is used up: wait until the oldest of this campaign's sends leaves the window.
      const until = (this.#store.oldestReachSince(since) ?? now) + DAY_MS;
      this.#patch((fresh) => void (fresh.campaign.waiting = { reason: "messaging_limit", until }));
      return until;
    }
    const due = this.#store.due(now, size);
    if (!due.length) {
      const later = this.#store.nextDue();
      this.#patch((fresh) => {
        // Only recipients Meta's per-user limit deferred are left: the campaign waits for them.
        fresh.campaign.waiting = later === null ? null : { reason: "per_user_limit", until: later };
        if (later === null && fresh.campaign.status === "running") {
          fresh.campaign.status = "completed";
          fresh.campaign.finishedAt = now;
        }
      });
      return later;
    }
    this.#patch((fresh) => void (fresh.campaign.waiting = null));
    await this.#sendBatch(s, due, now);
    // Still running (nobody paused or cancelled it meanwhile): the next batch a second after this one began.
    return this.#load()?.campaign.status === "running" ? Math.max(now + TICK_MS, Date.now()) : null;
  }

  async #readAudience(s: Stored, now: number): Promise<void> {
    const scope = {
      workspaceId: s.workspaceId,
      channelId: s.channel.id,
      audience: s.campaign.audience,
      params: s.campaign.template.params,
      marketing: s.campaign.template.category === "MARKETING",
    };
    while (!s.progress.audienceDone) {
      const page = await audiencePage(this.env.DB, scope, s.progress.audienceAfter ?? "");
      // The page and where the next one starts, in one transaction: a crash resumes exactly here.
      this.ctx.storage.transactionSync(() => {
        this.#store.add(page.recipients, now);
        s.progress.audienceAfter = page.lastId;
        s.progress.audienceDone = page.lastId === null;
        this.#patch((fresh) => void (fresh.progress = { ...fresh.progress, audienceAfter: page.lastId, audienceDone: page.lastId === null }));
      });
    }
  }

  async #sendBatch(s: Stored, due: DueRecipient[], now: number): Promise<void> {
    // Opted out since the audience was read (a "BAJA", or an agent): never sent.
    const optedOut = await optedOutAmong(this.env.DB, due.map((r) => r.contactId));
    for (const r of due.filter((r) => optedOut.has(r.contactId))) this.#store.advance(r.id, r.attempt, "skipped", { reason: "opted_out" }, now);
    const sending = due.filter((r) => !optedOut.has(r.contactId));
    // Written before any conversation is asked: after a crash these go again, with the same clientId.
    this.#store.markSending(sending.map((r) => r.id), now);
    const outcomes = await Promise.allSettled(sending.map((r) => this.#sendOne(s, r)));
    const retry: number[] = [];
    outcomes.forEach((outcome, i) => {
      const r = sending[i]!;
      if (outcome.status === "rejected") {
        console.warn(`Campaign:${s.campaign.id} recipient ${r.id}: the conversation did not answer; retried`, String(outcome.reason));
        retry.push(r.id);
      } else if (outcome.value.ok) {
        this.#store.advance(r.id, r.attempt, "pending", { conversationId: outcome.value.value.conversationId, sentAt: now }, now);
      } else {
        const e = outcome.value.error;
        this.#store.advance(r.id, r.attempt, e.code === "opted_out" ? "skipped" : "failed", { reason: e.code === "opted_out" ? "opted_out" : e.message }, now);
      }
    });
    if (retry.length) this.#store.retryLater(retry, Date.now() + backoffMs(1, 5_000), Date.now());
  }

  async #sendOne(s: Stored, r: DueRecipient) {
    const conversationId = await conversationIdFor(s.channel.id, r.contactKey);
    return rpcStub(this.env, "Conversation", conversationId).campaignSend({
      ref: {
        conversationId,
        workspaceId: s.workspaceId,
        channelId: s.channel.id,
        phoneNumberId: s.channel.phoneNumberId,
        tokenRef: s.channel.tokenRef,
        contact: { key: r.contactKey, waId: r.waId, userId: null, name: r.name, phone: `+${r.waId}`, username: null },
      },
      contactId: r.contactId,
      campaign: { campaignId: s.campaign.id, recipientId: r.id, attempt: r.attempt, name: s.campaign.name },
      template: { name: s.campaign.template.name, language: s.campaign.template.language, body: s.templateBody, headerParams: [], bodyParams: r.params, ...(s.headerMedia ? { headerMedia: s.headerMedia } : {}) },
    });
  }

  /** Reports change counts often: D1's copy is written by the alarm, at most every SYNC_MS. */
  async #syncSoon(now: number): Promise<void> {
    const at = await this.ctx.storage.getAlarm();
    if (at === null || at > now + SYNC_MS) await this.ctx.storage.setAlarm(now + SYNC_MS);
  }

  async #syncIndex(s: Stored): Promise<void> {
    const current = this.#load() ?? s;
    const c = current.campaign;
    const counts: CampaignCounts & { reached: number } = { ...this.#store.counts(), reached: this.#store.reachedSince(Date.now() - DAY_MS) };
    await this.env.DB.prepare("UPDATE campaigns SET status = ?, counts = ?, started_at = ?, finished_at = ? WHERE id = ?")
      .bind(c.status, JSON.stringify(counts), c.startedAt, c.finishedAt, c.id)
      .run();
  }
}
