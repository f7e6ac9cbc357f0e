// "Nueva plantilla": a WhatsApp template written here and sent to Meta for review. The same rules the API applies
// (shared/template-rules.ts) are checked as the admin types; the preview fills each {{n}} with its example.
// Loaded only when an admin opens the form.
import { createMemo, createSignal, For, Index, type JSX, Show } from "solid-js";
import { adminApi } from "../../data/admin";
import { ApiError } from "../../data/api";
import type { CreateTemplateBody } from "../../data/types";
import type { WhatsAppTemplate } from "../../../../shared/model";
import {
  checkTemplate, fillExamples, HEADER_MEDIA_TYPES, parameterCount, TEMPLATE_CATEGORIES, TEMPLATE_LIMITS, type TemplateButton, type TemplateCategory, type TemplateDefinition, type TemplateHeader, type TemplateIssue,
} from "../../../../shared/template-rules";
import { type OnDemandKey, tl } from "../../i18n/on-demand";
import { ErrorLine, FormActions, useSaving } from "./settings-ui";
import type { HeaderMediaUploaded } from "../../../../shared/api/templates";

const LANGUAGES = ["es", "es_MX", "es_AR", "es_ES", "es_CO", "en_US", "en_GB", "pt_BR", "pt_PT", "fr", "it", "de", "ca"];
type HeaderKind = "NONE" | TemplateHeader["format"];
const HEADER_KINDS: HeaderKind[] = ["NONE", "TEXT", "IMAGE", "VIDEO", "DOCUMENT"];
const BUTTON_TYPES: Array<TemplateButton["type"]> = ["QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE"];

const blankButton = (type: TemplateButton["type"]): TemplateButton =>
  type === "QUICK_REPLY" ? { type, text: "" } : type === "URL" ? { type, text: "", url: "https://", example: "" } : type === "PHONE_NUMBER" ? { type, text: "", phone: "+" } : { type, example: "" };

/** An issue in the person's words; `limit` fills the number where the rule has one. */
const issueText = (issue: TemplateIssue) => tl(`templates.rule.${issue.rule}` as OnDemandKey, { n: issue.limit ?? "" });

/** The API's own check (the same rules) or Meta's refusal, in the person's words; null for other failures. */
function refusalText(err: ApiError): string | null {
  const issues = (err.details as { issues?: TemplateIssue[] } | undefined)?.issues;
  if (err.code === "template_invalid" && issues?.length) return issues.map(issueText).join(" · ");
  if (err.code === "template_exists") return tl("templates.exists");
  if (err.code === "meta_rejected") return tl("templates.metaRejected", { reason: err.message });
  if (err.code === "meta_unavailable" || err.code === "meta_no_answer") return tl("templates.metaUnavailable");
  return null;
}

