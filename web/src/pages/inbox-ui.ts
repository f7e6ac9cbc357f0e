// View state shared by the inbox's panes (not data): the filters, the search text (debounced into the filter,
// where the server searches), the keyboard selection, the composer's mode and focus requests, dialogs.
// Persisted where an agent expects it (the filters, not the search).
import { createSignal } from "solid-js";
import type { Priority } from "../../../shared/model";
import type { ListFilter } from "../data/inbox";
import type { AssigneeFilter, StatusFilter } from "../data/types";

type Saved = Omit<ListFilter, "q">;
const saved = (() => {
  try {
    return JSON.parse(localStorage.getItem("colmena.filter") ?? "null") as Partial<Saved> | null;
  } catch {
    return null;
  }
})();

const [filters, setFilters] = createSignal<Saved>({
  assignee: saved?.assignee ?? "any",
  status: saved?.status ?? "all",
  teamId: saved?.teamId ?? null,
  tagId: saved?.tagId ?? null,
  priority: saved?.priority ?? null,
});
function update(patch: Partial<Saved>) {
  setFilters((f) => ({ ...f, ...patch }));
  try {
    localStorage.setItem("colmena.filter", JSON.stringify(filters()));
  } catch {
    /* ignore */
  }
}

export const [search, setSearchSignal] = createSignal("");
const [query, setQuery] = createSignal("");
let debounce: ReturnType<typeof setTimeout> | undefined;
const SEARCH_DEBOUNCE_MS = 300;
/** The box updates at once; the server is asked once typing pauses. */
export function setSearch(text: string): void {
  setSearchSignal(text);
  clearTimeout(debounce);
  debounce = setTimeout(() => setQuery(text.trim()), text.trim() ? SEARCH_DEBOUNCE_MS : 0);
}

/** The list's filter, search included. */
export const filter = (): ListFilter => ({ ...filters(), q: query() });
export const setAssignee = (assignee: AssigneeFilter) => update({ assignee });
export const setStatus = (status: StatusFilter) => update({ status });
export const setTeamFilter = (teamId: string | null) => update({ teamId });
export const setTagFilter = (tagId: string | null) => update({ tagId });
export const setPriorityFilter = (priority: Priority | null) => update({ priority });

/** Row highlighted by j/k (may differ from the open one until Enter). */
export const [selectedId, setSelectedId] = createSignal<string | undefined>();
export const [composerMode, setComposerMode] = createSignal<"reply" | "note">("reply");
/** The customer message the next reply quotes (set from its bubble, web/src/components/MessageActions.tsx). */
export const [quoting, setQuoting] = createSignal<{ conversationId: string; messageId: string; wamid: string } | null>(null);
/** Bumped to ask the composer to take focus. */
export const [focusComposerTick, setFocusComposerTick] = createSignal(0);
export const focusComposer = () => setFocusComposerTick((n) => n + 1);
/** Bumped by the `c` shortcut; the open conversation claims when it changes. */
export const [claimTick, setClaimTick] = createSignal(0);
/** Bumped by the `e` shortcut; the open conversation is resolved. */
export const [resolveTick, setResolveTick] = createSignal(0);
export const [shortcutsOpen, setShortcutsOpen] = createSignal(false);
export const [alertsOpen, setAlertsOpen] = createSignal(false);
// Open by default only where it fits beside the conversation (it overlays on narrower screens).
const wide = typeof window !== "undefined" ? window.matchMedia("(min-width: 1181px)") : null;
export const [contactOpen, setContactOpen] = createSignal(wide?.matches ?? false);
wide?.addEventListener("change", (e) => setContactOpen(e.matches));
export const [drawerOpen, setDrawerOpen] = createSignal(false);
/** Conversations claimed from this tab (no desktop alert for one's own action). */
export const claimedHere = new Set<string>();
