// Transfer (to a person or a team, with an optional note the receiver sees) and, for supervisors, Assign
// (to a person or to nobody). People show their presence, so nobody hands a customer to someone who is away.
import { createMemo, createSignal, For, type JSX, onMount, Show } from "solid-js";
import type { ConversationState } from "../../../shared/model";
import type { PresenceState } from "../../../shared/protocol";
import { assistAvailable, assistText } from "../data/assist";
import { directory, presenceOf } from "../data/directory";
import { t } from "../i18n";
import type { Me } from "../data/types";
import type { MessageKey } from "../i18n";
import { tl } from "../i18n/on-demand";
import { matchPeople } from "../lib/mentions";
import { Avatar } from "./Avatar";
import type { ConversationActions } from "./conversation-actions";
import { ErrorLine } from "./ErrorLine";

type Target = { kind: "agent"; id: string; name: string } | { kind: "team"; id: string; name: string } | { kind: "nobody" };
const RANK: Record<PresenceState, number> = { online: 0, away: 1, offline: 2 };

export default function TransferDialog(props: { mode: "transfer" | "assign"; conversation: ConversationState; me: Me; actions: ConversationActions; onClose: () => void }): JSX.Element {
  let dialog!: HTMLDialogElement;
  let searchBox!: HTMLInputElement;
  onMount(() => {
    dialog.showModal();
    searchBox.focus();
  });
  const [query, setQuery] = createSignal("");
  const [target, setTarget] = createSignal<Target | null>(null);
  const [note, setNote] = createSignal("");
  const [summarizing, setSummarizing] = createSignal(false);
  /** Model mode: the assistant writes the transfer note (a summary for whoever receives it), for the agent to edit. */
  const summarize = async () => {
    setSummarizing(true);
    try {
      setNote((await assistText(props.conversation.id, { task: "summarize" })).slice(0, 2000));
    } catch {
      /* the note stays as it was; the agent writes it */
    } finally {
      setSummarizing(false);
    }
  };
  const transfer = () => props.mode === "transfer";

  const people = createMemo(() =>
    matchPeople(directory.agents.filter((a) => a.active && a.id !== props.conversation.assigneeId), query()).sort(
      (a, b) => RANK[presenceOf(a.id)] - RANK[presenceOf(b.id)] || a.name.localeCompare(b.name),
    ),
  );
  const teams = createMemo(() => (transfer() ? matchPeople(directory.teams, query()) : []));
  const isChosen = (kind: Target["kind"], id?: string) => {
    const current = target();
    return current?.kind === kind && (kind === "nobody" || (current as { id: string }).id === id);
  };
  const submitLabel = () => {
    const current = target();
    if (!current) return transfer() ? tl("transfer.submit") : tl("assign.submit");
    if (current.kind === "nobody") return tl("assign.toNobody");
    return tl(transfer() ? "transfer.submitTo" : "assign.submitTo", { name: current.name });
  };

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const current = target();
    if (!current) return;
    const done =
      current.kind === "nobody"
        ? await props.actions.assign(null)
        : transfer()
          ? await props.actions.transfer({ ...(current.kind === "agent" ? { agentId: current.id } : { teamId: current.id }), ...(note().trim() ? { note: note().trim() } : {}) }, current.name)
          : await props.actions.assign(current.id, current.name);
    if (done) dialog.close();
  }

  return (
    <dialog ref={dialog} class="dialog dialog-wide" aria-labelledby="transfer-title" onClose={() => props.onClose()}>
      <form onSubmit={submit}>
        <header class="dialog-head">
          <h2 id="transfer-title">{transfer() ? tl("transfer.title") : tl("assign.title")}</h2>
          <button type="button" class="btn btn-ghost" onClick={() => dialog.close()}>
            {tl("dialog.cancel")}
          </button>
        </header>
        <div class="dialog-body">
          <label class="field">
            <span class="sr-only">{tl("transfer.search")}</span>
            <input ref={searchBox} class="input" type="search" placeholder={tl("transfer.search")} value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
          </label>
          <div class="pick-scroll">
            <Show when={!transfer()}>
              <button type="button" class="pick" aria-pressed={isChosen("nobody")} onClick={() => setTarget({ kind: "nobody" })}>
                <span class="pick-main">
                  <span class="pick-name">{tl("assign.nobody")}</span>
                  <span class="pick-sub">{tl("assign.nobodyHint")}</span>
                </span>
              </button>
            </Show>
            <Show when={people().length}>
              <div class="pick-title">{tl("transfer.people")}</div>
              <For each={people()}>
                {(agent) => (
                  <button type="button" class="pick" aria-pressed={isChosen("agent", agent.id)} onClick={() => setTarget({ kind: "agent", id: agent.id, name: agent.name })} data-agent={agent.id}>
                    <Avatar name={agent.name} seed={agent.id} size="sm" presence={presenceOf(agent.id)} />
                    <span class="pick-main">
                      <span class="pick-name">
                        {agent.name}
                        <Show when={agent.id === props.me.agent.id}> {tl("transfer.you")}</Show>
                      </span>
                      <span class="pick-sub">
                        {tl(`presence.${presenceOf(agent.id)}` as MessageKey)}
                        <Show when={agent.teamIds.length}> · {agent.teamIds.map((id) => directory.teams.find((tm) => tm.id === id)?.name).filter(Boolean).join(", ")}</Show>
                      </span>
                    </span>
                  </button>
                )}
              </For>
            </Show>
            <Show when={teams().length}>
              <div class="pick-title">{tl("transfer.teams")}</div>
              <For each={teams()}>
                {(team) => (
                  <button type="button" class="pick" aria-pressed={isChosen("team", team.id)} onClick={() => setTarget({ kind: "team", id: team.id, name: team.name })}>
                    <span class="team-avatar" aria-hidden="true">#</span>
                    <span class="pick-main">
                      <span class="pick-name">{team.name}</span>
                      <span class="pick-sub">{tl("transfer.teamHint", { n: team.memberIds.length })}</span>
                    </span>
                  </button>
                )}
              </For>
            </Show>
            <Show when={!people().length && !teams().length}>
              <p class="empty-line">{tl("transfer.noMatch")}</p>
            </Show>
          </div>
          <Show when={transfer()}>
            <label class="field">
              <span class="field-label">{tl("transfer.note")}</span>
              <textarea rows="3" maxLength={2000} placeholder={tl("transfer.notePlaceholder")} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
            </label>
            <Show when={assistAvailable()}>
              <button type="button" class="btn btn-ghost btn-sm" disabled={summarizing()} onClick={() => void summarize()}>
                {tl("assist.summarize")}
              </button>
            </Show>
          </Show>
          <ErrorLine error={props.actions.error()} />
        </div>
        <footer class="dialog-foot">
          <button type="submit" class="btn btn-primary" disabled={!target() || !!props.actions.busy()}>
            {submitLabel()}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
