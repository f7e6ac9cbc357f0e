// A centred line in the history for things that happened to the conversation ("Ana tomó la conversación",
// "Sofía la transfirió a Bruno", "Pospuesta hasta mañana 9:00") and WhatsApp notices (number changed, message
// deleted, chat opened). Every action of durable/ownership.ts and conversation-status.ts has its sentence.
import type { JSX } from "solid-js";
import type { Message } from "../../../shared/model";
import { hasKey, type MessageKey, t } from "../i18n";
import { shortDateTime, timeOfDay } from "../i18n/format";
import * as C from "./message-content";

const quoted = (names: string[]) => names.map((n) => `«${n}»`).join(", ");
const priorityName = (p: string | undefined) => (p && hasKey(`priority.${p}`) ? t(`priority.${p}` as MessageKey) : (p ?? ""));

export function activityText(m: Message): string {
  if (m.kind === "system") return C.contentBody(m.content) ?? m.text ?? t("kind.system");
  if (m.kind === "revoke") return t("msg.revoked");
  if (m.kind === "request_welcome") return t("msg.welcome");
  const a = C.activity(m.content);
  const someone = t("activity.someone");
  // The author is who acted; `agentName` is who the conversation went to or came from.
  const name = m.authorName ?? someone;
  const agent = a.agentName ?? someone;
  switch (a.action) {
    case "claimed":
      return t("activity.claimed", { name: m.authorName ?? agent });
    case "took_over_from_bot":
      return t("activity.took_over_from_bot", { name: m.authorName ?? agent });
    case "released":
      return m.authorName && a.agentName && m.authorId !== null && a.agentName !== m.authorName
        ? t("activity.releasedOther", { name, agent })
        : t("activity.released", { name: m.authorName ?? agent });
    case "transferred": {
      if (a.toAgentName && a.toTeamName) return t("activity.transferredBoth", { name, target: a.toAgentName, team: a.toTeamName });
      if (a.toTeamName) return t("activity.transferredTeam", { name, team: a.toTeamName });
      return t("activity.transferred", { name, target: a.toAgentName ?? someone });
    }
    case "assigned":
      return t("activity.assigned", { name, target: agent });
    case "unassigned":
      return t("activity.unassigned", { name });
    case "auto_assigned": {
      const how = a.how?.startsWith("rule: ") ? t("activity.how.rule", { rule: a.how.slice(6) }) : a.how && hasKey(`activity.how.${a.how}`) ? t(`activity.how.${a.how}` as MessageKey) : "";
      return t("activity.auto_assigned", { agent }) + (how ? ` · ${how}` : "");
    }
    case "returned":
      return hasKey(`activity.returned.${a.reason}`) ? t(`activity.returned.${a.reason}` as MessageKey, { agent }) : t("activity.returned");
    case "rule_applied": {
      const parts = [a.teamName ? t("activity.rule.team", { team: a.teamName }) : "", a.priority ? t("activity.rule.priority", { priority: priorityName(a.priority) }) : ""].filter(Boolean);
      const head = a.ruleName === "default team" ? t("activity.rule.default") : t("activity.rule_applied", { rule: a.ruleName ?? "" });
      return parts.length ? `${head}: ${parts.join(" · ")}` : head;
    }
    case "snoozed":
      return a.until ? t("activity.snoozedUntil", { name, when: shortDateTime(a.until) }) : t("activity.snoozed", { name });
    case "reopened":
      return m.authorName ? t("activity.reopenedBy", { name }) : t("activity.reopened");
    case "priority":
      return t("activity.priorityChange", { name, from: priorityName(a.from), to: priorityName(a.to) });
    case "tags": {
      const parts = [a.added.length ? t("activity.tagsAdded", { tags: quoted(a.added) }) : "", a.removed.length ? t("activity.tagsRemoved", { tags: quoted(a.removed) }) : ""].filter(Boolean);
      return `${name} ${parts.join(t("activity.and"))}`;
    }
    default: {
      const key = `activity.${a.action}`;
      return hasKey(key) ? t(key as MessageKey, { name, agent }) : t("activity.other", { name, action: a.action });
    }
  }
}

export function ActivityLine(props: { message: Message }): JSX.Element {
  const action = () => C.activity(props.message.content).action;
  return (
    <div class="activity" classList={{ "activity-system": props.message.direction !== "activity" }} data-kind={props.message.kind} data-action={action() || undefined}>
      <span class="activity-text">{activityText(props.message)}</span>
      <time class="activity-time">{timeOfDay(props.message.sentAt)}</time>
    </div>
  );
}
