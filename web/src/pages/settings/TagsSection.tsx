// Tags for conversations and contacts: a name and a colour. Admins and supervisors create and delete them.
import { createSignal, For, type JSX } from "solid-js";
import { TagChip } from "../../components/TagChip";
import { adminApi, thenRefresh } from "../../data/admin";
import { directory } from "../../data/directory";
import { tl } from "../../i18n/on-demand";
import { ConfirmButton, ErrorLine, SectionHead, useSaving } from "./settings-ui";

const SWATCHES = ["#ef4444", "#f97316", "#eab308", "#22c55e", "#14b8a6", "#3b82f6", "#6366f1", "#a855f7", "#ec4899", "#64748b"];

export default function TagsSection(): JSX.Element {
  const saving = useSaving();
  const [name, setName] = createSignal("");
  const [color, setColor] = createSignal(SWATCHES[5]!);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const ok = await saving.run(() => thenRefresh(adminApi.createTag({ name: name().trim(), color: color() }), ["tags"]));
    if (ok) setName("");
  }
  return (
    <section>
      <SectionHead title={tl("tags.title")} description={tl("tags.description")} />
      <form class="card tag-form" onSubmit={submit}>
        <label class="field">
          <span class="field-label">{tl("tags.name")}</span>
          <input class="input" required maxLength={40} value={name()} placeholder={tl("tags.namePlaceholder")} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <fieldset class="field">
          <legend class="field-label">{tl("tags.color")}</legend>
          <div class="swatches">
            <For each={SWATCHES}>
              {(c) => (
                <button type="button" class="swatch" style={{ background: c }} aria-pressed={color() === c} aria-label={c} onClick={() => setColor(c)} />
              )}
            </For>
            <input type="color" class="swatch-input" aria-label={tl("tags.customColor")} value={color()} onInput={(e) => setColor(e.currentTarget.value)} />
          </div>
        </fieldset>
        <div class="tag-form-preview">
          <TagChip tag={{ id: "preview", name: name().trim() || tl("tags.preview"), color: color() }} />
          <button type="submit" class="btn btn-primary" disabled={saving.busy() || !name().trim()}>
            {tl("tags.create")}
          </button>
        </div>
      </form>
      <ErrorLine error={saving.error()} />
      <ul class="tag-admin" role="list">
        <For each={directory.tags} fallback={<p class="empty-line">{tl("tags.none")}</p>}>
          {(tag) => (
            <li class="tag-admin-row">
              <TagChip tag={tag} />
              <ConfirmButton label={tl("tags.deleteOf", { name: tag.name })} confirm={tl("tags.confirmDelete")} onConfirm={() => void saving.run(() => thenRefresh(adminApi.deleteTag(tag.id), ["tags"]))} />
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
