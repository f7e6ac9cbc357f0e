// A tag as a coloured chip (the tag's own colour as a dot and a tint), optionally removable.
import { type JSX, Show } from "solid-js";
import type { TagEntry } from "../data/types";
import { t } from "../i18n";

export function TagChip(props: { tag: TagEntry; onRemove?: () => void; small?: boolean }): JSX.Element {
  return (
    <span class="tag" classList={{ "tag-sm": props.small }} style={{ "--tag": props.tag.color }} data-tag={props.tag.name}>
      <span class="tag-dot" aria-hidden="true" />
      <span class="tag-name">{props.tag.name}</span>
      <Show when={props.onRemove}>
        <button type="button" class="tag-x" aria-label={t("tags.remove", { name: props.tag.name })} onClick={() => props.onRemove?.()}>
          ×
        </button>
      </Show>
    </span>
  );
}
