// Admins: everyone in the workspace — role, capacity (how many open conversations the router gives them) and
// teams — deactivating and reactivating accounts, and inviting someone new (a link to copy and send).
import { createSignal, For, type JSX, Show } from "solid-js";
import type { Role } from "../../../../shared/model";
import { Avatar } from "../../components/Avatar";
import { Icon } from "../../components/Icon";
import { Popover } from "../../components/Popover";
import { adminApi, thenRefresh } from "../../data/admin";
import { directory, presenceOf } from "../../data/directory";
import type { AgentEntry, InviteCreated } from "../../data/types";
import { fullDate } from "../../i18n/format";
import { tl } from "../../i18n/on-demand";
import { useMe } from "../session";
import { ConfirmButton, CopyField, ErrorLine, FormActions, SectionHead, useSaving } from "./settings-ui";

const ROLES: Role[] = ["agent", "supervisor", "admin"];

export default function PeopleSection(): JSX.Element {
  const me = useMe();
  const saving = useSaving();
  const [inviting, setInviting] = createSignal(false);
  /** The last password reset link made here (shown once, to hand over). */
  const [resetLink, setResetLink] = createSignal<{ name: string; url: string; expiresAt: number } | null>(null);
  const makeResetLink = (p: AgentEntry) => saving.run(async () => setResetLink({ name: p.name, ...(await adminApi.resetLink(p.id)) }));
  const people = () => [...directory.agents].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
  const patch = (agent: AgentEntry, body: Parameters<typeof adminApi.patchAgent>[1]) => saving.run(() => thenRefresh(adminApi.patchAgent(agent.id, body), ["agents", "teams"]));

  return (
    <section>
      <SectionHead title={tl("people.title")} description={tl("people.description")}>
        <button type="button" class="btn btn-primary" onClick={() => setInviting(true)}>
          <Icon name="plus" size={16} />
          {tl("people.invite")}
        </button>
      </SectionHead>
      <Show when={inviting()}>
        <InviteForm onClose={() => setInviting(false)} />
      </Show>
      <ErrorLine error={saving.error()} />
      <Show when={resetLink()}>
        {(link) => (
          <div class="card invite-done" role="status">
            <p class="muted">{tl("people.resetReady", { name: link().name, date: fullDate(link().expiresAt) })}</p>
            <CopyField value={link().url} label={tl("people.resetLink")} copy={tl("people.copy")} />
          </div>
        )}
      </Show>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{tl("team.person")}</th>
              <th scope="col">{tl("people.role")}</th>
              <th scope="col">{tl("people.capacity")}</th>
              <th scope="col">{tl("team.teams")}</th>
              <th scope="col">
                <span class="sr-only">{tl("people.account")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={people()}>
              {(p) => (
                <tr classList={{ "is-inactive": !p.active }} data-agent={p.id}>
                  <td>
                    <div class="person">
                      <Avatar name={p.name} seed={p.id} size="sm" presence={p.active ? presenceOf(p.id) : undefined} />
                      <span>
                        <span class="person-name">{p.name}</span>
                        <span class="person-sub">{p.email}</span>
                      </span>
                    </div>
                  </td>
                  <td>
                    <select class="select select-sm" aria-label={tl("people.roleOf", { name: p.name })} value={p.role} disabled={!p.active || p.id === me.agent.id || saving.busy()} onChange={(e) => void patch(p, { role: e.currentTarget.value as Role })}>
                      <For each={ROLES}>{(r) => <option value={r}>{tl(`role.${r}`)}</option>}</For>
                    </select>
                  </td>
                  <td>
                    <input
                      class="input input-num"
                      type="number"
                      min="0"
                      max="200"
                      aria-label={tl("people.capacityOf", { name: p.name })}
                      value={p.capacity}
                      disabled={!p.active || saving.busy()}
                      onChange={(e) => {
                        const value = Number(e.currentTarget.value);
                        if (Number.isInteger(value) && value >= 0 && value <= 200) void patch(p, { capacity: value });
                      }}
                    />
                  </td>
                  <td>
                    <TeamPicker
                      label={tl("people.teamsOf", { name: p.name })}
                      selected={p.teamIds}
                      disabled={!p.active || saving.busy()}
                      onChange={(teamIds) => void patch(p, { teamIds })}
                    />
                  </td>
                  <td class="cell-actions">
                    <Show when={p.id !== me.agent.id}>
                      <Show
                        when={p.active}
                        fallback={
                          <button type="button" class="btn btn-secondary btn-sm" disabled={saving.busy()} onClick={() => void saving.run(() => thenRefresh(adminApi.reactivate(p.id), ["agents"]))}>
                            {tl("people.reactivate")}
                          </button>
                        }
                      >
                        <button type="button" class="btn btn-ghost btn-sm" disabled={saving.busy()} onClick={() => void makeResetLink(p)}>
                          {tl("people.resetLink")}
                        </button>
                        <ConfirmButton label={tl("people.reset2fa")} text={tl("people.reset2fa")} confirm={tl("people.confirmReset2fa")} yes={tl("people.yesReset2fa")} disabled={saving.busy()} onConfirm={() => void saving.run(() => adminApi.resetTwoFactor(p.id))} />
                        <button type="button" class="btn btn-ghost btn-sm danger" disabled={saving.busy()} onClick={() => void saving.run(() => thenRefresh(adminApi.deactivate(p.id), ["agents"]))} title={tl("people.deactivateHint")}>
                          {tl("people.deactivate")}
                        </button>
                      </Show>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Teams as a checklist in a popover; the trigger lists the chosen names. */
export function TeamPicker(props: { label: string; selected: string[]; disabled?: boolean; onChange: (teamIds: string[]) => void }): JSX.Element {
  const names = () => props.selected.map((id) => directory.teams.find((t) => t.id === id)?.name).filter(Boolean).join(", ");
  return (
    <Popover label={props.label} triggerClass="btn btn-secondary btn-sm team-picker" disabled={props.disabled} trigger={<><span class="team-picker-text">{names() || tl("people.noTeams")}</span><Icon name="chevron" size={14} /></>}>
      {() => (
        <Show when={directory.teams.length} fallback={<p class="popover-empty">{tl("teams.none")}</p>}>
          <ul class="menu" role="list">
            <For each={directory.teams}>
              {(team) => (
                <li>
                  <label class="menu-item menu-check">
                    <input
                      type="checkbox"
                      checked={props.selected.includes(team.id)}
                      onChange={(e) => props.onChange(e.currentTarget.checked ? [...props.selected, team.id] : props.selected.filter((id) => id !== team.id))}
                    />
                    {team.name}
                  </label>
                </li>
              )}
            </For>
          </ul>
        </Show>
      )}
    </Popover>
  );
}

function InviteForm(props: { onClose: () => void }): JSX.Element {
  const saving = useSaving();
  const [teamIds, setTeamIds] = createSignal<string[]>([]);
  const [created, setCreated] = createSignal<InviteCreated | null>(null);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const result = await saving.run(() =>
      adminApi.invite({ email: String(form.get("email")), name: String(form.get("name")), role: String(form.get("role")) as Role, teamIds: teamIds() }),
    );
    if (result) setCreated(result);
  }
  return (
    <div class="card invite">
      <Show
        when={created()}
        fallback={
          <form class="form-grid" onSubmit={submit}>
            <h2 class="card-title">{tl("people.inviteTitle")}</h2>
            <label class="field">
              <span class="field-label">{tl("people.name")}</span>
              <input class="input" name="name" required maxLength={80} autocomplete="off" />
            </label>
            <label class="field">
              <span class="field-label">{tl("people.email")}</span>
              <input class="input" name="email" type="email" required autocomplete="off" />
            </label>
            <label class="field">
              <span class="field-label">{tl("people.role")}</span>
              <select class="select" name="role">
                <For each={ROLES}>{(r) => <option value={r}>{tl(`role.${r}`)}</option>}</For>
              </select>
            </label>
            <div class="field">
              <span class="field-label">{tl("team.teams")}</span>
              <TeamPicker label={tl("team.teams")} selected={teamIds()} onChange={setTeamIds} />
            </div>
            <ErrorLine error={saving.error()} />
            <FormActions submit={tl("people.createInvite")} disabled={saving.busy()} onCancel={props.onClose} />
          </form>
        }
      >
        {(invite) => (
          <div class="invite-done">
            <h2 class="card-title">{tl("people.inviteReady")}</h2>
            <p class="muted">{tl("people.inviteHint", { date: fullDate(invite().expiresAt) })}</p>
            <CopyField value={invite().url} label={tl("people.inviteLink")} copy={tl("people.copy")} />
            <div class="form-actions">
              <button type="button" class="btn btn-secondary" onClick={() => props.onClose()}>
                {tl("common.done")}
              </button>
            </div>
          </div>
        )}
      </Show>
    </div>
  );
}
