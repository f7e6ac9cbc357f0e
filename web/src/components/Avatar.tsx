// A round avatar with initials and a stable colour per person (no images: contacts' photos are not in the API).
import type { JSX } from "solid-js";
import { hueOf, initials } from "../lib/ids";

export function Avatar(props: { name: string | null | undefined; seed: string; size?: "sm" | "md" | "lg"; title?: string }): JSX.Element {
  return (
    <span
      class={`avatar avatar-${props.size ?? "md"}`}
      style={{ "--hue": String(hueOf(props.seed)) }}
      title={props.title}
      aria-hidden={props.title ? undefined : "true"}
    >
      {initials(props.name)}
    </span>
  );
}
