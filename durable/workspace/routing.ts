// The routing engine of a workspace: AI intent routing (when on) and rules for new and reopened conversations, then
// assignment in queue order (round robin / least busy within capacity, durable/router.ts decides), returns to the
// queue when an owner is gone. Runs one pass at a time; the object calls `drain()` only when routing inputs changed.
import type { LanguageModel } from "ai";
import { BOT_AGENT_ID, type ConversationSummary } from "../../shared/model";
import { assistantModel } from "../assistant/assistant-mode";
import { classifyByKnowledge, classifyWithModel, type IntentGuess } from "../assistant/intent-routing";
import { knowledgeIndexFor } from "../assistant/knowledge-source";
import { firstMatchingRule } from "../../shared/routing";
import { eligible, pickAgent, queueOrder } from "../router";
import { contactFacts, type WorkspaceConfig } from "../workspace-config";
import type { MirrorRow } from "../workspace-store";
import type { WorkspaceContext } from "./context";

export class Routing {
  readonly #ctx: WorkspaceContext;
  /** The model AI intent routing asks (none: default mode, from the knowledge base). Tests swap in a mock. */
  modelFor: (env: Env) => LanguageModel | null = assistantModel;
  #draining = false;
  #drainAgain = false;
  /** Conversations with a routing call in flight (never two at once for one conversation). */
  #routing = new Set<string>();
  /** Called after each drain (timers re-arm) and after an assignment (counts changed). */
  onDrained: () => Promise<void> = async () => {};
  onAssigned: () => void = () => {};

  constructor(ctx: WorkspaceContext) {
    this.#ctx = ctx;
  }

  available(): (agentId: string) => boolean {
    const presence = this.#ctx.store.presence();
    return (id) => presence.get(id)?.state === "online";
  }

  /** Runs routing passes one at a time; a request during a pass triggers one more pass after it. */
  async drain(): Promise<void> {
    if (this.#draining) {
      this.#drainAgain = true;
      return;
    }
    this.#draining = true;
    try {
      do {
        this.#drainAgain = false;
        await this.#drainOnce();
      } while (this.#drainAgain);
    } catch (err) {
      console.error(`Workspace:${this.#ctx.name} routing pass failed`, err);
    } finally {
      this.#draining = false;
      await this.onDrained();
    }
  }

  #assigned(id: string, agentId: string): void {
    const now = Date.now();
    this.#ctx.store.markAssigned(id, agentId, now);
    this.#ctx.index.patch(id, { assigneeId: agentId, assignedAt: now });
    this.onAssigned();
  }

  async #drainOnce(): Promise<void> {
    const { store, index } = this.#ctx;
    const config = await this.#ctx.config();
    // Rules first (new and reopened conversations), then assignment in queue order.
    for (const row of store.pendingRoutes()) await this.#applyRules(row, config);
    const available = this.available();
    const automatic = (channelId: string) => (config.channels.get(channelId)?.routingPolicy ?? "round_robin") !== "manual";
    // Nobody online, or only manual numbers: nothing to assign.
    if (![...config.people.keys()].some(available) || ![...config.channels.keys()].some(automatic)) return;
    const rotation = store.lastAssigned();
    const state = { available, openCount: (id: string) => index.openCount(id), lastAssignedAt: (id: string) => rotation.get(id) ?? 0 };
    const hasRoom = () => [...config.people.values()].some((p) => available(p.id) && state.openCount(p.id) < p.capacity);
    // Nobody free (the common case under load): do not even read the queue.
    if (!hasRoom() || !index.hasQueue()) return;
    const waiting = queueOrder(store.queued().filter((r) => automatic(r.channelId)).map((r) => ({ ...r, queuedAt: r.queuedAt! })));
    for (const row of waiting) {
      if (!hasRoom()) break;
      if (this.#routing.has(row.id)) continue;
      const policy = config.channels.get(row.channelId)?.routingPolicy ?? "round_robin";
      // A team deleted since the conversation joined it no longer restricts who may take it.
      const teamId = row.teamId && config.teams.has(row.teamId) ? row.teamId : null;
      const agent = pickAgent(eligible(config.people.values(), teamId, state), policy, state);
      if (!agent) continue;
      this.#routing.add(row.id);
      try {
        const result = await this.#ctx.conversation(row.id).autoAssign({ id: agent.id, name: agent.name }, policy);
        if (result.ok) {
          this.#assigned(row.id, agent.id);
          store.recordAssignment(agent.id, Date.now());
          rotation.set(agent.id, Date.now());
        }
      } finally {
        this.#routing.delete(row.id);
      }
    }
  }

