// View state shared by the inbox's panes (not data): the filter, the search text, the keyboard selection,
// the composer's mode and focus requests, dialogs. Persisted where an agent expects it (filter).
import { createSignal } from "solid-js";
import type { AssigneeFilter, StatusFilter } from "../data/types";

const saved = (() => {
  try {
    return JSON.parse(localStorage.getItem("colmena.filter") ?? "null") as { assignee: AssigneeFilter; status: StatusFilter } | null;
  } catch {
    return null;
  }
})();

const [assignee, setAssigneeSignal] = createSignal<AssigneeFilter>(saved?.assignee ?? "any");
const [status, setStatusSignal] = createSignal<StatusFilter>(saved?.status ?? "all");
function persist() {
  try {
    localStorage.setItem("colmena.filter", JSON.stringify({ assignee: assignee(), status: status() }));
  } catch {
    /* ignore */
  }
}
export const filter = () => ({ assignee: assignee(), status: status() });
export function setAssignee(a: AssigneeFilter) {
  setAssigneeSignal(a);
  persist();
}
export function setStatus(s: StatusFilter) {
  setStatusSignal(s);
  persist();
}

export const [search, setSearch] = createSignal("");
/** Row highlighted by j/k (may differ from the open one until Enter). */
export const [selectedId, setSelectedId] = createSignal<string | undefined>();
export const [composerMode, setComposerMode] = createSignal<"reply" | "note">("reply");
/** Bumped to ask the composer to take focus. */
export const [focusComposerTick, setFocusComposerTick] = createSignal(0);
export const focusComposer = () => setFocusComposerTick((n) => n + 1);
/** Bumped by the `c` shortcut; the open conversation claims when it changes. */
export const [claimTick, setClaimTick] = createSignal(0);
export const [shortcutsOpen, setShortcutsOpen] = createSignal(false);
// Open by default only where it fits beside the conversation (it overlays on narrower screens).
const wide = typeof window !== "undefined" ? window.matchMedia("(min-width: 1181px)") : null;
export const [contactOpen, setContactOpen] = createSignal(wide?.matches ?? false);
wide?.addEventListener("change", (e) => setContactOpen(e.matches));
export const [drawerOpen, setDrawerOpen] = createSignal(false);
/** Conversations claimed from this tab (no desktop alert for one's own action). */
export const claimedHere = new Set<string>();
