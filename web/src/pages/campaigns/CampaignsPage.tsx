// The campaigns area (supervisors and admins, loaded on demand): every campaign with its status and progress,
// the "Nueva campaña" form, and the selected campaign's live report. Agents get a sentence instead: the API
// would refuse them anyway.
import { A } from "@solidjs/router";
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import type { Campaign } from "../../../../shared/api/campaigns";
import { Icon } from "../../components/Icon";
import { campaignsApi } from "../../data/campaigns";
import { shortDateTime } from "../../i18n/format";
import { tc } from "../../i18n/campaigns";
import "../../styles/campaigns.css";
import { isSupervisorRole, useMe } from "../session";
import { CampaignDetail } from "./CampaignDetail";
import { CampaignForm } from "./CampaignForm";
import { campaignErrorText, doneOf, percent, statusLabel } from "./campaign-view";

export default function CampaignsPage(): JSX.Element {
  const me = useMe();
  return (
    <div class="cmp-page">
      <header class="cmp-head">
        <A href="/" class="cmp-back">
          <Icon name="back" size={16} />
          {tc("back")}
        </A>
        <h1>{tc("title")}</h1>
      </header>
      <Show when={isSupervisorRole(me)} fallback={<p class="empty-line">{tc("notAllowed")}</p>}>
        <Campaigns timeZone={me.workspace.timezone} />
      </Show>
    </div>
  );
}

function Campaigns(props: { timeZone: string }): JSX.Element {
  const [list, { mutate }] = createResource(() => campaignsApi.list());
  const [selected, setSelected] = createSignal<string | null>(null);
  const [creating, setCreating] = createSignal(false);
  /** The report's fresher copy replaces the listed one (the list reads D1, which follows a moment later). */
  const update = (c: Campaign) => mutate((items) => (items?.some((i) => i.id === c.id) ? items.map((i) => (i.id === c.id ? c : i)) : [c, ...(items ?? [])]));

  return (
    <main class="cmp-main">
      <div class="cmp-bar">
        <h2 class="cmp-section-title">{tc("list")}</h2>
        <button type="button" class="btn btn-primary btn-sm" aria-expanded={creating()} onClick={() => setCreating(true)}>
          <Icon name="plus" size={14} />
          {tc("new")}
        </button>
      </div>
      <Show when={creating()}>
        <CampaignForm
          timeZone={props.timeZone}
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            update(c);
            setCreating(false);
            setSelected(c.id);
          }}
        />
      </Show>

      <Show when={selected()} keyed>
        {(id) => <CampaignDetail id={id} onChange={update} onClose={() => setSelected(null)} />}
      </Show>

      <Show when={!list.error} fallback={<p class="form-error" role="alert">{campaignErrorText(list.error)}</p>}>
        <Show when={list.latest} fallback={<p class="muted" role="status">{tc("loading")}</p>}>
          {(items) => (
            <Show when={items().length} fallback={<p class="empty-line">{tc("empty")}</p>}>
              <div class="cmp-table-wrap">
                <table class="cmp-table cmp-list" data-testid="campaign-list">
                  <thead>
                    <tr>
                      <th scope="col">{tc("col.name")}</th>
                      <th scope="col">{tc("col.status")}</th>
                      <th scope="col">{tc("col.template")}</th>
                      <th scope="col">{tc("col.created")}</th>
                      <th scope="col">{tc("col.progress")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={items()}>
                      {(c) => (
                        <tr aria-current={selected() === c.id ? "true" : undefined} data-campaign={c.id}>
                          <td>
                            <button type="button" class="link-btn cmp-open" onClick={() => setSelected(c.id)}>
                              {c.name}
                            </button>
                          </td>
                          <td>
                            <span class={`cmp-status is-${c.status}`}>{statusLabel(c.status)}</span>
                          </td>
                          <td>{`${c.template.name} (${c.template.language})`}</td>
                          <td>{shortDateTime(c.createdAt)}</td>
                          <td>
                            <div class="cmp-progress">
                              <progress max={Math.max(1, c.counts.total)} value={doneOf(c.counts)} aria-label={tc("progressOf", { done: doneOf(c.counts), total: c.counts.total })}>
                                {`${Math.round(percent(doneOf(c.counts), c.counts.total))}%`}
                              </progress>
                              <span class="cmp-progress-text">{tc("progressOf", { done: doneOf(c.counts), total: c.counts.total })}</span>
                            </div>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          )}
        </Show>
      </Show>
    </main>
  );
}
