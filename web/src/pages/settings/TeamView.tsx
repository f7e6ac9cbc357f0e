// Supervisors' live team view: everyone with their presence (live from the workspace socket), teams, and how
// many open conversations they carry against their capacity; plus the queue and who is waiting too long.
import { createMemo, For, type JSX, onMount, Show } from "solid-js";
import { Avatar } from "../../components/Avatar";
import { directory, presenceOf } from "../../data/directory";
import { loadList, pageStateOf, type ListFilter } from "../../data/inbox";
import { realtime } from "../../data/realtime";
import { type MessageKey, t } from "../../i18n";
import { tl } from "../../i18n/on-demand";
import { SectionHead } from "./settings-ui";

const OPEN: ListFilter = { assignee: "any", status: "open", teamId: null, tagId: null, priority: null, q: "" };
const MAX_PAGES = 10;

export default function TeamView(): JSX.Element {
  // Open load is counted from the open conversations (up to 500 loaded), unless the directory reports it.
  onMount(async () => {
    for (let i = 0; i < MAX_PAGES; i++) {
      await loadList(OPEN, i > 0);
      if (pageStateOf(OPEN)?.done) break;
    }
  });
  const load = createMemo(() => {
    const counts = new Map<string, number>();
    for (const row of Object.values(realtime.rows)) if (row.status === "open" && row.assigneeId) counts.set(row.assigneeId, (counts.get(row.assigneeId) ?? 0) + 1);
    return counts;
  });
  const people = createMemo(() => directory.agents.filter((a) => a.active).sort((a, b) => a.name.localeCompare(b.name)));
  const byState = (state: string) => people().filter((p) => presenceOf(p.id) === state).length;
  const teamNames = (ids: string[]) => ids.map((id) => directory.teams.find((x) => x.id === id)?.name).filter(Boolean).join(", ");

  return (
    <section>
      <SectionHead title={tl("team.title")} description={tl("team.description")} />
      <div class="stat-row">
        <div class="stat">
          <span class="stat-value ok">{byState("online")}</span>
          <span class="stat-label">{t("presence.online")}</span>
        </div>
        <div class="stat">
          <span class="stat-value warn">{byState("away")}</span>
          <span class="stat-label">{t("presence.away")}</span>
        </div>
        <div class="stat">
          <span class="stat-value">{byState("offline")}</span>
          <span class="stat-label">{tl("presence.offline")}</span>
        </div>
        <div class="stat">
          <span class="stat-value">{realtime.counts?.unassigned ?? "—"}</span>
          <span class="stat-label">{tl("team.queue")}</span>
        </div>
        <div class="stat">
          <span class="stat-value" classList={{ danger: realtime.unattended.length > 0 }}>{realtime.unattended.length}</span>
          <span class="stat-label">{t("nav.unattended")}</span>
        </div>
      </div>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{tl("team.person")}</th>
              <th scope="col">{tl("team.state")}</th>
              <th scope="col">{tl("team.teams")}</th>
              <th scope="col">{tl("team.load")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={people()}>
              {(p) => {
                const open = () => p.openCount ?? load().get(p.id) ?? 0;
                const ratio = () => (p.capacity ? Math.min(1, open() / p.capacity) : 1);
                return (
                  <tr data-agent={p.id}>
                    <td>
                      <div class="person">
                        <Avatar name={p.name} seed={p.id} size="sm" presence={presenceOf(p.id)} />
                        <span>
                          <span class="person-name">{p.name}</span>
                          <span class="person-sub">{tl(`role.${p.role}`)}</span>
                        </span>
                      </div>
                    </td>
                    <td>
                      <span class={`state state-${presenceOf(p.id)}`}>{t(`presence.${presenceOf(p.id)}` as MessageKey)}</span>
                    </td>
                    <td class="muted">{teamNames(p.teamIds) || "—"}</td>
                    <td>
                      <div class="load" title={tl("team.loadHint", { open: open(), capacity: p.capacity })}>
                        <span class="load-bar">
                          <span classList={{ full: open() >= p.capacity }} style={{ width: `${Math.round(ratio() * 100)}%` }} />
                        </span>
                        <span class="load-text">
                          {open()} / {p.capacity}
                        </span>
                      </div>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={!pageStateOf(OPEN)?.done && pageStateOf(OPEN)?.loaded}>
        <p class="muted small">{tl("team.partial")}</p>
      </Show>
    </section>
  );
}
