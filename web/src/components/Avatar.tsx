// A round avatar with initials and a stable colour per person (no images: contacts' photos are not in the API),
// optionally with a presence dot (online green, away amber, offline grey) for teammates.
import { type JSX, Show } from "solid-js";
import { BOT_AGENT_ID } from "../../../shared/model";
import { Icon } from "./Icon";
import type { PresenceState } from "../../../shared/protocol";
import { hueOf, initials } from "../lib/ids";

export function Avatar(props: { name: string | null | undefined; seed: string; size?: "sm" | "md" | "lg"; title?: string; presence?: PresenceState }): JSX.Element {
  return (
    <span
      class={`avatar avatar-${props.size ?? "md"}`}
      style={{ "--hue": String(hueOf(props.seed)) }}
      title={props.title}
      aria-hidden={props.title ? undefined : "true"}
    >
      {/* The AI assistant wears its own face, so the bot's conversations read as the bot's at a glance. */}
      <Show when={props.seed === BOT_AGENT_ID} fallback={initials(props.name)}>
        <Icon name="bot" size={props.size === "sm" ? 12 : 16} />
      </Show>
      <Show when={props.presence}>{(p) => <span class={`presence-dot is-${p()}`} aria-hidden="true" />}</Show>
    </span>
  );
}
