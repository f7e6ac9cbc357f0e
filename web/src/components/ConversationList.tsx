// The conversation list: search box (the server searches once typing pauses), active filters, then a windowed
// list of fixed-height rows (only the visible ~20 are in the DOM), infinite scroll through the API's cursor,
// and live updates from the realtime store (newest activity on top).
import { createEffect, createMemo, createSignal, For, type JSX, lazy, Match, on, onCleanup, onMount, Show, Suspense, Switch } from "solid-js";
import type { ConversationSummary } from "../../../shared/model";
import { teamById, tagById } from "../data/directory";
import { loadList, pageStateOf } from "../data/inbox";
import type { Me } from "../data/types";
import { type MessageKey, t } from "../i18n";
import { filter, search, selectedId, setDrawerOpen, setPriorityFilter, setSearch, setStatus, setTagFilter } from "../pages/inbox-ui";
import { ConversationRow } from "./ConversationRow";
import { Icon } from "./Icon";

const NewConversationDialog = lazy(() => import("./NewConversationDialog"));

// Also .row-slot's height in app.css: a constant style would be compiled into the HTML template as a style
// attribute, which the inbox's CSP (style-src 'self') blocks.
const ROW_HEIGHT = 84;
const OVERSCAN = 6;
const TITLES: Record<string, MessageKey> = { me: "nav.mine", unassigned: "nav.unassigned", any: "nav.all" };

export function ConversationList(props: { rows: ConversationSummary[]; me: Me; openId?: string; onOpen: (id: string) => void }): JSX.Element {
  let scroller!: HTMLDivElement;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [viewport, setViewport] = createSignal(720);
  const [starting, setStarting] = createSignal(false);
  onMount(() => {
    const observer = new ResizeObserver(() => setViewport(scroller.clientHeight));
    observer.observe(scroller);
    onCleanup(() => observer.disconnect());
  });
  /** The slice of rows in (or near) view. */
  const visible = createMemo(() => {
    const start = Math.max(0, Math.floor(scrollTop() / ROW_HEIGHT) - OVERSCAN);
    const end = Math.min(props.rows.length, Math.ceil((scrollTop() + viewport()) / ROW_HEIGHT) + OVERSCAN);
    return { start, rows: props.rows.slice(start, end) };
  });

  // Infinite scroll: near the end of what is loaded, ask for the next page of this filter.
  createEffect(() => {
    const w = visible();
    if (props.rows.length && w.start + w.rows.length >= props.rows.length - 10) void loadList(filter(), true);
  });
  // A new filter starts at the top.
  createEffect(on(() => JSON.stringify(filter()), () => scroller && (scroller.scrollTop = 0), { defer: true }));
  // Keep the keyboard selection in view.
  createEffect(() => {
    const id = selectedId();
    const index = id ? props.rows.findIndex((r) => r.id === id) : -1;
    if (index < 0 || !scroller) return;
    const top = index * ROW_HEIGHT;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW_HEIGHT - scroller.clientHeight;
  });

  const page = () => pageStateOf(filter());
  const title = () => teamById(filter().teamId)?.name ?? t(TITLES[filter().assignee]!);
  const active = () => {
    const f = filter();
    const chips: Array<{ label: string; clear: () => void }> = [];
    if (f.status !== "all") chips.push({ label: t(`status.${f.status}` as MessageKey), clear: () => setStatus("all") });
    if (f.tagId) chips.push({ label: tagById(f.tagId)?.name ?? "…", clear: () => setTagFilter(null) });
    if (f.priority) chips.push({ label: t(`priority.${f.priority}` as MessageKey), clear: () => setPriorityFilter(null) });
    return chips;
  };

  return (
    <>
      <header class="list-head">
        <div class="list-title-row">
          <button type="button" class="icon-btn only-narrow" aria-label={t("nav.inbox")} onClick={() => setDrawerOpen(true)}>
            <Icon name="menu" />
          </button>
          <h1 class="list-title">{title()}</h1>
          <span class="list-count">{props.rows.length}</span>
          <button type="button" class="icon-btn list-new" aria-label={t("list.new")} title={t("list.new")} onClick={() => setStarting(true)}>
            <Icon name="plus" />
          </button>
        </div>
        <div class="search">
          <Icon name="search" size={16} />
          <label for="list-search" class="sr-only">
            {t("list.search")}
          </label>
          <input
            id="list-search"
            type="search"
            placeholder={t("list.searchPlaceholder")}
            value={search()}
            onInput={(e) => setSearch(e.currentTarget.value)}
            autocomplete="off"
          />
          <Show when={page()?.loading && filter().q} fallback={<kbd class="search-key" aria-hidden="true">/</kbd>}>
            <span class="spinner" role="status" aria-label={t("list.searching")} />
          </Show>
        </div>
        <Show when={active().length}>
          <div class="active-filters">
            <For each={active()}>
              {(chip) => (
                <button type="button" class="chip chip-filter" onClick={chip.clear} aria-label={t("list.clearFilter", { name: chip.label })}>
                  {chip.label} <span aria-hidden="true">×</span>
                </button>
              )}
            </For>
          </div>
        </Show>
      </header>
      <Show when={starting()}>
        <Suspense>
          <NewConversationDialog me={props.me} onClose={() => setStarting(false)} />
        </Suspense>
      </Show>
      <div class="list-scroll" ref={scroller} role="list" aria-label={t("list.label")} onScroll={() => setScrollTop(scroller.scrollTop)}>
        <Switch>
          <Match when={props.rows.length === 0 && page()?.error}>
            <div class="list-empty">
              <p>{t("list.loadError")}</p>
              <button type="button" class="btn btn-secondary" onClick={() => void loadList(filter())}>
                {t("list.retry")}
              </button>
            </div>
          </Match>
          <Match when={props.rows.length === 0 && (!page() || page()!.loading)}>
            <div class="list-skeleton" role="status" aria-label={t("list.loading")}>
              <For each={[0, 1, 2, 3, 4, 5]}>{() => <div class="skeleton-row" />}</For>
            </div>
          </Match>
          <Match when={props.rows.length === 0}>
            <div class="list-empty">
              <Show when={filter().q} fallback={<><p class="list-empty-title">{t("list.empty")}</p><p>{t("list.emptyHint")}</p></>}>
                <p>{t("list.noMatch", { q: filter().q })}</p>
              </Show>
            </div>
          </Match>
          <Match when={true}>
            <div class="list-inner" style={{ height: `${props.rows.length * ROW_HEIGHT}px` }}>
              <For each={visible().rows}>
                {(row, i) => (
                  <div class="row-slot" role="listitem" style={{ transform: `translateY(${(visible().start + i()) * ROW_HEIGHT}px)` }}>
                    <ConversationRow row={row} me={props.me} open={row.id === props.openId} selected={row.id === selectedId()} />
                  </div>
                )}
              </For>
            </div>
          </Match>
        </Switch>
      </div>
    </>
  );
}
