// Canned replies: the workspace's (admins and supervisors write and edit them) and each person's own (only their
// author sees, edits and deletes them). Typing "/" and the shortcut in the composer inserts one, with its
// variables filled in; the preview here shows how.
import { createSignal, For, type JSX, onMount, Show } from "solid-js";
import { Icon } from "../../components/Icon";
import { adminApi, thenRefresh } from "../../data/admin";
import { addPersonalCanned, deletePersonalCanned, directory, loadCanned, updatePersonalCanned } from "../../data/directory";
import type { CannedReply } from "../../data/types";
import { tl } from "../../i18n/on-demand";
import { renderCanned } from "../../lib/canned";
import { isSupervisorRole, useMe } from "../session";
import { ConfirmButton, ErrorLine, FormActions, SectionHead, useSaving } from "./settings-ui";

const VARIABLES = ["{{contact.first_name}}", "{{contact.name}}", "{{contact.phone}}", "{{agent.name}}"];

export default function CannedSection(): JSX.Element {
  const me = useMe();
  const canWorkspace = isSupervisorRole(me);
  onMount(() => void loadCanned(true));
  const saving = useSaving();
  const [editing, setEditing] = createSignal<string | null>(null);
  const list = (personal: boolean) => (directory.canned ?? []).filter((r) => r.personal === personal).sort((a, b) => a.shortcut.localeCompare(b.shortcut));
  const remove = (r: CannedReply) =>
    saving.run(async () => {
      if (r.personal) await deletePersonalCanned(r.id);
      else await thenRefresh(adminApi.deleteCanned(r.id), ["canned"]);
    });
  return (
    <section>
      <SectionHead title={tl("canned.title")} description={tl("canned.description")} />
      <CannedForm canWorkspace={canWorkspace} agentName={me.agent.name} />
      <ErrorLine error={saving.error()} />
      <For each={[false, true]}>
        {(personal) => (
          <>
            <h2 class="sub-title">{personal ? tl("canned.personal") : tl("canned.workspace")}</h2>
            <ul class="canned-list" role="list">
              <For each={list(personal)} fallback={<li class="empty-line">{personal ? tl("canned.nonePersonal") : tl("canned.noneWorkspace")}</li>}>
                {(r) => (
                  <Show
                    when={editing() === r.id}
                    fallback={
                      <li class="card canned" data-shortcut={r.shortcut}>
                        <div class="canned-head">
                          <code class="canned-key">/{r.shortcut}</code>
                          <strong>{r.title}</strong>
                          <span class="bar-spacer" />
                          <Show when={r.personal || canWorkspace}>
                            <button type="button" class="btn btn-ghost btn-sm" aria-label={tl("canned.editOf", { shortcut: r.shortcut })} onClick={() => setEditing(r.id)}>
                              <Icon name="edit" size={14} />
                              {tl("common.edit")}
                            </button>
                          </Show>
                          <Show when={r.personal || canWorkspace}>
                            <ConfirmButton label={tl("canned.deleteOf", { shortcut: r.shortcut })} confirm={tl("canned.confirmDelete")} onConfirm={() => void remove(r)} />
                          </Show>
                        </div>
                        <p class="canned-body">{r.body}</p>
                      </li>
                    }
                  >
                    <li>
                      <CannedForm canWorkspace agentName={me.agent.name} reply={r} onDone={() => setEditing(null)} />
                    </li>
                  </Show>
                )}
              </For>
            </ul>
          </>
        )}
      </For>
    </section>
  );
}

/** A new reply (workspace-wide or personal), or with `reply` an edit of one (its scope stays). */
function CannedForm(props: { canWorkspace: boolean; agentName: string; reply?: CannedReply; onDone?: () => void }): JSX.Element {
  const saving = useSaving();
  const [shortcut, setShortcut] = createSignal(props.reply?.shortcut ?? "");
  const [title, setTitle] = createSignal(props.reply?.title ?? "");
  const [body, setBody] = createSignal(props.reply?.body ?? "");
  const [scope, setScope] = createSignal<"personal" | "workspace">(props.canWorkspace ? "workspace" : "personal");
  let bodyBox!: HTMLTextAreaElement;
  const insert = (v: string) => {
    const at = bodyBox.selectionStart ?? body().length;
    setBody(body().slice(0, at) + v + body().slice(bodyBox.selectionEnd ?? at));
    queueMicrotask(() => {
      bodyBox.focus();
      bodyBox.setSelectionRange(at + v.length, at + v.length);
    });
  };
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const value = { shortcut: shortcut().trim().toLowerCase().replace(/^\//, ""), title: title().trim(), body: body().trim() };
    const ok = await saving.run(async () => {
      if (props.reply?.personal) await updatePersonalCanned(props.reply.id, value);
      else if (props.reply) await thenRefresh(adminApi.updateCanned(props.reply.id, value), ["canned"]);
      else if (scope() === "personal") await addPersonalCanned(value);
      else await thenRefresh(adminApi.createCanned(value), ["canned"]);
      return true;
    });
    if (ok && props.onDone) props.onDone();
    else if (ok) {
      setShortcut("");
      setTitle("");
      setBody("");
    }
  }
  return (
    <form class="card form-grid" onSubmit={submit} aria-label={props.reply ? tl("canned.editOf", { shortcut: props.reply.shortcut }) : tl("canned.create")}>
      <h2 class="card-title">{props.reply ? tl("canned.edit") : tl("canned.create")}</h2>
      <div class="field-pair">
        <label class="field">
          <span class="field-label">{tl("canned.shortcut")}</span>
          <input class="input code-font" required pattern="/?[a-z0-9_\-áéíóúñü]{1,30}" maxLength={31} value={shortcut()} placeholder="saludo" onInput={(e) => setShortcut(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="field-label">{tl("canned.titleLabel")}</span>
          <input class="input" required maxLength={80} value={title()} placeholder={tl("canned.titlePlaceholder")} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
      </div>
      <label class="field">
        <span class="field-label">{tl("canned.body")}</span>
        <textarea ref={bodyBox} rows="3" required maxLength={4096} value={body()} placeholder={tl("canned.bodyPlaceholder")} onInput={(e) => setBody(e.currentTarget.value)} />
      </label>
      <div class="variables">
        <span class="muted small">{tl("canned.variables")}</span>
        <For each={VARIABLES}>
          {(v) => (
            <button type="button" class="chip chip-btn chip-var" onClick={() => insert(v)}>
              {v}
            </button>
          )}
        </For>
      </div>
      <Show when={body().trim()}>
        <div class="canned-preview">
          <span class="field-label">{tl("canned.preview")}</span>
          <div class="bubble bubble-preview">{renderCanned(body(), { contact: { name: "Lucía Fernández", phone: "34600111222" }, agent: { name: props.agentName } })}</div>
        </div>
      </Show>
      <ErrorLine error={saving.error()} />
      <FormActions submit={tl("canned.save")} disabled={saving.busy()} onCancel={props.onDone}>
        <Show when={props.canWorkspace && !props.reply}>
          <label class="check">
            <input type="radio" name="scope" checked={scope() === "workspace"} onChange={() => setScope("workspace")} />
            {tl("canned.forEveryone")}
          </label>
          <label class="check">
            <input type="radio" name="scope" checked={scope() === "personal"} onChange={() => setScope("personal")} />
            {tl("canned.forMe")}
          </label>
        </Show>
      </FormActions>
    </form>
  );
}
