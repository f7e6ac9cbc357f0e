// Teams: who is in each (routing sends a team's conversations to its members; agents see their teams').
// Admins create, rename and change members; supervisors read.
import { createSignal, For, type JSX, Show } from "solid-js";
import { Avatar } from "../../components/Avatar";
import { Icon } from "../../components/Icon";
import { adminApi, thenRefresh } from "../../data/admin";
import { directory, presenceOf } from "../../data/directory";
import type { TeamEntry } from "../../data/types";
import { tl } from "../../i18n/on-demand";
import { useMe } from "../session";
import { ConfirmButton, ErrorLine, FormActions, SectionHead, useSaving } from "./settings-ui";

export default function TeamsSection(): JSX.Element {
  const me = useMe();
  const admin = me.agent.role === "admin";
  const [editing, setEditing] = createSignal<TeamEntry | "new" | null>(null);
  const saving = useSaving();
  const memberNames = (team: TeamEntry) => team.memberIds.map((id) => directory.agents.find((a) => a.id === id)).filter((a) => a !== undefined);
  return (
    <section>
      <SectionHead title={tl("teams.title")} description={admin ? tl("teams.description") : tl("common.readOnly")}>
        <Show when={admin}>
          <button type="button" class="btn btn-primary" onClick={() => setEditing("new")}>
            <Icon name="plus" size={16} />
            {tl("teams.create")}
          </button>
        </Show>
      </SectionHead>
      <ErrorLine error={saving.error()} />
      <Show when={editing() === "new"}>
        <TeamForm onDone={() => setEditing(null)} />
      </Show>
      <div class="cards">
        <For each={directory.teams} fallback={<p class="empty-line">{tl("teams.none")}</p>}>
          {(team) => (
            <Show when={editing() !== team} fallback={<TeamForm team={team} onDone={() => setEditing(null)} />}>
              <article class="card team-card" data-team={team.name}>
                <header class="card-head">
                  <h2 class="card-title"># {team.name}</h2>
                  <Show when={admin}>
                    <button type="button" class="btn btn-ghost btn-sm" onClick={() => setEditing(team)} aria-label={tl("teams.editOf", { name: team.name })}>
                      <Icon name="edit" size={14} />
                      {tl("common.edit")}
                    </button>
                    <ConfirmButton label={tl("teams.deleteOf", { name: team.name })} confirm={tl("teams.confirmDelete")} onConfirm={() => void saving.run(() => thenRefresh(adminApi.deleteTeam(team.id), ["teams", "agents"]))} />
                  </Show>
                </header>
                <ul class="member-list" role="list">
                  <For each={memberNames(team)} fallback={<li class="muted small">{tl("teams.empty")}</li>}>
                    {(agent) => (
                      <li class="person">
                        <Avatar name={agent.name} seed={agent.id} size="sm" presence={presenceOf(agent.id)} />
                        <span class="person-name">{agent.name}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </article>
            </Show>
          )}
        </For>
      </div>
    </section>
  );
}

function TeamForm(props: { team?: TeamEntry; onDone: () => void }): JSX.Element {
  const saving = useSaving();
  const [name, setName] = createSignal(props.team?.name ?? "");
  const [members, setMembers] = createSignal<string[]>(props.team?.memberIds ?? []);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const body = { name: name().trim(), memberIds: members() };
    const ok = await saving.run(() => thenRefresh(props.team ? adminApi.updateTeam(props.team.id, body) : adminApi.createTeam(body), ["teams", "agents"]));
    if (ok) props.onDone();
  }
  return (
    <form class="card form-grid" onSubmit={submit}>
      <h2 class="card-title">{props.team ? tl("teams.edit") : tl("teams.create")}</h2>
      <label class="field">
        <span class="field-label">{tl("teams.name")}</span>
        <input class="input" required maxLength={60} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <fieldset class="field checks">
        <legend class="field-label">{tl("teams.members")}</legend>
        <For each={directory.agents.filter((a) => a.active)}>
          {(agent) => (
            <label class="check">
              <input type="checkbox" checked={members().includes(agent.id)} onChange={(e) => setMembers((m) => (e.currentTarget.checked ? [...m, agent.id] : m.filter((id) => id !== agent.id)))} />
              {agent.name}
            </label>
          )}
        </For>
      </fieldset>
      <ErrorLine error={saving.error()} />
      <FormActions submit={tl("common.save")} disabled={saving.busy() || !name().trim()} onCancel={props.onDone} />
    </form>
  );
}
