// The conversation list: search box, then a virtualized list of rows (only the visible ~20 are in the DOM),
// infinite scroll through the API's cursor, and live updates from the realtime store (newest activity on top).
import { createVirtualizer } from "@tanstack/solid-virtual";
import { createEffect, For, type JSX, Match, on, Show, Switch } from "solid-js";
import type { ConversationSummary } from "../../../shared/model";
import { loadList, pageStateOf } from "../data/inbox";
import type { Me } from "../data/types";
import { type MessageKey, t } from "../i18n";
import { filter, search, selectedId, setDrawerOpen, setSearch } from "../pages/inbox-ui";
import { ConversationRow } from "./ConversationRow";
import { Icon } from "./Icon";

const ROW_HEIGHT = 84;
const TITLES: Record<string, MessageKey> = { me: "nav.mine", unassigned: "nav.unassigned", any: "nav.all" };

export function ConversationList(props: { rows: ConversationSummary[]; me: Me; openId?: string; onOpen: (id: string) => void }): JSX.Element {
  let scroller!: HTMLDivElement;
  const virtualizer = createVirtualizer({
    get count() {
      return props.rows.length;
    },
    getScrollElement: () => scroller,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i: number) => props.rows[i]?.id ?? i,
    overscan: 8,
  });

  // Infinite scroll: near the end of what is loaded, ask for the next page of this filter.
  createEffect(() => {
    const items = virtualizer.getVirtualItems();
    const last = items[items.length - 1];
    if (last && last.index >= props.rows.length - 10) void loadList(filter(), true);
  });
  // A new filter starts at the top.
  createEffect(on(filter, () => scroller && (scroller.scrollTop = 0), { defer: true }));
  // Keep the keyboard selection in view.
  createEffect(() => {
    const id = selectedId();
    const index = id ? props.rows.findIndex((r) => r.id === id) : -1;
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "auto" });
  });

  const page = () => pageStateOf(filter());

  return (
    <>
      <header class="list-head">
        <div class="list-title-row">
          <button type="button" class="icon-btn only-narrow" aria-label={t("nav.inbox")} onClick={() => setDrawerOpen(true)}>
            <Icon name="menu" />
          </button>
          <h1 class="list-title">{t(TITLES[filter().assignee]!)}</h1>
          <span class="list-count">{props.rows.length}</span>
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
          <kbd class="search-key" aria-hidden="true">
            /
          </kbd>
        </div>
      </header>
      <div class="list-scroll" ref={scroller} role="list" aria-label={t("list.label")}>
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
              <Show when={search().trim()} fallback={<><p class="list-empty-title">{t("list.empty")}</p><p>{t("list.emptyHint")}</p></>}>
                <p>{t("list.noMatch", { q: search().trim() })}</p>
              </Show>
            </div>
          </Match>
          <Match when={true}>
            <div class="list-inner" style={{ height: `${virtualizer.getTotalSize()}px` }}>
              <For each={virtualizer.getVirtualItems()}>
                {(item) => (
                  <Show when={props.rows[item.index]}>
                    {(row) => (
                      <div class="row-slot" role="listitem" style={{ transform: `translateY(${item.start}px)`, height: `${ROW_HEIGHT}px` }}>
                        <ConversationRow row={row()} me={props.me} open={row().id === props.openId} selected={row().id === selectedId()} />
                      </div>
                    )}
                  </Show>
                )}
              </For>
            </div>
          </Match>
        </Switch>
      </div>
    </>
  );
}
