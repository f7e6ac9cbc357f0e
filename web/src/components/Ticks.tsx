// Delivery ticks of an outbound message: clock (not yet sent), ✓ sent, ✓✓ delivered, blue ✓✓ read, red ! failed.
import { type JSX, Match, Switch } from "solid-js";
import type { MessageStatus } from "../../../shared/model";
import { type MessageKey, t } from "../i18n";

export function Ticks(props: { status: MessageStatus | "sending" }): JSX.Element {
  const label = () => t(`status.msg.${props.status === "sending" ? "pending" : props.status}` as MessageKey);
  return (
    <span class={`ticks ticks-${props.status}`} role="img" aria-label={label()} title={label()} data-status={props.status}>
      <Switch>
        <Match when={props.status === "pending" || props.status === "accepted" || props.status === "sending"}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.4" />
            <path d="M8 4.8V8l2 1.4" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" />
          </svg>
        </Match>
        <Match when={props.status === "sent"}>
          <svg viewBox="0 0 16 16" width="16" height="14" aria-hidden="true">
            <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
        </Match>
        <Match when={props.status === "delivered" || props.status === "read" || props.status === "played"}>
          <svg viewBox="0 0 20 16" width="19" height="14" aria-hidden="true">
            <path d="M1.5 8.5l3 3 7-7M7.5 11.5l7-7" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
        </Match>
        <Match when={props.status === "failed"}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <circle cx="8" cy="8" r="7" fill="currentColor" />
            <path d="M8 4.5v4.2M8 11.2v.1" stroke="#fff" stroke-width="1.8" stroke-linecap="round" />
          </svg>
        </Match>
      </Switch>
    </span>
  );
}
