// A conversation in memory for unit tests: decide() applied the way ConversationStore.apply does, so commands chain
// like in the object, plus the fixtures (a customer, people, inbound messages) the decide tests share.
import type { ConversationRef } from "../../../durable/conversation-api";
import { type Command, decide } from "../../../durable/conversation-decide";
import type { Decision, EarlyStatus, InternalState, Known } from "../../../durable/conversation-draft";
import type { Actor, Message } from "../../../shared/model";
import type { InboundMessage, StatusUpdate } from "../../../shared/whatsapp-webhook";

export const HOUR = 60 * 60 * 1000;
export const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);

export const ref: ConversationRef = {
  conversationId: "cv_test",
  workspaceId: "ws_demo",
  channelId: "ch_demo",
  phoneNumberId: "109876543210001",
  tokenRef: "WA_ACCESS_TOKEN",
  contact: { key: "34600111222", waId: "34600111222", userId: null, name: "Lucía Fernández", phone: "+34600111222", username: null },
};

export const person = (id: string, name: string, role: Actor["role"] = "agent"): Actor => ({ agentId: id, workspaceId: "ws_demo", role, name, teamIds: [], seeAll: false });
export const ana = person("ag_ana", "Ana");
export const bruno = person("ag_bruno", "Bruno");

export function inbound(wamid: string, text: string, sentAt: number): InboundMessage {
  return { wamid, kind: "text", providerType: "text", sentAt, text, content: { body: text }, context: null, referral: null, media: null, errors: [], contact: ref.contact };
}

export function status(wamid: string, value: StatusUpdate["status"], callbackData: string | null = null): StatusUpdate {
  return { wamid, status: value, at: T0, recipientId: "34600111222", recipientUserId: null, callbackData, errors: value === "failed" ? [{ code: 131026, title: "Message undeliverable", message: "", details: "El número no tiene WhatsApp" }] : [] };
}

/** A conversation in memory: applies decisions like ConversationStore.apply, answers lookups like `known`. */
export class Memory {
  state: InternalState | null = null;
  messages = new Map<string, Message>();
  early: EarlyStatus[] = [];
  decisions: Decision[] = [];

  known(): Known {
    return {
      state: this.state ? structuredClone(this.state) : null,
      message: (where) => [...this.messages.values()].find((m) => (where.id !== undefined && m.id === where.id) || (where.wamid !== undefined && m.wamid === where.wamid) || (where.clientId !== undefined && m.clientId === where.clientId)) ?? null,
      earlyStatuses: (wamid) => this.early.filter((e) => e.wamid === wamid),
      spokenAfter: (seq) => [...this.messages.values()].some((m) => (m.direction === "in" || m.direction === "out") && m.seq > seq),
    };
  }

  run<C extends Command>(command: C, now: number) {
    const { result, decision } = decide(this.known(), command, now);
    for (const m of decision.inserts) {
      if (this.messages.has(m.id) || (m.wamid && [...this.messages.values()].some((x) => x.wamid === m.wamid))) throw new Error("unique index violated");
      this.messages.set(m.id, m);
    }
    for (const u of decision.updates) this.messages.set(u.id, { ...this.messages.get(u.id)!, ...u.patch, updatedSeq: u.seq });
    this.early = [...this.early.filter((e) => !decision.earlyTaken.includes(e.wamid)), ...decision.earlyKept];
    this.state = decision.state;
    this.decisions.push(decision);
    return { result, decision };
  }

  texts(direction: Message["direction"] = "in"): Array<string | null> {
    return [...this.messages.values()].filter((m) => m.direction === direction).sort((a, b) => a.sentAt - b.sentAt || a.seq - b.seq).map((m) => m.text);
  }
}

export const ingest = (messages: InboundMessage[], statuses: StatusUpdate[] = []): Command => ({ type: "ingest", batch: { ref, messages, statuses } });

