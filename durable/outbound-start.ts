// An agent writes first: "Nueva conversación" with an approved template to a number. One conversation per contact
// and number — its id derives from both, and the object serializes every call — so starting twice, or twice at
// once, lands in the same conversation. The sender becomes its owner; someone else's conversation is refused.
import type { Actor, Message } from "../shared/model";
import { reply } from "./agent-actions";
import type { ConversationRef, ReplyInput } from "./conversation-api";
import type { Draft } from "./conversation-draft";
import { claim } from "./ownership";
import { reopenByHand } from "./conversation-status";
import { fail, ok, type Result } from "./result";

export type Started = Result<{ created: boolean; message: Message; duplicate: boolean }>;

export function startConversation(d: Draft, actor: Actor, ref: ConversationRef, input: ReplyInput): Started {
  if (!input.template) return fail(400, "template_required", "A conversation is started with an approved template.");
  // A retried POST (same clientId) gets its first answer back.
  const earlier = input.clientId && d.state ? d.message({ clientId: input.clientId }) : null;
  if (earlier) return ok({ created: false, message: earlier, duplicate: true });
  const created = !d.state;
  if (created) {
    d.create({ ...ref, id: ref.conversationId });
    d.changeEvent("conversation_created", actor.agentId, null, { outbound: true });
  }
  // Written to again by us: open (no routing: the sender takes it just below).
  const status = d.current.status;
  if (status === "resolved" || status === "snoozed") reopenByHand(d, actor);
  const owned = claim(d, actor);
  if (!owned.ok) return owned;
  const sent = reply(d, actor, input);
  return sent.ok ? ok({ created, ...sent.value }) : sent;
}
