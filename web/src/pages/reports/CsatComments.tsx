// What customers wrote with their rating, newest first: the score, the words, who had the conversation and a
// link to it, so a supervisor can read the context of a bad rating.
import { A } from "@solidjs/router";
import { createResource, For, type JSX, Show } from "solid-js";
import { agentById } from "../../data/directory";
import { type ReportFilter, reportsApi } from "../../data/reports";
import { t } from "../../i18n";
import { fullDate } from "../../i18n/format";
import { tr } from "../../i18n/reports";
import { reportErrorText } from "./report-errors";

export function CsatComments(props: { filter: ReportFilter }): JSX.Element {
  const [comments] = createResource(
    () => ({ ...props.filter }),
    async (filter) => (await reportsApi.csatComments(filter)).comments.slice().sort((a, b) => b.at - a.at),
  );
  return (
    <section class="report-section" aria-labelledby="csat-comments-title">
      <h2 id="csat-comments-title" class="report-section-title">
        {tr("comments.title")}
      </h2>
      <Show when={!comments.error} fallback={<p class="form-error" role="alert">{reportErrorText(comments.error)}</p>}>
        <Show when={comments.latest} fallback={<p class="muted" role="status">{t("app.loading")}</p>}>
          {(list) => (
            <ul class="csat-comments" role="list">
              <For each={list()} fallback={<p class="empty-line">{tr("comments.none")}</p>}>
                {(c) => (
                  <li class="csat-comment" classList={{ "is-low": c.score <= 2, "is-high": c.score >= 4 }}>
                    <span class="csat-score" aria-label={tr("comments.score", { n: c.score })}>
                      {c.score}
                    </span>
                    <div class="csat-body">
                      <p class="csat-text">{c.comment}</p>
                      <p class="muted small">
                        {fullDate(c.at)}
                        <Show when={agentById(c.agentId)}>{(agent) => <> · {agent().name}</>}</Show>
                        {" · "}
                        <A href={`/c/${encodeURIComponent(c.conversationId)}`}>{tr("comments.open")}</A>
                      </p>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Show>
      </Show>
    </section>
  );
}
