// The assistant inside a conversation, as pure rules over a Draft: who takes a new cycle (the bot while its number's
// policy says so, else the routing engine), the debounced turn a customer message schedules, and what a finished
// turn may write. The turn itself (retrieval, the model) runs outside the transaction in durable/conversation.ts;
// its outcome comes back as a command and is checked again here, so nothing it wrote is sent once a person took
// over, the conversation was resolved, or the customer said more meanwhile (a newer turn answers everything).
import type { AssistantDecision } from "./assistant/default-reply";
import { BOT_NAME, type BotPolicy, DEFAULT_HANDOFF_MESSAGE } from "../shared/bot-policy";
import { type Actor, BOT_AGENT_ID } from "../shared/model";
import { changeTags, setPriority } from "./conversation-status";
import { queueOutbound } from "./agent-actions";
import type { Draft } from "./conversation-draft";
import type { InboundHooks } from "./conversation-inbound";
import { isWindowOpen } from "./conversation-rules";
import { noteMessage, outboundText } from "./message-kinds";
import { giveToBot, handoff } from "./ownership";
import { ok, type Result } from "./result";
import { requestRouting } from "./routing-request";

export const BOT_AUTHOR = { agentId: BOT_AGENT_ID, name: BOT_NAME } as const;

/** What a bot turn decided, handed back to the conversation to write. */
export interface BotTurn {
  /** The newest message seq when the turn read the conversation: anything said after it makes the turn stale. */
  afterSeq: number;
  decision: AssistantDecision;
  policy: BotPolicy;
  /** The workspace's tags the model's set_tags named (resolved to ids by the caller). */
  tags?: Array<{ id: string; name: string }>;
  /** Model mode, on a handoff: the conversation summarised for whoever picks it up (goes into the team's note). */
  summary?: string;
}

/** The bot as the actor of its activity lines (tags, priority). */
const botActor = (workspaceId: string): Actor => ({ ...BOT_AUTHOR, workspaceId, role: "agent", teamIds: [], seeAll: true });

export type BotTurnOutcome = "answered" | "handed_off" | "discarded";

/** Readable reasons for the agent's handoff note (codes from durable/assistant). */
const REASONS: Record<string, string> = {
  asks_for_person: "el cliente pide hablar con una persona",
  complaint: "queja o enfado",
  urgent: "urgencia",
  own_records: "pregunta por sus propios datos (cita, pedido, factura, resultados)",
  unsafe: "petición fuera de lo que el asistente puede atender",
  no_confident_article: "ningún artículo responde con seguridad",
  no_knowledge: "no hay artículos de conocimiento",
  empty_message: "mensaje sin texto (audio, imagen…)",
  daily_limit: "se alcanzó el límite diario de respuestas del asistente",
  bot_off: "el asistente ya no atiende este número ahora (horario de atención)",
};

export function reasonText(reason: string): string {
  if (reason.startsWith("model_handoff: ")) return `el modelo pidió una persona: ${reason.slice("model_handoff: ".length)}`;
  if (reason.startsWith("model_error")) return `error del proveedor de IA (${reason.slice("model_error: ".length) || "desconocido"})`;
  return REASONS[reason] ?? reason;
}

/**
 * How an inbound batch hands a conversation on: a new or reopened cycle goes to the bot while its policy answers
 * and no person owns it (greeting first, if set), else to routing; a customer message to a bot-owned conversation
 * schedules its turn — or, once the policy no longer answers (business hours began), goes to people.
 */
export function inboundHooks(d: Draft, bot: BotPolicy | null): InboundHooks {
  return {
    cycleStarted(reason, text, referral) {
      const owner = d.current.assigneeId;
      if (!bot || (owner !== null && owner !== BOT_AGENT_ID)) return requestRouting(d, reason, text, referral);
      giveToBot(d, null);
      if (reason === "new" && bot.greeting?.trim() && isWindowOpen(d.current.lastInboundAt, d.now)) {
        queueOutbound(d, BOT_AUTHOR, d.insert(outboundText(BOT_AUTHOR, bot.greeting.trim(), d.now, null)));
      }
    },
    customerSpoke() {
      if (d.current.assigneeId !== BOT_AGENT_ID || d.current.status === "resolved") return;
      if (!bot) return void handOver(d, { reply: null, handoff: true, reason: "bot_off", sources: [] }, null, { tellCustomer: false });
      d.job("bot", "bot", d.now + bot.quietMs, bot, { debounce: true });
    },
  };
}

/** Writes a finished turn if it still stands: the bot owns the conversation and nothing was said since it read it. */
export function applyBotTurn(d: Draft, turn: BotTurn): Result<{ outcome: BotTurnOutcome }> {
  const state = d.current;
  if (state.assigneeId !== BOT_AGENT_ID || state.status === "resolved" || d.spokenAfter(turn.afterSeq)) return ok({ outcome: "discarded" });
  const { decision } = turn;
  if (turn.tags?.length) changeTags(d, botActor(state.workspaceId), turn.tags, []);
  if (decision.actions?.priority) setPriority(d, botActor(state.workspaceId), decision.actions.priority);
  if (!decision.handoff && decision.reply && isWindowOpen(state.lastInboundAt, d.now)) {
    queueOutbound(d, BOT_AUTHOR, d.insert(outboundText(BOT_AUTHOR, decision.reply, d.now, null)));
    d.changeEvent("bot_reply", BOT_AGENT_ID, null, { reason: decision.reason, channelId: turn.policy.channelId, sources: decision.sources.map((s) => s.articleId) });
    return ok({ outcome: "answered" });
  }
  handOver(d, decision, turn.policy, { tellCustomer: true, summary: turn.summary });
  return ok({ outcome: "handed_off" });
}

/** Owner → people (routing), the customer told (inside the window), the team left a note saying why. */
function handOver(d: Draft, decision: AssistantDecision, policy: BotPolicy | null, opts: { tellCustomer: boolean; summary?: string }): void {
  const state = d.current;
  if (opts.tellCustomer && isWindowOpen(state.lastInboundAt, d.now)) {
    const words = policy?.handoffMessage?.trim() || DEFAULT_HANDOFF_MESSAGE;
    queueOutbound(d, BOT_AUTHOR, d.insert(outboundText(BOT_AUTHOR, words, d.now, null)));
  }
  const sources = decision.sources.map((s) => s.title);
  const text = [
    [`El asistente pasa la conversación al equipo: ${reasonText(decision.reason)}.`, sources.length ? `Artículos consultados: ${sources.join(", ")}.` : ""].filter(Boolean).join(" "),
    opts.summary ? `Resumen:\n${opts.summary}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
  d.insert(noteMessage(BOT_AUTHOR, text, { handoff: { reason: decision.reason, sources: decision.sources.map((s) => ({ articleId: s.articleId, title: s.title, score: s.score })) } }, d.now));
  handoff(d, decision.reason, null);
}
