// The WhatsApp templates Meta approved for the workspace's numbers (read-only: they are created in Meta's
// WhatsApp Manager). Agents send them when the 24-hour window has closed.
import { createResource, For, type JSX, Show } from "solid-js";
import { adminApi } from "../../data/admin";
import { tl } from "../../i18n/on-demand";
import { ErrorLine, SectionHead } from "./settings-ui";

function highlighted(body: string): JSX.Element[] {
  return body.split(/(\{\{\d+\}\})/g).map((part) => (/^\{\{\d+\}\}$/.test(part) ? <span class="slot">{part}</span> : <>{part}</>));
}

export default function TemplatesSection(): JSX.Element {
  const [templates] = createResource(async () => (await adminApi.templates()).items);
  return (
    <section>
      <SectionHead title={tl("templates.title")} description={tl("templates.description")} />
      <ErrorLine error={templates.error ? tl("common.loadError") : null} />
      <div class="cards">
        <For each={templates()} fallback={<Show when={!templates.loading}><p class="empty-line">{tl("templates.none")}</p></Show>}>
          {(tpl) => (
            <article class="card template" data-template={tpl.name}>
              <header class="card-head">
                <h2 class="card-title code-font">{tpl.name}</h2>
                <span class="chip">{tpl.language}</span>
                <span class="chip">{tl(`templates.category.${tpl.category}`)}</span>
                <span class={`chip status-chip status-${tpl.status.toLowerCase()}`}>{tl(`templates.status.${tpl.status}`)}</span>
              </header>
              <Show when={tpl.header}>
                <strong class="template-header">{tpl.header}</strong>
              </Show>
              <p class="template-body">{highlighted(tpl.body)}</p>
            </article>
          )}
        </For>
      </div>
    </section>
  );
}
