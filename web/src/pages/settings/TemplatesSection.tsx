// The WhatsApp templates of the workspace's numbers, kept in step with Meta: admins create them here (Meta reviews
// them) and delete them; supervisors and admins sync the list with what Meta holds (templates made in WhatsApp
// Manager). Meta's verdicts (approved, rejected, paused, quality) arrive live over the workspace socket.
import { createResource, createSignal, For, type JSX, lazy, onCleanup, Show, Suspense } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { adminApi } from "../../data/admin";
import { onWorkspaceEvent } from "../../data/realtime";
import type { WhatsAppTemplate } from "../../../../shared/model";
import { HEADER_MEDIA_TYPES, type MediaHeaderFormat } from "../../../../shared/template-rules";
import { tl } from "../../i18n/on-demand";
import { isSupervisorRole, useMe } from "../session";
import { ConfirmButton, ErrorLine, SectionHead, useSaving } from "./settings-ui";

const TemplateForm = lazy(() => import("./TemplateForm"));

function highlighted(body: string): JSX.Element[] {
  return body.split(/(\{\{[^{}]+\}\})/g).map((part) => (/^\{\{[^{}]+\}\}$/.test(part) ? <span class="slot">{part}</span> : <>{part}</>));
}

/** IMAGE, VIDEO or DOCUMENT when the template's header (as Meta holds it) is a file; null otherwise. */
function mediaHeaderOf(tpl: WhatsAppTemplate): MediaHeaderFormat | null {
  const header = (tpl.components ?? []).find((c): c is { type: unknown; format?: unknown } => typeof c === "object" && c !== null && "type" in c && c.type === "HEADER");
  const format = String(header?.format ?? "");
  return format in HEADER_MEDIA_TYPES ? (format as MediaHeaderFormat) : null;
}

