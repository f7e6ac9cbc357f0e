// A conversation's decisions as one pure function: decide(known, command, now) → the command's result and the
// Decision (state, messages, events, jobs, notices, frames) that the object writes in one transaction. Every
// racing actor — webhook retries, agents, the router, timers, the outbox — reaches the conversation as a Command.
import type { Actor, ConversationStatus, MediaInfo, Priority } from "../shared/model";
import { markRead, reply, sendAttachment, type Sent } from "./agent-actions";
import type { AttachmentInput, CampaignSend, CampaignSent, ConversationRef, IngestBatch, IngestResult, ReplyInput } from "./conversation-api";
import { startConversation, type Started } from "./outbound-start";
import { reportCampaignProgress, sendCampaignMessage } from "./campaign/campaign-message";
import { type Decision, Draft, type Known } from "./conversation-draft";
import { applyBotTurn, type BotTurn, type BotTurnOutcome, inboundHooks } from "./bot-turn";
import { ingest, settleSend } from "./conversation-inbound";
import { keepPolicy } from "./csat-survey";
import { checkSla, keepSlaConfig, scheduleSla } from "./sla-watch";
import { changeTags, linkContact, setPriority, setStatus, wake } from "./conversation-status";
import { applyRouting, assign, autoAssign, claim, giveToBot, handoff, type Person, release, returnToQueue, type Team, transfer } from "./ownership";
import type { Result } from "./result";
import type { RoutingDecision } from "./workspace-api";

export type Command =
  | { type: "ingest"; batch: IngestBatch }
  | { type: "reply"; actor: Actor; input: ReplyInput }
  /** An agent writes first (a template): creates the conversation if needed and makes the sender its owner. */
  | { type: "start"; actor: Actor; ref: ConversationRef; input: ReplyInput }
  | { type: "attachment"; actor: Actor; input: AttachmentInput }
  /** A campaign's template to this contact (durable/campaign/): created if needed, nobody's ownership changes. */
  | { type: "campaignSend"; input: CampaignSend }
  | { type: "markRead" }
  | { type: "claim"; actor: Actor }
  | { type: "release"; actor: Actor }
  | { type: "transfer"; actor: Actor; to: { agent?: Person; team?: Team }; note?: string }
  | { type: "assign"; actor: Actor; agent: Person | null }
  | { type: "setStatus"; actor: Actor; status: "open" | "snoozed" | "resolved"; snoozedUntil?: number }
  | { type: "setPriority"; actor: Actor; priority: Priority }
  | { type: "changeTags"; actor: Actor; add: Array<{ id: string; name: string }>; remove: Array<{ id: string; name: string }> }
  | { type: "linkContact"; update: { contactId?: string; name?: string | null } }
  | { type: "autoAssign"; agent: Person; how: string }
  | { type: "returnToQueue"; expected: string; reason: "no_answer" | "offline" | "deactivated" }
  | { type: "applyRouting"; decision: RoutingDecision; ruleName: string }
  | { type: "handoff"; reason: string; team: Team | null }
  | { type: "giveToBot"; actor: Actor | null }
  /** A bot turn finished: its answer or handoff, written only if it still stands. */
  | { type: "botTurn"; turn: BotTurn }
  | { type: "wake" }
  /** The SLA job: record the warnings and breaches that came due. */
  | { type: "slaCheck" }
  /** The outbox: Graph accepted a send (its wamid), refused it for good, or a file changed state. */
  | { type: "sendAccepted"; messageId: string; wamid: string }
  | { type: "sendFailed"; messageId: string; errorCode: number | null; reason: string }
  | { type: "mediaChanged"; messageId: string; media: MediaInfo };

