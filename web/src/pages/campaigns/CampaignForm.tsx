// "Nueva campaña": name, number, approved template with one value per {{n}} (quick-insert chips for the contact's
// name with a fallback, phone and any attribute) and a live preview for a sample contact, audience by tags, and
// send now or at a time on the workspace's clock. The API's refusals show next to the button, in words.
import { createEffect, createMemo, createResource, createSignal, For, type JSX, on, onMount, Show } from "solid-js";
import type { Campaign, CampaignBody } from "../../../../shared/api/campaigns";
import { wallClock } from "../../../../shared/zoned-time";
import { campaignsApi } from "../../data/campaigns";
import { directory, loadDirectory } from "../../data/directory";
import { tc } from "../../i18n/campaigns";
import { bodyParamsOf, campaignErrorText, previewOf, scheduleInstant } from "./campaign-view";

const pad = (n: number) => String(n).padStart(2, "0");
/** An hour from now on the workspace's clock, as a datetime-local value: the schedule's starting suggestion. */
function inAnHour(timeZone: string): string {
  const w = wallClock(Date.now() + 3_600_000, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:00`;
}
const ATTRIBUTE = /^[a-zA-Z0-9_-]+$/;

export function CampaignForm(props: { timeZone: string; onCreated: (c: Campaign) => void; onClose: () => void }): JSX.Element {
  let nameBox!: HTMLInputElement;
  const inputs: HTMLInputElement[] = [];
  const [channels] = createResource(() => campaignsApi.channels());
  const [channelId, setChannelId] = createSignal<string | null>(null);
  const channel = () => channelId() ?? channels()?.[0]?.id ?? null;
  const [templates] = createResource(channel, (id) => campaignsApi.templates(id));
  // Campaigns fill body values only: a template with header values cannot go out in one.
  const sendable = createMemo(() => (templates() ?? []).filter((tpl) => !tpl.parameters.some((p) => p.component === "header" && p.count > 0)));
  const [templateKey, setTemplateKey] = createSignal("");
  const template = createMemo(() => sendable().find((tpl) => `${tpl.name}|${tpl.language}` === templateKey()) ?? null);
  const [name, setName] = createSignal("");
  const [params, setParams] = createSignal<string[]>([]);
  const [attribute, setAttribute] = createSignal("");
  const [unnamed, setUnnamed] = createSignal(false);
  const [tagIds, setTagIds] = createSignal<string[]>([]);
  const [when, setWhen] = createSignal<"now" | "later">("now");
  const [at, setAt] = createSignal(inAnHour(props.timeZone));
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  onMount(() => {
    nameBox.focus();
    // Tags made since the inbox loaded (the directory is read once per session).
    void loadDirectory(["tags"]);
  });
  // A new template: one empty value per {{n}}, the contact's name suggested for the first.
  createEffect(on(template, (tpl) => setParams(Array.from({ length: tpl ? bodyParamsOf(tpl) : 0 }, (_, i) => (i === 0 ? "{{contact.name|cliente}}" : "")))));

  const setParam = (i: number, value: string) => setParams((ps) => ps.map((p, j) => (j === i ? value : p)));
  /** Puts a placeholder where the caret is in value i (or at its end) and puts the caret after it. */
  function insert(i: number, text: string) {
    const box = inputs[i];
    const value = params()[i] ?? "";
    const start = box?.selectionStart ?? value.length;
    const end = box?.selectionEnd ?? value.length;
    setParam(i, value.slice(0, start) + text + value.slice(end));
    queueMicrotask(() => {
      box?.focus();
      box?.setSelectionRange(start + text.length, start + text.length);
    });
  }
  const toggleTag = (id: string, on: boolean) => setTagIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));
  const preview = () => {
    const tpl = template();
    return tpl ? previewOf(tpl.body, params(), { name: unnamed() ? null : tc("form.sampleName") }) : "";
  };

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const tpl = template();
    const from = channel();
    if (!name().trim() || !tpl || !from || params().some((p) => !p.trim())) return setError(tc("form.missing"));
    let scheduledAt: number | undefined;
    if (when() === "later") {
      const instant = scheduleInstant(at(), props.timeZone);
      if (instant === null) return setError(tc("form.badTime"));
      scheduledAt = instant;
    }
    const body: CampaignBody = {
      name: name().trim(),
      channelId: from,
      template: { name: tpl.name, language: tpl.language, params: params() },
      audience: { tagIds: tagIds() },
      ...(scheduledAt !== undefined ? { scheduledAt } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      const created = await campaignsApi.create(body);
      props.onCreated(when() === "now" ? await campaignsApi.act(created.id, "start") : created);
    } catch (err) {
      setError(campaignErrorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="cmp-form" aria-labelledby="cmp-form-title" onSubmit={(e) => void submit(e)} novalidate>
      <div class="cmp-form-head">
        <h2 id="cmp-form-title">{tc("form.title")}</h2>
        <button type="button" class="btn btn-ghost btn-sm" onClick={() => props.onClose()}>
          {tc("form.cancel")}
        </button>
      </div>
      <div class="cmp-form-grid">
        <label class="field">
          <span class="field-label">{tc("form.name")}</span>
          <input ref={nameBox} class="input" name="name" maxLength={120} required placeholder={tc("form.namePlaceholder")} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="field-label">{tc("form.channel")}</span>
          <select class="select" name="channelId" value={channel() ?? ""} onChange={(e) => (setChannelId(e.currentTarget.value), setTemplateKey(""))}>
            <For each={channels()}>{(ch) => <option value={ch.id}>{`${ch.name} (${ch.displayNumber})`}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="field-label">{tc("form.template")}</span>
          <select class="select" name="template" value={templateKey()} onChange={(e) => setTemplateKey(e.currentTarget.value)}>
            <option value="">{tc("form.pickTemplate")}</option>
            <For each={sendable()}>{(tpl) => <option value={`${tpl.name}|${tpl.language}`}>{`${tpl.name} (${tpl.language}) · ${tpl.category}`}</option>}</For>
          </select>
          <Show when={templates() && !sendable().length}>
            <span class="field-help">{tc("form.noTemplates")}</span>
          </Show>
        </label>
      </div>

      <Show when={template()}>
        {(tpl) => (
          <div class="cmp-values">
            <fieldset class="cmp-fieldset">
              <legend class="field-label">{tc("form.values")}</legend>
              <Show when={params().length} fallback={<p class="muted small">{tc("form.noValues")}</p>}>
                <p class="field-help">{tc("form.valuesHelp")}</p>
                <label class="field cmp-attribute">
                  <span class="field-label">{tc("form.attribute")}</span>
                  <input class="input" name="attribute" placeholder="pedido" value={attribute()} onInput={(e) => setAttribute(e.currentTarget.value.trim())} aria-describedby="cmp-attribute-help" />
                  <span id="cmp-attribute-help" class="field-help">{tc("form.attributeHelp")}</span>
                </label>
                <For each={params().map((_, i) => i)}>
                  {(i) => (
                    <div class="cmp-value">
                      <label class="field">
                        <span class="field-label">{tc("form.value", { n: i + 1 })}</span>
                        <input ref={(el) => (inputs[i] = el)} class="input" name={`param-${i + 1}`} value={params()[i] ?? ""} maxLength={1024} onInput={(e) => setParam(i, e.currentTarget.value)} />
                      </label>
                      <div class="cmp-chips" role="group" aria-label={tc("form.insertInto", { n: i + 1 })}>
                        <button type="button" class="chip chip-btn" onClick={() => insert(i, "{{contact.name|cliente}}")}>
                          {tc("form.insertName")}
                        </button>
                        <button type="button" class="chip chip-btn" onClick={() => insert(i, "{{contact.phone}}")}>
                          {tc("form.insertPhone")}
                        </button>
                        <button type="button" class="chip chip-btn" disabled={!ATTRIBUTE.test(attribute())} onClick={() => insert(i, `{{contact.${attribute()}}}`)}>
                          {tc("form.insertAttribute", { name: attribute() || "…" })}
                        </button>
                      </div>
                    </div>
                  )}
                </For>
              </Show>
            </fieldset>
            <section class="cmp-preview" aria-labelledby="cmp-preview-title">
              <h3 id="cmp-preview-title" class="field-label">
                {tc("form.preview")}
              </h3>
              <p class="muted small">{tc("form.previewFor", { name: unnamed() ? tc("form.unnamed") : tc("form.sampleName") })}</p>
              <div class="cmp-bubble" data-testid="campaign-preview" aria-live="polite">
                {preview()}
              </div>
              <label class="cmp-check">
                <input type="checkbox" checked={unnamed()} onChange={(e) => setUnnamed(e.currentTarget.checked)} />
                <span>{tc("form.previewUnnamed")}</span>
              </label>
              <p class="muted small">{`${tpl().name} · ${tpl().language} · ${tpl().category}`}</p>
            </section>
          </div>
        )}
      </Show>

      <fieldset class="cmp-fieldset">
        <legend class="field-label">{tc("form.audience")}</legend>
        <Show when={directory.tags.length} fallback={<p class="field-help">{tc("form.noTags")}</p>}>
          <p class="field-help">{tagIds().length ? tc("form.audienceHelp") : tc("form.audienceAll")}</p>
          <div class="cmp-tags">
            <For each={directory.tags}>
              {(tag) => (
                <label class="cmp-tag" style={{ "--tag": tag.color }}>
                  <input type="checkbox" name="tag" value={tag.id} checked={tagIds().includes(tag.id)} onChange={(e) => toggleTag(tag.id, e.currentTarget.checked)} />
                  <span class="tag-dot" aria-hidden="true" />
                  <span>{tag.name}</span>
                </label>
              )}
            </For>
          </div>
        </Show>
      </fieldset>

      <fieldset class="cmp-fieldset">
        <legend class="field-label">{tc("form.when")}</legend>
        <div class="cmp-when">
          <label class="cmp-check">
            <input type="radio" name="when" value="now" checked={when() === "now"} onChange={() => setWhen("now")} />
            <span>{tc("form.now")}</span>
          </label>
          <label class="cmp-check">
            <input type="radio" name="when" value="later" checked={when() === "later"} onChange={() => setWhen("later")} />
            <span>{tc("form.schedule")}</span>
          </label>
          <Show when={when() === "later"}>
            <label class="field">
              <span class="field-label">{tc("form.at")}</span>
              <input class="input" type="datetime-local" name="scheduledAt" value={at()} onInput={(e) => setAt(e.currentTarget.value)} aria-describedby="cmp-zone" />
              <span id="cmp-zone" class="field-help">{tc("form.zone", { zone: props.timeZone })}</span>
            </label>
          </Show>
        </div>
      </fieldset>

      <div class="cmp-form-foot">
        <Show when={error()}>{(message) => <p class="form-error" role="alert" data-testid="campaign-form-error">{message()}</p>}</Show>
        <button type="submit" class="btn btn-primary" disabled={busy()}>
          {busy() ? tc("form.sending") : when() === "now" ? tc("form.submitNow") : tc("form.submitSchedule")}
        </button>
      </div>
    </form>
  );
}