  /**
   * AI intent routing for a new conversation: the team the assistant names for its first message, if at least as
   * sure as the workspace asks (durable/assistant/intent-routing.ts). Null: off, unsure, or no answer in time.
   */
  async #guessTeam(text: string | null, config: WorkspaceConfig): Promise<IntentGuess | null> {
    const threshold = config.settings.aiRoutingConfidence;
    if (threshold === null || !text?.trim() || !config.teams.size) return null;
    const teams = [...config.teams.values()].map(({ id, name }) => ({ id, name }));
    const model = this.modelFor(this.#ctx.env);
    const guess = model ? await classifyWithModel(model, text, teams) : classifyByKnowledge(await knowledgeIndexFor(this.#ctx.env.DB, this.#ctx.name), text, teams);
    return guess && guess.confidence >= threshold ? guess : null;
  }

  /** A new or reopened conversation: the AI's team when it is sure, else the first matching rule (team, tags, priority, assignee). */
  async #applyRules(row: MirrorRow, config: WorkspaceConfig): Promise<void> {
    const route = row.pendingRoute!;
    const { store, index } = this.#ctx;
    try {
      const guess = route.reason === "new" ? await this.#guessTeam(route.text, config) : null;
      if (guess) {
        const team = config.teams.get(guess.teamId)!;
        const applied = await this.#ctx.conversation(row.id).applyRouting({ teamId: team.id, teamName: team.name }, `IA: ${guess.basis}, ${Math.round(guess.confidence * 100)} %`);
        if (applied.ok) {
          store.markTeam(row.id, team.id);
          index.patch(row.id, { teamId: team.id });
        }
        store.setPendingRoute(row.id, null);
        return;
      }
      if (route.reason === "reopened" && row.assigneeId && row.assigneeId !== BOT_AGENT_ID && !this.available()(row.assigneeId)) {
        // The previous owner is not here: do not let the customer wait for them.
        await this.returnToQueue(row.id, row.assigneeId, "offline", config.people.get(row.assigneeId)?.name ?? null);
      }
      if ((route.reason === "new" || route.reason === "reopened") && (config.rules.length || config.channels.get(row.channelId)?.defaultTeamId)) {
        const needsContact = config.rules.some((r) => r.conditions.contactTagIds?.length || r.conditions.contactAttribute);
        const facts = needsContact ? await contactFacts(this.#ctx.env.DB, row.summary.contactId) : { tagIds: [], attributes: {} };
        const rule = firstMatchingRule(config.rules, {
          text: route.text,
          channelId: row.channelId,
          phone: route.phone,
          contactTagIds: facts.tagIds,
          contactAttributes: facts.attributes,
          referral: route.referral,
        });
        const teamId = rule?.actions.teamId ?? (route.reason === "new" && !row.teamId ? config.channels.get(row.channelId)?.defaultTeamId ?? undefined : undefined);
        if (rule || teamId) {
          const { assigneeId, ...actions } = rule?.actions ?? {};
          const conversation = this.#ctx.conversation(row.id);
          const applied = await conversation.applyRouting({ ...actions, teamId, teamName: teamId ? config.teams.get(teamId)?.name : undefined }, rule?.name ?? "default team");
          if (applied.ok && teamId) {
            store.markTeam(row.id, teamId);
            index.patch(row.id, { teamId });
          }
          const person = assigneeId ? config.people.get(assigneeId) : undefined;
          if (person && this.available()(person.id) && index.openCount(person.id) < person.capacity) {
            const result = await conversation.autoAssign({ id: person.id, name: person.name }, `rule: ${rule!.name}`);
            if (result.ok) this.#assigned(row.id, person.id);
          }
        }
      }
      store.setPendingRoute(row.id, null);
    } catch (err) {
      // Left pending: the next pass (or the alarm) tries again.
      console.error(`Workspace:${this.#ctx.name} rules for ${row.id} failed`, err);
    }
  }

  /** Gives a conversation back to the queue if `agentId` still owns it, and tells supervisors. */
  async returnToQueue(id: string, agentId: string, reason: "offline" | "deactivated" | "no_answer", agentName: string | null): Promise<void> {
    const result = await this.#ctx.conversation(id).returnToQueue(agentId, reason);
    if (result.ok && result.value.returned) this.#ctx.toSupervisors({ type: "returned", conversationId: id, agentId, agentName, reason });
  }

  async reroute(agentId: string, reason: "offline" | "deactivated"): Promise<void> {
    for (const row of this.#ctx.store.openOwnedBy(agentId)) {
      await this.returnToQueue(row.id, agentId, reason, this.#ctx.cachedConfig()?.people.get(agentId)?.name ?? null);
    }
  }

  /**
   * An assignment can reach us after its assignee was deactivated (it was on its way through a relay when
   * `agentDeactivated` rerouted what we knew of): give such conversations back to the queue too.
   */
  async returnFromInactive(summaries: ConversationSummary[]): Promise<void> {
    const owned = (people: Map<string, unknown>) =>
      summaries.filter((s) => s.assigneeId && s.assigneeId !== BOT_AGENT_ID && (s.status === "open" || s.status === "snoozed") && !people.has(s.assigneeId));
    if (!owned((await this.#ctx.config()).people).length) return;
    // Someone who joined since the cache was filled is not a stranger: look again with fresh data first.
    for (const s of owned((await this.#ctx.config(true)).people)) await this.returnToQueue(s.id, s.assigneeId!, "deactivated", s.assigneeName);
  }
}