/** What each command answers. */
export interface Outcomes {
  ingest: IngestResult;
  reply: Sent;
  start: Started;
  attachment: Sent;
  campaignSend: CampaignSent;
  markRead: Result<{ unreadCount: 0 }>;
  claim: Result<{ assigneeId: string }>;
  release: Result<{ assigneeId: null }>;
  transfer: Result<{ assigneeId: string | null; teamId: string | null }>;
  assign: Result<{ assigneeId: string | null }>;
  setStatus: Result<{ status: ConversationStatus }>;
  setPriority: Result<{ priority: Priority }>;
  changeTags: Result<{ tagIds: string[] }>;
  linkContact: Result<true>;
  autoAssign: Result<{ assigneeId: string }>;
  returnToQueue: Result<{ returned: boolean }>;
  applyRouting: Result<true>;
  handoff: Result<{ status: "open" }>;
  giveToBot: Result<{ assigneeId: string }>;
  botTurn: Result<{ outcome: BotTurnOutcome }>;
  wake: null;
  slaCheck: null;
  sendAccepted: null;
  sendFailed: null;
  mediaChanged: null;
}

function run(d: Draft, c: Command): Outcomes[Command["type"]] {
  switch (c.type) {
    case "ingest": {
      const result = ingest(d, c.batch.ref, c.batch.messages, c.batch.statuses, inboundHooks(d, c.batch.bot ?? null), c.batch.optOutKeywords);
      // The number's survey and the workspace's SLA policies come with each delivery; the conversation keeps the newest
      // (read only on resolve and after the change, so after the messages is soon enough — and a new one exists by then).
      if (d.state) {
        keepPolicy(d, c.batch.survey);
        keepSlaConfig(d, c.batch.sla);
      }
      return result;
    }
    case "reply": return reply(d, c.actor, c.input);
    case "start": return startConversation(d, c.actor, c.ref, c.input);
    case "attachment": return sendAttachment(d, c.actor, c.input);
    case "campaignSend": return sendCampaignMessage(d, c.input);
    case "markRead": return markRead(d);
    case "claim": return claim(d, c.actor);
    case "release": return release(d, c.actor);
    case "transfer": return transfer(d, c.actor, c.to, c.note);
    case "assign": return assign(d, c.actor, c.agent);
    case "setStatus": return setStatus(d, c.actor, c.status, c.snoozedUntil);
    case "setPriority": return setPriority(d, c.actor, c.priority);
    case "changeTags": return changeTags(d, c.actor, c.add, c.remove);
    case "linkContact": return linkContact(d, c.update);
    case "autoAssign": return autoAssign(d, c.agent, c.how);
    case "returnToQueue": return returnToQueue(d, c.expected, c.reason);
    case "applyRouting": return applyRouting(d, c.decision, c.ruleName);
    case "handoff": return handoff(d, c.reason, c.team);
    case "giveToBot": return giveToBot(d, c.actor);
    case "botTurn": return applyBotTurn(d, c.turn);
    case "wake": return wake(d), null;
    case "slaCheck": return checkSla(d), null;
    case "sendAccepted": {
      // A status webhook may have settled it while the request was out: nothing left to do then.
      const current = d.message({ id: c.messageId });
      if (current && !current.wamid) settleSend(d, c.messageId, c.wamid);
      return null;
    }
    case "sendFailed": {
      const current = d.message({ id: c.messageId });
      if (current?.status === "pending") d.update(c.messageId, { status: "failed", errorCode: c.errorCode, errorReason: c.reason });
      return null;
    }
    case "mediaChanged":
      if (d.message({ id: c.messageId })) d.update(c.messageId, { media: c.media });
      return null;
  }
}

/** Decides a command on what is known now. Pure: the same inputs give the same decision (ids aside). */
export function decide<C extends Command>(known: Known, command: C, now: number): { result: Outcomes[C["type"]]; decision: Decision } {
  const draft = new Draft(known, now);
  // `run`'s switch answers each command with its own outcome type; TypeScript cannot follow that through C.
  const result = run(draft, command) as Outcomes[C["type"]];
  scheduleSla(draft);
  reportCampaignProgress(draft, draft.changedMessages());
  return { result, decision: draft.finish() };
}