export default function TemplatesSection(): JSX.Element {
  const me = useMe();
  const isAdmin = me.agent.role === "admin";
  const canSync = isSupervisorRole(me);
  const [items, setItems] = createStore<{ list: WhatsAppTemplate[] }>({ list: [] });
  const [loaded] = createResource(async () => {
    const { items: list } = await adminApi.templates();
    setItems("list", reconcile(list, { key: "id" }));
    return true;
  });
  const [channels] = createResource(() => (canSync ? adminApi.channels() : Promise.resolve([])));
  const [channelId, setChannelId] = createSignal<string | null>(null);
  const channel = () => channelId() ?? channels()?.[0]?.id ?? null;
  const [creating, setCreating] = createSignal(false);
  const [synced, setSynced] = createSignal<string | null>(null);
  const saving = useSaving();

  const upsert = (tpl: WhatsAppTemplate) => {
    const at = items.list.findIndex((t) => t.id === tpl.id);
    if (at >= 0) setItems("list", at, reconcile(tpl));
    else setItems("list", (list) => [tpl, ...list]);
  };
  // Meta's review and quality changes, live: the row as the API would list it.
  onCleanup(onWorkspaceEvent((event) => event.type === "template" && upsert(event.template)));

  const reload = async () => setItems("list", reconcile((await adminApi.templates()).items, { key: "id" }));
  const sync = () =>
    saving.run(async () => {
      const id = channel();
      if (!id) return;
      const result = await adminApi.syncTemplates({ channelId: id });
      await reload();
      setSynced(tl("templates.synced", { created: result.created, updated: result.updated, removed: result.removed }));
    });
  const remove = (tpl: WhatsAppTemplate) =>
    saving.run(async () => {
      await adminApi.deleteTemplate(tpl.id);
      setItems("list", (list) => list.filter((t) => t.id !== tpl.id));
    });
  // A media-header template synced from Meta is sent with a file kept here: upload it, then keep it for the template.
  const keepSample = (tpl: WhatsAppTemplate, file: File | undefined) =>
    file &&
    saving.run(async () => {
      const uploaded = await adminApi.uploadHeaderMedia(tpl.channelId, file);
      upsert((await adminApi.keepHeaderSample(tpl.id, { mediaKey: uploaded.mediaKey, filename: uploaded.filename })).template);
    });
  const visible = () => items.list.filter((t) => !channel() || t.channelId === channel() || !canSync);

  return (
    <section>
      <SectionHead title={tl("templates.title")} description={tl("templates.description")}>
        <Show when={canSync && (channels()?.length ?? 0) > 1}>
          <select class="input" aria-label={tl("templates.channel")} value={channel() ?? ""} onChange={(e) => setChannelId(e.currentTarget.value)}>
            <For each={channels()}>{(ch) => <option value={ch.id}>{ch.name} · {ch.displayNumber}</option>}</For>
          </select>
        </Show>
        <Show when={canSync}>
          <button type="button" class="btn btn-secondary" disabled={saving.busy() || !channel()} onClick={() => void sync()}>
            {tl("templates.sync")}
          </button>
        </Show>
        <Show when={isAdmin && !creating()}>
          <button type="button" class="btn btn-primary" disabled={!channel()} onClick={() => setCreating(true)}>
            {tl("templates.new")}
          </button>
        </Show>
      </SectionHead>
      <Show when={synced()}>
        <p class="muted small" role="status">{synced()}</p>
      </Show>
      <ErrorLine error={loaded.error ? tl("common.loadError") : saving.error()} />
      <Show when={creating() && channel()}>
        {(id) => (
          <Suspense>
            <TemplateForm
              channelId={id()}
              onCancel={() => setCreating(false)}
              onCreated={(tpl) => {
                upsert(tpl);
                setCreating(false);
              }}
            />
          </Suspense>
        )}
      </Show>
      <div class="cards">
        <For each={visible()} fallback={<Show when={!loaded.loading}><p class="empty-line">{tl("templates.none")}</p></Show>}>
          {(tpl) => (
            <article class="card template" data-template={tpl.name} data-status={tpl.status}>
              <header class="card-head">
                <h2 class="card-title code-font">{tpl.name}</h2>
                <span class="chip">{tpl.language}</span>
                <span class="chip">{tl(`templates.category.${tpl.category}`)}</span>
                <span class={`chip status-chip status-${tpl.status.toLowerCase()}`} data-testid="template-status">{tl(`templates.status.${tpl.status}`)}</span>
                <Show when={tpl.quality !== "UNKNOWN"}>
                  <span class={`chip quality-chip quality-${tpl.quality.toLowerCase()}`} title={tl("templates.quality")}>{tl(`templates.quality.${tpl.quality}`)}</span>
                </Show>
                <span class="bar-spacer" />
                <Show when={isAdmin}>
                  <ConfirmButton label={tl("templates.deleteOf", { name: tpl.name })} confirm={tl("templates.confirmDelete")} onConfirm={() => void remove(tpl)} disabled={saving.busy()} />
                </Show>
              </header>
              <Show when={tpl.reason && tpl.status !== "APPROVED"}>
                <p class="template-reason" role="note">
                  {tl("templates.reason")}: <code>{tpl.reason}</code>
                </p>
              </Show>
              <Show when={tpl.header}>
                <strong class="template-header">{tpl.header}</strong>
              </Show>
              <p class="template-body">{highlighted(tpl.body)}</p>
              <Show when={mediaHeaderOf(tpl)}>
                {(format) => (
                  <Show
                    when={tpl.headerSample}
                    fallback={
                      <label class="field template-sample">
                        <span class="muted small">{tl("templates.sampleMissing", { kind: tl(`templates.headerKind.${format()}`) })}</span>
                        <Show when={isAdmin}>
                          <input class="input" type="file" name="headerSample" accept={HEADER_MEDIA_TYPES[format()].join(",")} disabled={saving.busy()} onChange={(e) => void keepSample(tpl, e.currentTarget.files?.[0])} />
                        </Show>
                      </label>
                    }
                  >
                    {(sample) => <p class="muted small">{tl("templates.sampleKept", { kind: tl(`templates.headerKind.${format()}`), name: sample().filename ?? sample().mimeType })}</p>}
                  </Show>
                )}
              </Show>
            </article>
          )}
        </For>
      </div>
    </section>
  );
}
