// Per person: first response (median), resolutions and CSAT in the report's range — one summary request per
// active person (the same route with agentId), a few at a time so a large team does not flood the Worker.
import { createMemo, createResource, For, type JSX, Show } from "solid-js";
import type { ReportSummary } from "../../../../shared/api/reports";
import { BOT_AGENT_ID } from "../../../../shared/model";
import { Avatar } from "../../components/Avatar";
import { directory } from "../../data/directory";
import { type ReportFilter, reportsApi } from "../../data/reports";
import type { AgentEntry } from "../../data/types";
import { t } from "../../i18n";
import { tr } from "../../i18n/reports";
import { count, humanDuration, score } from "./report-format";

const IN_FLIGHT = 4;
/** Beyond this many people the table would cost more requests than it is worth; the CSV has everyone. */
const MAX_PEOPLE = 40;

export function AgentTable(props: { filter: ReportFilter }): JSX.Element {
  const people = createMemo(() =>
    directory.agents
      .filter((a) => a.active && a.id !== BOT_AGENT_ID)
      .filter((a) => !props.filter.agentId || a.id === props.filter.agentId)
      .filter((a) => !props.filter.teamId || a.teamIds.includes(props.filter.teamId))
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(0, MAX_PEOPLE),
  );
  const [rows] = createResource(
    () => ({ filter: { ...props.filter }, people: people() }),
    async ({ filter, people }) => {
      const out: Array<{ person: AgentEntry; summary: ReportSummary | null }> = people.map((person) => ({ person, summary: null }));
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(IN_FLIGHT, people.length) }, async () => {
          while (next < people.length) {
            const i = next++;
            out[i]!.summary = await reportsApi.summary({ ...filter, agentId: people[i]!.id }).catch(() => null);
          }
        }),
      );
      return out;
    },
  );

  return (
    <section class="report-section" aria-labelledby="agents-title">
      <h2 id="agents-title" class="report-section-title">
        {tr("agents.title")}
      </h2>
      <Show when={rows.latest} fallback={<p class="muted" role="status">{t("app.loading")}</p>}>
        {(list) => (
          <Show when={list().length} fallback={<p class="empty-line">{tr("agents.none")}</p>}>
            <div class="report-table-wrap">
              <table class="report-table">
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
                        <Show when={row.summary} fallback={<td colSpan={3} class="muted">{tr("agents.failed")}</td>}>
                          {(s) => (
                            <>
                              <td class="num">{humanDuration(s().firstResponse.p50Ms)}</td>
                              <td class="num">{count(s().conversations.resolved)}</td>
                              <td class="num">
                                {score(s().csat.score)}
                                <Show when={s().csat.responses}>
                                  <span class="muted small"> ({count(s().csat.responses)})</span>
                                </Show>
                              </td>
                            </>
                          )}
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
