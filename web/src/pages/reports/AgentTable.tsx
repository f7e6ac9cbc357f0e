// Per person: first response (median), resolutions and CSAT in the report's range, credited to who acted — one
// request (GET /api/reports/agents) for the whole team; people with nothing in the range show dashes.
import { createMemo, createResource, For, type JSX, Show } from "solid-js";
import type { AgentReportRow } from "../../../../shared/api/reports";
import { BOT_AGENT_ID } from "../../../../shared/model";
import { Avatar } from "../../components/Avatar";
import { directory } from "../../data/directory";
import { type ReportFilter, reportsApi } from "../../data/reports";
import type { AgentEntry } from "../../data/types";
import { t } from "../../i18n";
import { tr } from "../../i18n/reports";
import { count, humanDuration, score } from "./report-format";

export function AgentTable(props: { filter: ReportFilter }): JSX.Element {
  const people = createMemo(() =>
    directory.agents
      .filter((a) => a.active && a.id !== BOT_AGENT_ID)
      .filter((a) => !props.filter.agentId || a.id === props.filter.agentId)
      .filter((a) => !props.filter.teamId || a.teamIds.includes(props.filter.teamId))
      .sort((a, b) => a.name.localeCompare(b.name)),
  );
  const [report] = createResource(() => ({ ...props.filter }), (filter) => reportsApi.agents(filter).catch(() => null));
  const rows = createMemo(() => {
    const r = report.latest;
    if (r === undefined) return undefined;
    const byId = new Map(r?.agents.map((a) => [a.agentId, a]));
    return people().map((person): { person: AgentEntry; row: AgentReportRow | null; failed: boolean } => ({ person, row: byId.get(person.id) ?? null, failed: r === null }));
  });

  return (
    <section class="report-section" aria-labelledby="agents-title">
      <h2 id="agents-title" class="report-section-title">
        {tr("agents.title")}
      </h2>
      <Show when={rows()} fallback={<p class="muted" role="status">{t("app.loading")}</p>}>
        {(list) => (
          <Show when={list().length} fallback={<p class="empty-line">{tr("agents.none")}</p>}>
            <div class="report-table-wrap">
              <table class="table report-table">
                <thead>
                  <tr>
                    <th scope="col">{tr("agents.person")}</th>
                    <th scope="col">{tr("agents.firstResponse")}</th>
                    <th scope="col">{tr("agents.resolved")}</th>
                    <th scope="col">{tr("agents.csat")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>
                    {(row) => (
                      <tr data-agent={row.person.id}>
                        <td>
                          <div class="report-person">
                            <Avatar name={row.person.name} seed={row.person.id} size="sm" />
                            <span>{row.person.name}</span>
                          </div>
                        </td>
                        <Show when={!row.failed} fallback={<td colSpan={3} class="muted">{tr("agents.failed")}</td>}>
                          <td class="num">{humanDuration(row.row?.firstResponse.p50Ms ?? null)}</td>
                          <td class="num">{count(row.row?.resolved ?? 0)}</td>
                          <td class="num">
                            {score(row.row?.csat.score ?? null)}
                            <Show when={row.row?.csat.responses}>
                              <span class="muted small"> ({count(row.row!.csat.responses)})</span>
                            </Show>
                          </td>
                        </Show>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </Show>
    </section>
  );
}
