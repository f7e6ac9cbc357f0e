// A customer's opt-out keyword ("BAJA", "STOP"…) or opt-in ("ALTA") in a conversation: recorded as an event that the
// projection applies to the CRM contact (so campaigns skip them), confirmed to the customer once per change, and
// otherwise a quiet message: it neither reopens the conversation nor makes anyone owe an answer.
import type { Message } from "../shared/model";
import { OPT_IN_CONFIRMATION, OPT_OUT_CONFIRMATION, optOutRequest } from "../shared/opt-out";
import type { Draft } from "./conversation-draft";
import { outboundText } from "./message-kinds";

const SYSTEM_AUTHOR = { agentId: "system", name: "Colmena" } as const;

/** Handles the message if it is an opt-out or opt-in keyword; returns whether it was one. */
export function takeOptOut(d: Draft, message: Message, keywords: string[] | null | undefined): boolean {
  if (message.kind !== "text") return false;
  const request = optOutRequest(message.text, keywords ?? undefined);
  if (!request) return false;
  const state = d.current;
  const out = request === "out";
  d.changeEvent(out ? "opted_out" : "opted_in", state.assigneeId, null, { contactId: state.contactId, messageId: message.id });
  if (state.optedOut !== out) {
    d.patch({ optedOut: out });
    const confirmation = d.insert(outboundText(SYSTEM_AUTHOR, out ? OPT_OUT_CONFIRMATION : OPT_IN_CONFIRMATION, d.now, null));
    d.job("send", `send:${confirmation.id}`, d.now, { messageId: confirmation.id });
  }
  d.activity(null, { action: out ? "opted_out" : "opted_in" });
  return true;
}
