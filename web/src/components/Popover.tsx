// A small anchored menu: a trigger button and a panel under it. Closes on Escape (focus back on the trigger),
// on a click outside, and when an item calls `close`. Used by the snooze, tag and priority menus.
import { createSignal, type JSX, onCleanup, Show } from "solid-js";

export function Popover(props: {
  label: string;
  /** The trigger's content (icon and text). */
  trigger: JSX.Element;
  triggerClass?: string;
  title?: string;
  align?: "start" | "end";
  disabled?: boolean;
  children: (close: () => void) => JSX.Element;
}): JSX.Element {
  const [open, setOpen] = createSignal(false);
  let root!: HTMLDivElement;
  let button!: HTMLButtonElement;
  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) button?.focus();
  };
  const onDocClick = (e: MouseEvent) => open() && !root.contains(e.target as Node) && close(false);
  document.addEventListener("mousedown", onDocClick);
  onCleanup(() => document.removeEventListener("mousedown", onDocClick));
  return (
    <div
      class="popover"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open()) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        class={props.triggerClass ?? "btn btn-secondary btn-sm"}
        aria-haspopup="true"
        aria-expanded={open()}
        aria-label={props.label}
        title={props.title ?? props.label}
        disabled={props.disabled}
        onClick={() => setOpen(!open())}
      >
        {props.trigger}
      </button>
      <Show when={open()}>
        <div class="popover-panel" classList={{ "align-end": props.align === "end" }} role="group" aria-label={props.label}>
          {props.children(() => close())}
        </div>
      </Show>
    </div>
  );
}
