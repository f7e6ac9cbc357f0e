// One campaign's live report: the counts as cards and a stacked bar, polled every 2 s while it sends or waits for
// its time (stops when it ends or the page is left), why it waits or paused, the actions its status allows, and
// its recipients page by page, filtered by state or by who replied, each linking to its conversation.
import { A } from "@solidjs/router";
import { createSignal, For, type JSX, onCleanup, onMount, Show } from "solid-js";
import type { Campaign, CampaignCounts, CampaignRecipient, RecipientState } from "../../../../shared/api/campaigns";
import { type CampaignAction, campaignsApi, type RecipientFilter } from "../../data/campaigns";
import { fullDate, shortDateTime } from "../../i18n/format";
import { tc } from "../../i18n/campaigns";
import { actionsFor, campaignErrorText, isLive, percent, reasonText, RECIPIENT_STATES, SEGMENTS, statusLabel } from "./campaign-view";

const POLL_MS = 2_000;
const CARDS: ReadonlyArray<keyof CampaignCounts> = ["total", "queued", "sent", "delivered", "read", "failed", "skipped", "replied"];
const PAGE = 50;

export function CampaignDetail(props: { id: string; onChange: (c: Campaign) => void; onClose: () => void }): JSX.Element {
  const [campaign, setCampaign] = createSignal<Campaign | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [filter, setFilter] = createSignal<RecipientFilter>({ state: null, replied: false });
  const [rows, setRows] = createSignal<CampaignRecipient[]>([]);
  const [next, setNext] = createSignal<number | null>(null);
  const [pages, setPages] = createSignal(0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let alive = true;
  onCleanup(() => {
    alive = false;
    clearTimeout(timer);
  });

  function show(c: Campaign) {
    setCampaign(c);
    props.onChange(c);
    clearTimeout(timer);
    if (isLive(c.status)) timer = setTimeout(() => void poll(), POLL_MS);
  }
  async function poll() {
    try {
      const c = await campaignsApi.get(props.id);
      if (!alive) return;
      setError(null);
      show(c);
      // The first page follows the campaign as it runs; further pages stay as loaded.
      if (pages() <= 1) void loadRecipients(true);
    } catch (err) {
      if (!alive) return;
      setError(campaignErrorText(err));
      if (isLive(campaign()?.status ?? "running")) timer = setTimeout(() => void poll(), POLL_MS);
    }
  }
  async function loadRecipients(fresh: boolean) {
    const f = filter();
    try {
      const page = await campaignsApi.recipients(props.id, f, fresh ? 0 : (next() ?? 0), PAGE);
      if (!alive || f !== filter()) return;
      setRows((old) => (fresh ? page.items : [...old, ...page.items]));
      setNext(page.next);
      setPages((n) => (fresh ? 1 : n + 1));
    } catch (err) {
      if (alive) setError(campaignErrorText(err));
    }
  }
  onMount(() => void poll());

  function changeFilter(change: Partial<RecipientFilter>) {
    setFilter((f) => ({ ...f, ...change }));
    setPages(0);
    void loadRecipients(true);
  }
  async function act(action: CampaignAction) {
    const c = campaign();
    if (!c) return;
    if (action === "cancel" && !window.confirm(tc("action.confirmCancel", { name: c.name }))) return;
    setBusy(true);
    setError(null);
    try {
      show(await campaignsApi.act(c.id, action));
      void loadRecipients(true);
    } catch (err) {
      setError(campaignErrorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="cmp-detail" aria-labelledby="cmp-detail-title">
      <Show when={campaign()} fallback={<p class="muted" role="status">{error() ?? tc("loading")}</p>}>
        {(c) => (
          <>
            <div class="cmp-detail-head">
              <h2 id="cmp-detail-title">{tc("detail.report", { name: c().name })}</h2>
              <span class={`cmp-status is-${c().status}`} data-testid="campaign-status">
                {statusLabel(c().status)}
              </span>
              <button type="button" class="btn btn-ghost btn-sm cmp-close" onClick={() => props.onClose()}>
                {tc("detail.close")}
              </button>
            </div>
            <p class="muted small">
              {[
                tc("detail.created", { when: fullDate(c().createdAt) }),
                c().scheduledAt && c().status === "scheduled" ? tc("detail.scheduledFor", { when: fullDate(c().scheduledAt!) }) : null,
                c().startedAt ? tc("detail.startedAt", { when: fullDate(c().startedAt!) }) : null,
                c().finishedAt ? tc("detail.finishedAt", { when: fullDate(c().finishedAt!) }) : null,
                `${c().template.name} (${c().template.language}) · ${c().template.category}`,
              ]
                .filter(Boolean)
                .join(" · ")}
              <Show when={isLive(c().status)}> · {tc("detail.live")}</Show>
            </p>

            <Show when={c().waiting}>{(w) => <p class="cmp-notice" role="status">{tc("detail.waiting", { when: shortDateTime(w().until) })}</p>}</Show>
            <Show when={c().status === "paused" && c().pausedReason}>{(reason) => <p class="cmp-notice is-bad" role="status">{tc("detail.paused", { reason: reason() })}</p>}</Show>

            <div class="cmp-cards" role="status" aria-live="polite" data-testid="campaign-cards">
              <For each={CARDS}>
                {(key) => (
                  <div class={`cmp-card is-${key}`} data-count={key}>
                    <span class="cmp-card-label">{tc(`card.${key}`)}</span>
                    <span class="cmp-card-value">{c().counts[key]}</span>
                  </div>
                )}
              </For>
            </div>
            <div class="cmp-stack" role="img" aria-label={SEGMENTS.map((s) => `${tc(`card.${s}`)}: ${c().counts[s]}`).join(", ")}>
              <For each={SEGMENTS}>{(s) => <span class={`cmp-seg is-${s}`} style={{ width: `${percent(c().counts[s], c().counts.total)}%` }} />}</For>
            </div>
            <ul class="cmp-legend" aria-hidden="true">
              <For each={SEGMENTS}>{(s) => <li class={`is-${s}`}>{tc(`card.${s}`)}</li>}</For>
            </ul>

            <div class="cmp-actions">
              <For each={actionsFor(c().status)}>
                {(action) => (
                  <button type="button" class={action === "cancel" ? "btn btn-danger btn-sm" : "btn btn-secondary btn-sm"} disabled={busy()} onClick={() => void act(action)}>
                    {tc(`action.${action}`)}
                  </button>
                )}
              </For>
            </div>
            <Show when={error()}>{(message) => <p class="form-error" role="alert">{message()}</p>}</Show>

            <div class="cmp-rcpt-head">
              <h3>{tc("rcpt.title")}</h3>
              <label class="cmp-inline">
                <span>{tc("rcpt.state")}</span>
                <select class="select select-sm" name="state" value={filter().state ?? ""} onChange={(e) => changeFilter({ state: (e.currentTarget.value || null) as RecipientState | null })}>
                  <option value="">{tc("rcpt.any")}</option>
                  <For each={RECIPIENT_STATES}>{(s) => <option value={s}>{tc(`state.${s}`)}</option>}</For>
                </select>
              </label>
              <label class="cmp-check">
                <input type="checkbox" name="replied" checked={filter().replied} onChange={(e) => changeFilter({ replied: e.currentTarget.checked })} />
                <span>{tc("rcpt.replied")}</span>
              </label>
            </div>
            <Show when={rows().length} fallback={<p class="empty-line">{tc("rcpt.none")}</p>}>
              <div class="cmp-table-wrap">
                <table class="cmp-table" data-testid="campaign-recipients">
                  <thead>
                    <tr>
                      <th scope="col">{tc("rcpt.contact")}</th>
                      <th scope="col">{tc("rcpt.phone")}</th>
                      <th scope="col">{tc("rcpt.state")}</th>
                      <th scope="col">{tc("rcpt.reason")}</th>
                      <th scope="col">{tc("rcpt.updated")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={rows()}>
                      {(r) => (
                        <tr data-state={r.state}>
                          <td>
                            <Show when={r.conversationId} fallback={r.name ?? r.phone}>
                              {(id) => (
                                <A href={`/c/${id()}`} title={tc("rcpt.open")}>
                                  {r.name ?? r.phone}
                                </A>
                              )}
                            </Show>
                          </td>
                          <td>{r.phone}</td>
                          <td>
                            <span class={`cmp-state is-${r.state}`}>{tc(`state.${r.state}`)}</span>
                            <Show when={r.repliedAt}>{(at) => <span class="cmp-replied">{tc("rcpt.repliedAt", { when: shortDateTime(at()) })}</span>}</Show>
                          </td>
                          <td>{r.state === "failed" || r.state === "skipped" || r.errorCode ? reasonText(r.reason, r.errorCode) : ""}</td>
                          <td>{shortDateTime(r.updatedAt)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <Show when={next() !== null}>
                <button type="button" class="btn btn-secondary btn-sm" onClick={() => void loadRecipients(false)}>
                  {tc("rcpt.more")}
                </button>
              </Show>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
