// A centred line in the history for things that happened to the conversation ("Ana tomó la conversación")
// and WhatsApp notices (number changed, message deleted, chat opened).
import type { JSX } from "solid-js";
import type { Message } from "../../../shared/model";
import { type MessageKey, hasKey, t } from "../i18n";
import { timeOfDay } from "../i18n/format";
import * as C from "./message-content";

export function activityText(m: Message): string {
  if (m.kind === "system") return C.contentBody(m.content) ?? m.text ?? t("kind.system");
  if (m.kind === "revoke") return t("msg.revoked");
  if (m.kind === "request_welcome") return t("msg.welcome");
  const a = C.activity(m.content);
  const someone = t("activity.someone");
  // The author is who acted; `agentName` is who the conversation went to (auto-assignment has no author).
  const name = m.authorName ?? a.agentName ?? someone;
  const params = { name, agent: a.agentName ?? someone, target: a.targetName ?? someone, rule: a.ruleName ?? "" };
  const key = `activity.${a.action}`;
  return hasKey(key) ? t(key as MessageKey, params) : t("activity.other", { name, action: a.action });
}

export function ActivityLine(props: { message: Message }): JSX.Element {
  return (
    <div class="activity" classList={{ "activity-system": props.message.direction !== "activity" }} data-kind={props.message.kind}>
      <span class="activity-text">{activityText(props.message)}</span>
      <time class="activity-time">{timeOfDay(props.message.sentAt)}</time>
    </div>
  );
}