export default function TemplateForm(props: { channelId: string; onCreated: (tpl: WhatsAppTemplate) => void; onCancel: () => void }): JSX.Element {
  const saving = useSaving();
  const [name, setName] = createSignal("");
  const [language, setLanguage] = createSignal("es");
  const [category, setCategory] = createSignal<TemplateCategory>("UTILITY");
  const [headerKind, setHeaderKind] = createSignal<HeaderKind>("NONE");
  const [headerText, setHeaderText] = createSignal("");
  const [headerExample, setHeaderExample] = createSignal("");
  /** The uploaded sample (POST /api/templates/header-media): Meta's handle and where Colmena keeps the file. */
  const [sample, setSample] = createSignal<HeaderMediaUploaded | null>(null);
  const [sampleState, setSampleState] = createSignal<{ uploading: boolean; error: string | null }>({ uploading: false, error: null });
  const [body, setBody] = createSignal("");
  const [examples, setExamples] = createSignal<string[]>([]);
  const [footer, setFooter] = createSignal("");
  const [buttons, setButtons] = createSignal<TemplateButton[]>([]);
  const [touched, setTouched] = createSignal(false);
  const [refusal, setRefusal] = createSignal<string | null>(null);

  const variables = createMemo(() => parameterCount(body()));
  const header = (): TemplateHeader | null => {
    const kind = headerKind();
    if (kind === "NONE") return null;
    if (kind === "TEXT") return { format: "TEXT", text: headerText(), ...(parameterCount(headerText()) ? { example: headerExample() } : {}) };
    const file = sample();
    return file ? { format: kind, handle: file.handle, mediaKey: file.mediaKey, filename: file.filename } : { format: kind, handle: "" };
  };
  const definition = (): TemplateDefinition => ({
    name: name().trim(),
    language: language(),
    category: category(),
    header: header(),
    body: body(),
    bodyExamples: examples().slice(0, variables()),
    footer: footer().trim() || null,
    buttons: buttons(),
  });
  const issues = createMemo(() => checkTemplate(definition()));
  // Shown once the person starts typing: an empty new form is not a list of errors.
  const issuesOf = (field: string) => (touched() ? issues().filter((i) => i.field === field || i.field.startsWith(`${field}.`)) : []);
  const Issues = (p: { field: string }) => (
    <For each={issuesOf(p.field)}>{(i) => <span class="field-error" data-rule={i.rule}>{issueText(i)}</span>}</For>
  );
  const count = (value: string, max: number) => <span class={`counter${[...value].length > max ? " over" : ""}`}>{[...value].length}/{max}</span>;
  const setButton = (at: number, patch: Partial<Record<string, string>>) => setButtons((list) => list.map((b, i) => (i === at ? ({ ...b, ...patch } as TemplateButton) : b)));

  /** A new kind of header needs its own file: the sample of another kind no longer fits. */
  const changeHeaderKind = (kind: HeaderKind) => {
    setHeaderKind(kind);
    setSample(null);
    setSampleState({ uploading: false, error: null });
  };

  async function uploadSample(file: File | undefined) {
    if (!file) return;
    setSample(null);
    setSampleState({ uploading: true, error: null });
    try {
      setSample(await adminApi.uploadHeaderMedia(props.channelId, file));
      setSampleState({ uploading: false, error: null });
    } catch (err) {
      setSampleState({ uploading: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setTouched(true);
    if (issues().length) return;
    const d = definition();
    const request: CreateTemplateBody = { channelId: props.channelId, ...d, header: d.header ?? null, footer: d.footer ?? null };
    setRefusal(null);
    const created = await saving.run(async () => {
      try {
        return (await adminApi.createTemplate(request)).template;
      } catch (err) {
        const text = err instanceof ApiError ? refusalText(err) : null;
        if (!text) throw err;
        setRefusal(text);
        return null;
      }
    });
    if (created) props.onCreated(created);
  }

  return (
    <form class="card form-grid template-form" onSubmit={submit} onInput={() => setTouched(true)} aria-label={tl("templates.new")}>
      <h2 class="card-title">{tl("templates.new")}</h2>
      <div class="field-pair">
        <label class="field">
          <span class="field-label">{tl("templates.name")}</span>
          <input class="input code-font" name="name" required value={name()} placeholder="recordatorio_cita" onInput={(e) => setName(e.currentTarget.value)} />
          <Issues field="name" />
        </label>
        <label class="field">
          <span class="field-label">{tl("templates.category")}</span>
          <select class="input" name="category" value={category()} onChange={(e) => setCategory(e.currentTarget.value as TemplateCategory)}>
            <For each={TEMPLATE_CATEGORIES}>{(c) => <option value={c}>{tl(`templates.category.${c}`)}</option>}</For>
          </select>
        </label>
      </div>
      <div class="field-pair">
        <label class="field">
          <span class="field-label">{tl("templates.language")}</span>
          <select class="input" name="language" value={language()} onChange={(e) => setLanguage(e.currentTarget.value)}>
            <For each={LANGUAGES}>{(l) => <option value={l}>{l}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="field-label">{tl("templates.header")}</span>
          <select class="input" name="headerKind" value={headerKind()} onChange={(e) => changeHeaderKind(e.currentTarget.value as HeaderKind)}>
            <For each={HEADER_KINDS}>{(k) => <option value={k}>{tl(`templates.headerKind.${k}`)}</option>}</For>
          </select>
        </label>
      </div>
      <Show when={headerKind() === "TEXT"}>
        <label class="field">
          <span class="field-label">{tl("templates.headerText")} {count(headerText(), TEMPLATE_LIMITS.headerText)}</span>
          <input class="input" name="headerText" value={headerText()} onInput={(e) => setHeaderText(e.currentTarget.value)} />
          <Issues field="header.text" />
        </label>
        <Show when={parameterCount(headerText()) > 0}>
          <label class="field">
            <span class="field-label">{tl("templates.exampleFor", { n: "1" })}</span>
            <input class="input" name="headerExample" value={headerExample()} onInput={(e) => setHeaderExample(e.currentTarget.value)} />
            <Issues field="header.example" />
          </label>
        </Show>
      </Show>
      <Show when={headerKind() !== "NONE" && headerKind() !== "TEXT"}>
        <label class="field">
          <span class="field-label">{tl("templates.mediaFile")}</span>
          <input
            class="input"
            type="file"
            name="headerFile"
            accept={headerKind() === "NONE" || headerKind() === "TEXT" ? "" : HEADER_MEDIA_TYPES[headerKind() as keyof typeof HEADER_MEDIA_TYPES].join(",")}
            disabled={sampleState().uploading}
            onChange={(e) => void uploadSample(e.currentTarget.files?.[0])}
          />
          <span class="muted small">{tl("templates.mediaFileHint")}</span>
          <Show when={sampleState().uploading}>
            <span class="muted small" role="status">{tl("templates.mediaUploading")}</span>
          </Show>
          <Show when={sample()}>{(file) => <span class="small" role="status">{tl("templates.mediaUploaded", { name: file().filename })}</span>}</Show>
          <Show when={sampleState().error}>{(reason) => <span class="field-error">{tl("templates.mediaUploadFailed", { reason: reason() })}</span>}</Show>
          <Issues field="header.handle" />
        </label>
      </Show>
      <label class="field">
        <span class="field-label">{tl("templates.body")} {count(body(), TEMPLATE_LIMITS.body)}</span>
        <textarea class="input" name="body" rows={4} value={body()} placeholder={tl("templates.bodyPlaceholder")} onInput={(e) => setBody(e.currentTarget.value)} />
        <span class="muted small">{tl("templates.bodyHint")}</span>
        <Issues field="body" />
      </label>
      <Index each={Array.from({ length: variables() })}>
        {(_, i) => (
          <label class="field">
            <span class="field-label">{tl("templates.exampleFor", { n: String(i + 1) })}</span>
            <input
              class="input"
              name={`example-${i + 1}`}
              value={examples()[i] ?? ""}
              onInput={(e) => {
                const next = [...examples()];
                next[i] = e.currentTarget.value;
                setExamples(next);
              }}
            />
          </label>
        )}
      </Index>
      <Issues field="bodyExamples" />
      <label class="field">
        <span class="field-label">{tl("templates.footer")} {count(footer(), TEMPLATE_LIMITS.footer)}</span>
        <input class="input" name="footer" value={footer()} onInput={(e) => setFooter(e.currentTarget.value)} />
        <Issues field="footer" />
      </label>

      <fieldset class="template-buttons">
        <legend class="field-label">{tl("templates.buttons")}</legend>
        <Index each={buttons()}>
          {(b, i) => (
            <div class="template-button" data-button={b().type}>
              <span class="chip">{tl(`templates.buttonType.${b().type}`)}</span>
              <Show when={b().type !== "COPY_CODE"}>
                <input class="input" aria-label={tl("templates.buttonLabel")} placeholder={tl("templates.buttonLabel")} value={"text" in b() ? (b() as { text: string }).text : ""} onInput={(e) => setButton(i, { text: e.currentTarget.value })} />
              </Show>
              <Show when={b().type === "URL"}>
                <input class="input code-font" aria-label="URL" placeholder="https://ejemplo.com/pedido/{{1}}" value={(b() as { url: string }).url} onInput={(e) => setButton(i, { url: e.currentTarget.value })} />
                <input class="input" aria-label={tl("templates.urlExample")} placeholder={tl("templates.urlExample")} value={(b() as { example?: string }).example ?? ""} onInput={(e) => setButton(i, { example: e.currentTarget.value })} />
              </Show>
              <Show when={b().type === "PHONE_NUMBER"}>
                <input class="input" aria-label={tl("templates.phone")} placeholder="+34910000000" value={(b() as { phone: string }).phone} onInput={(e) => setButton(i, { phone: e.currentTarget.value })} />
              </Show>
              <Show when={b().type === "COPY_CODE"}>
                <input class="input code-font" aria-label={tl("templates.codeExample")} placeholder={tl("templates.codeExample")} value={(b() as { example: string }).example} onInput={(e) => setButton(i, { example: e.currentTarget.value })} />
              </Show>
              <button type="button" class="btn btn-ghost btn-sm" aria-label={tl("templates.removeButton")} onClick={() => setButtons((list) => list.filter((_, j) => j !== i))}>
                ×
              </button>
              <Issues field={`buttons.${i}`} />
            </div>
          )}
        </Index>
        <For each={issuesOf("buttons").filter((x) => x.field === "buttons")}>{(x) => <span class="field-error" data-rule={x.rule}>{issueText(x)}</span>}</For>
        <div class="template-add-buttons">
          <For each={BUTTON_TYPES}>
            {(type) => (
              <button type="button" class="btn btn-ghost btn-sm" disabled={buttons().length >= TEMPLATE_LIMITS.buttons} onClick={() => setButtons((list) => [...list, blankButton(type)])}>
                + {tl(`templates.buttonType.${type}`)}
              </button>
            )}
          </For>
        </div>
      </fieldset>

      <div class="template-preview" aria-label={tl("templates.preview")}>
        <span class="field-label">{tl("templates.preview")}</span>
        <div class="bubble">
          <Show when={headerKind() === "TEXT" && headerText()}>
            <strong>{fillExamples(headerText(), [headerExample()])}</strong>
          </Show>
          <Show when={headerKind() !== "NONE" && headerKind() !== "TEXT"}>
            <span class="muted small">[{tl(`templates.headerKind.${headerKind()}`)}]</span>
          </Show>
          <p data-testid="template-preview-body">{fillExamples(body(), examples())}</p>
          <Show when={footer()}>
            <span class="muted small">{footer()}</span>
          </Show>
          <For each={buttons()}>{(b) => <span class="preview-button">{b.type === "COPY_CODE" ? tl("templates.buttonType.COPY_CODE") : b.text}</span>}</For>
        </div>
      </div>
      <ErrorLine error={refusal() ?? saving.error()} />
      <FormActions submit={tl("templates.submit")} disabled={saving.busy() || (touched() && issues().length > 0)} onCancel={props.onCancel} />
    </form>
  );
}
