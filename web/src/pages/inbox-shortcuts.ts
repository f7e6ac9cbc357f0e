// Keyboard shortcuts of the inbox: j/k move, Enter opens, c claims, e resolves, r replies, n writes a note,
// / searches, ? shows the list. Ignored while typing in a field (Escape leaves the field instead).
import { onCleanup, onMount } from "solid-js";
import type { ConversationSummary } from "../../../shared/model";
import { focusComposer, selectedId, setClaimTick, setResolveTick, setComposerMode, setSelectedId, setShortcutsOpen, shortcutsOpen } from "./inbox-ui";

const typingIn = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

export function useInboxShortcuts(opts: { rows: () => ConversationSummary[]; openId: () => string | undefined; open: (id: string) => void }): void {
  const move = (delta: number) => {
    const rows = opts.rows();
    if (!rows.length) return;
    const current = selectedId() ?? opts.openId();
    const at = rows.findIndex((r) => r.id === current);
    const next = rows[Math.min(rows.length - 1, Math.max(0, at < 0 ? 0 : at + delta))]!;
    setSelectedId(next.id);
    document.getElementById(`row-${next.id}`)?.focus({ preventScroll: false });
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.metaKey || e.ctrlKey || e.altKey) return;
    if (e.key === "Escape") {
      if (shortcutsOpen()) setShortcutsOpen(false);
      else if (typingIn(e.target)) (e.target as HTMLElement).blur();
      return;
    }
    if (typingIn(e.target) || shortcutsOpen() || document.querySelector("dialog[open]")) return;
    const handled = (() => {
      switch (e.key) {
        case "j":
        case "ArrowDown":
          move(1);
          return true;
        case "k":
        case "ArrowUp":
          move(-1);
          return true;
        case "Enter": {
          // On a focused row (a link) or button, Enter already does the native thing.
          if (e.target instanceof HTMLElement && e.target.closest("button,a")) return false;
          const id = selectedId();
          if (id) opts.open(id);
          return Boolean(id);
        }
        case "c":
          if (!opts.openId()) return false;
          setClaimTick((n) => n + 1);
          return true;
        case "e":
          if (!opts.openId()) return false;
          setResolveTick((n) => n + 1);
          return true;
        case "r":
          setComposerMode("reply");
          focusComposer();
          return true;
        case "n":
          setComposerMode("note");
          focusComposer();
          return true;
        case "/":
          document.getElementById("list-search")?.focus();
          return true;
        case "?":
          setShortcutsOpen(true);
          return true;
        default:
          return false;
      }
    })();
    if (handled) e.preventDefault();
  };
  onMount(() => document.addEventListener("keydown", onKey));
  onCleanup(() => document.removeEventListener("keydown", onKey));
}
