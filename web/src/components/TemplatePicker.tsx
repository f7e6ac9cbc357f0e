// Shown instead of the free-text box when the 24-hour window is closed: pick an approved template, fill its
// variables, see the message exactly as the customer will, send it.
import { createAsync } from "@solidjs/router";
import { createMemo, createSignal, For, type JSX, Show } from "solid-js";
import type { WhatsAppTemplate } from "../../../shared/model";
import { getTemplates } from "../data/inbox";
import { tl } from "../i18n/on-demand";

const PLACEHOLDER = /\{\{(\d+)\}\}/g;

function preview(text: string, values: string[]): Array<{ text: string; filled: boolean; slot: boolean }> {
  const out: Array<{ text: string; filled: boolean; slot: boolean }> = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), filled: true, slot: false });
    const v = values[Number(m[1]) - 1]?.trim();
    out.push({ text: v || m[0], filled: Boolean(v), slot: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), filled: true, slot: false });
  return out;
}

export default function TemplatePicker(props: {
  channelId: string;
  busy: boolean;
  onSend: (template: { name: string; language: string; params: string[]; headerParams: string[] }) => Promise<boolean>;
}): JSX.Element {
  const templates = createAsync(() => getTemplates(props.channelId));
  const [chosenId, setChosenId] = createSignal<string>("");
  const [body, setBody] = createSignal<string[]>([]);
  const [header, setHeader] = createSignal<string[]>([]);
  const chosen = createMemo<WhatsAppTemplate | undefined>(() => templates()?.find((tpl) => tpl.id === chosenId()));
  const countOf = (tpl: WhatsAppTemplate | undefined, component: "header" | "body") => tpl?.parameters.find((p) => p.component === component)?.count ?? 0;
  const complete = () => {
    const tpl = chosen();
    if (!tpl) return false;
    const b = body();
    const h = header();
    return Array.from({ length: countOf(tpl, "body") }, (_, i) => b[i]?.trim()).every(Boolean) && Array.from({ length: countOf(tpl, "header") }, (_, i) => h[i]?.trim()).every(Boolean);
  };

  const choose = (id: string) => {
    setChosenId(id);
    const tpl = templates()?.find((x) => x.id === id);
    setBody(Array.from({ length: countOf(tpl, "body") }, () => ""));
    setHeader(Array.from({ length: countOf(tpl, "header") }, () => ""));
  };

  async function submit(e: Event) {
    e.preventDefault();
    const tpl = chosen();
    if (!tpl || !complete() || props.busy) return;
    const sent = await props.onSend({ name: tpl.name, language: tpl.language, params: body().map((v) => v.trim()), headerParams: header().map((v) => v.trim()) });
    if (sent) choose("");
  }

  return (
    <form class="tpl" onSubmit={submit}>
      <Show when={templates()} fallback={<p class="muted">{tl("app.loading")}</p>}>
        {(list) => (
          <Show when={list().length} fallback={<p class="muted">{tl("composer.noTemplates")}</p>}>
            <label class="field">
              <span class="field-label">{tl("composer.templates")}</span>
              <select class="select" value={chosenId()} onChange={(e) => choose(e.currentTarget.value)} name="template">
                <option value="">{tl("composer.chooseTemplate")}</option>
                <For each={list()}>
                  {(tpl) => (
                    <option value={tpl.id}>
                      {tpl.name} · {tpl.language}
                    </option>
                  )}
                </For>
              </select>
            </label>
          </Show>
        )}
      </Show>
      <Show when={chosen()}>
        {(tpl) => (
          <div class="tpl-body">
            <div class="tpl-vars">
              <For each={header()}>
                {(value, i) => (
                  <label class="field">
                    <span class="field-label">{tl("composer.variable", { n: i() + 1 })} · header</span>
                    <input class="input" value={value} onInput={(e) => setHeader((h) => h.map((x, j) => (j === i() ? e.currentTarget.value : x)))} />
                  </label>
                )}
              </For>
              <For each={body()}>
                {(value, i) => (
                  <label class="field">
                    <span class="field-label">{tl("composer.variable", { n: i() + 1 })}</span>
                    <input
                      class="input"
                      name={`param-${i() + 1}`}
                      value={value}
                      maxLength={1024}
                      onInput={(e) => setBody((b) => b.map((x, j) => (j === i() ? e.currentTarget.value : x)))}
                    />
                  </label>
                )}
              </For>
            </div>
            <div class="tpl-preview" aria-live="polite">
              <div class="field-label">{tl("composer.preview")}</div>
              <div class="bubble bubble-preview">
                <Show when={tpl().header}>
                  {(h) => (
                    <strong class="tpl-preview-header">
                      <For each={preview(h(), header())}>{(part) => <span classList={{ "slot-empty": part.slot && !part.filled, slot: part.slot }}>{part.text}</span>}</For>
                    </strong>
                  )}
                </Show>
                <div class="text">
                  <For each={preview(tpl().body, body())}>{(part) => <span classList={{ "slot-empty": part.slot && !part.filled, slot: part.slot }}>{part.text}</span>}</For>
                </div>
              </div>
            </div>
          </div>
        )}
      </Show>
      <div class="composer-actions">
        <Show when={chosen() && !complete()}>
          <span class="muted small">{tl("composer.fillAll")}</span>
        </Show>
        <button type="submit" class="btn btn-primary" disabled={!complete() || props.busy}>
          {tl("composer.sendTemplate")}
        </button>
      </div>
    </form>
  );
}
