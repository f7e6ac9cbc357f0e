// Tags for conversations and contacts: a name and a colour. Admins and supervisors create, rename, recolour and
// delete them (a tag a routing rule uses cannot be deleted: the refusal names the rules).
import { createSignal, For, type JSX, Show } from "solid-js";
import { Icon } from "../../components/Icon";
import { TagChip } from "../../components/TagChip";
import { adminApi, thenRefresh } from "../../data/admin";
import { directory } from "../../data/directory";
import type { TagEntry } from "../../data/types";
import { tl } from "../../i18n/on-demand";
import { ConfirmButton, ErrorLine, FormActions, SectionHead, useSaving } from "./settings-ui";

const SWATCHES = ["#ef4444", "#f97316", "#eab308", "#22c55e", "#14b8a6", "#3b82f6", "#6366f1", "#a855f7", "#ec4899", "#64748b"];

export default function TagsSection(): JSX.Element {
  const saving = useSaving();
  const [editing, setEditing] = createSignal<string | null>(null);
  return (
    <section>
      <SectionHead title={tl("tags.title")} description={tl("tags.description")} />
      <TagForm />
      <ErrorLine error={saving.error()} />
      <ul class="tag-admin" role="list">
        <For each={directory.tags} fallback={<p class="empty-line">{tl("tags.none")}</p>}>
          {(tag) => (
            <Show
              when={editing() === tag.id}
              fallback={
                <li class="tag-admin-row" data-tag={tag.name}>
                  <TagChip tag={tag} />
                  <button type="button" class="btn btn-ghost btn-sm" aria-label={tl("tags.editOf", { name: tag.name })} onClick={() => setEditing(tag.id)}>
                    <Icon name="edit" size={14} />
                  </button>
                  <ConfirmButton label={tl("tags.deleteOf", { name: tag.name })} confirm={tl("tags.confirmDelete")} onConfirm={() => void saving.run(() => thenRefresh(adminApi.deleteTag(tag.id), ["tags"]))} />
                </li>
              }
            >
              <li class="tag-admin-edit">
                <TagForm tag={tag} onDone={() => setEditing(null)} />
              </li>
            </Show>
          )}
        </For>
      </ul>
    </section>
  );
}

/** Creates a tag, or (with `tag`) renames and recolours it; the chip previews the result. */
function TagForm(props: { tag?: TagEntry; onDone?: () => void }): JSX.Element {
  const saving = useSaving();
  const [name, setName] = createSignal(props.tag?.name ?? "");
  const [color, setColor] = createSignal(props.tag?.color ?? SWATCHES[5]!);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const body = { name: name().trim(), color: color() };
    const ok = await saving.run(() => thenRefresh(props.tag ? adminApi.updateTag(props.tag.id, body) : adminApi.createTag(body), ["tags"]));
    if (!ok) return;
    if (props.onDone) props.onDone();
    else setName("");
  }
  return (
    <form class="card tag-form" onSubmit={submit} aria-label={props.tag ? tl("tags.editOf", { name: props.tag.name }) : tl("tags.create")}>
      <Show when={props.tag}>{(tag) => <h2 class="card-title">{tl("tags.editOf", { name: tag().name })}</h2>}</Show>
      <label class="field">
        <span class="field-label">{tl("tags.name")}</span>
        <input class="input" required maxLength={40} value={name()} placeholder={tl("tags.namePlaceholder")} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <fieldset class="field">
        <legend class="field-label">{tl("tags.color")}</legend>
        <div class="swatches">
          <For each={SWATCHES}>
            {(c) => <button type="button" class="swatch" style={{ background: c }} aria-pressed={color() === c} aria-label={c} onClick={() => setColor(c)} />}
          </For>
          <input type="color" class="swatch-input" aria-label={tl("tags.customColor")} value={color()} onInput={(e) => setColor(e.currentTarget.value)} />
        </div>
      </fieldset>
      <ErrorLine error={saving.error()} />
      <div class="tag-form-preview">
        <TagChip tag={{ id: "preview", name: name().trim() || tl("tags.preview"), color: color() }} />
        <FormActions submit={props.tag ? tl("common.save") : tl("tags.create")} disabled={saving.busy() || !name().trim()} onCancel={props.onDone} />
      </div>
    </form>
  );
}
