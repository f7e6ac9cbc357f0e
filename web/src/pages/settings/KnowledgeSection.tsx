// "Conocimiento": the articles the assistant answers from (create, edit, enable/disable, delete, import a CSV,
// Markdown or text file) and the "Probar asistente" playground, which shows what the bot would answer, or why it
// would hand off, and from which articles, in the mode that is active. Admins only.
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { Icon } from "../../components/Icon";
import { knowledgeApi, type AssistantPreview, type ImportResult, type KnowledgeArticle, type PreviewTurn } from "../../data/knowledge";
import { type OnDemandKey, tl } from "../../i18n/on-demand";
import BotChannelsCard from "./BotChannelsCard";
import { ConfirmButton, ErrorLine, FormActions, SectionHead, useSaving } from "./settings-ui";

const REASONS = new Set(["answered", "greeting", "thanks", "asks_for_person", "complaint", "urgent", "own_records", "unsafe", "no_confident_article", "no_knowledge", "empty_message", "model_handoff", "model_error"]);

/** A reason code in words; the model's own words (after "model_handoff: ") are shown as they are. */
function reasonText(reason: string): string {
  const [code, ...rest] = reason.split(": ");
  const known = REASONS.has(code!) ? tl(`knowledge.reason.${code}` as OnDemandKey) : reason;
  return rest.length && REASONS.has(code!) ? `${known}: ${rest.join(": ")}` : known;
}

const tagsOf = (text: string) => [...new Set(text.split(",").map((t) => t.trim()).filter(Boolean))];

export default function KnowledgeSection(): JSX.Element {
  const [articles, { refetch }] = createResource(() => knowledgeApi.list().then((r) => r.items));
  const [status] = createResource(() => knowledgeApi.status());
  const [editing, setEditing] = createSignal<string | null>(null);
  const saving = useSaving();
  const toggle = (a: KnowledgeArticle) => saving.run(() => knowledgeApi.replace(a.id, { title: a.title, body: a.body, tags: a.tags, enabled: !a.enabled }).then(() => refetch()));
  return (
    <section class="knowledge">
      <SectionHead title={tl("knowledge.title")} description={tl("knowledge.description")}>
        <Show when={status()}>
          {(s) => (
            <span class="chip" data-mode={s().mode} role="status">
              {s().mode === "model" ? tl("knowledge.modeModel", { model: s().model ?? "" }) : tl("knowledge.modeDefault")}
            </span>
          )}
        </Show>
      </SectionHead>
      <Playground />
      <h2 class="sub-title">{tl("knowledge.botTitle")}</h2>
      <BotChannelsCard />
      <ImportCard onImported={() => void refetch()} />
      <ArticleForm onDone={() => void refetch()} />
      <ErrorLine error={articles.error ? tl("common.loadError") : saving.error()} />
      <h2 class="sub-title">{tl("knowledge.articles", { count: articles()?.length ?? 0 })}</h2>
      <ul class="cards knowledge-list" role="list">
        <For each={articles()} fallback={<p class="empty-line">{tl("knowledge.none")}</p>}>
          {(a) => (
            <Show
              when={editing() === a.id}
              fallback={
                <li class="card knowledge-article" data-article={a.id} classList={{ "is-disabled": !a.enabled }}>
                  <header class="card-head">
                    <h3 class="card-title">{a.title}</h3>
                    <label class="check">
                      <input type="checkbox" checked={a.enabled} disabled={saving.busy()} onChange={() => void toggle(a)} aria-label={tl("knowledge.enabledOf", { title: a.title })} />
                      <span>{tl("knowledge.enabled")}</span>
                    </label>
                    <button type="button" class="btn btn-ghost btn-sm" aria-label={tl("knowledge.editOf", { title: a.title })} onClick={() => setEditing(a.id)}>
                      <Icon name="edit" size={14} />
                    </button>
                    <ConfirmButton label={tl("knowledge.deleteOf", { title: a.title })} confirm={tl("knowledge.confirmDelete")} onConfirm={() => void saving.run(() => knowledgeApi.remove(a.id).then(() => refetch()))} />
                  </header>
                  <p class="knowledge-body">{a.body}</p>
                  <Show when={a.tags.length}>
                    <p class="muted small">{a.tags.map((t) => `#${t}`).join(" ")}</p>
                  </Show>
                </li>
              }
            >
              <li>
                <ArticleForm article={a} onDone={() => { setEditing(null); void refetch(); }} onCancel={() => setEditing(null)} />
              </li>
            </Show>
          )}
        </For>
      </ul>
    </section>
  );
}

/** Creates an article, or (with `article`) replaces it, keeping whether it is enabled. */
function ArticleForm(props: { article?: KnowledgeArticle; onDone: () => void; onCancel?: () => void }): JSX.Element {
  const saving = useSaving();
  const [title, setTitle] = createSignal(props.article?.title ?? "");
  const [body, setBody] = createSignal(props.article?.body ?? "");
  const [tags, setTags] = createSignal(props.article?.tags.join(", ") ?? "");
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const fields = { title: title().trim(), body: body().trim(), tags: tagsOf(tags()) };
    const a = props.article;
    const ok = await saving.run(() => (a ? knowledgeApi.replace(a.id, { ...fields, enabled: a.enabled }) : knowledgeApi.create(fields)));
    if (!ok) return;
    if (!a) {
      setTitle("");
      setBody("");
      setTags("");
    }
    props.onDone();
  }
  const label = props.article ? tl("knowledge.editOf", { title: props.article.title }) : tl("knowledge.create");
  return (
    <form class="card form-grid" onSubmit={submit} aria-label={label}>
      <h2 class="card-title">{props.article ? tl("knowledge.edit") : tl("knowledge.create")}</h2>
      <label class="field">
        <span class="field-label">{tl("knowledge.titleLabel")}</span>
        <input class="input" required maxLength={200} value={title()} placeholder={tl("knowledge.titlePlaceholder")} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span class="field-label">{tl("knowledge.bodyLabel")}</span>
        <textarea class="input textarea" required rows={4} maxLength={8000} value={body()} placeholder={tl("knowledge.bodyPlaceholder")} onInput={(e) => setBody(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span class="field-label">{tl("knowledge.tagsLabel")}</span>
        <input class="input" value={tags()} placeholder={tl("knowledge.tagsPlaceholder")} onInput={(e) => setTags(e.currentTarget.value)} />
      </label>
      <ErrorLine error={saving.error()} />
      <FormActions submit={props.article ? tl("common.save") : tl("knowledge.create")} disabled={saving.busy() || !title().trim() || !body().trim()} onCancel={props.onCancel} />
    </form>
  );
}

function ImportCard(props: { onImported: () => void }): JSX.Element {
  const saving = useSaving();
  const [file, setFile] = createSignal<File | null>(null);
  const [result, setResult] = createSignal<ImportResult | null>(null);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const chosen = file();
    if (!chosen) return;
    setResult(null);
    const done = await saving.run(() => knowledgeApi.importFile(chosen));
    if (!done) return;
    setResult(done);
    props.onImported();
  }
  return (
    <form class="card form-grid" onSubmit={submit} aria-label={tl("knowledge.import")}>
      <h2 class="card-title">{tl("knowledge.import")}</h2>
      <p class="field-help">{tl("knowledge.importHelp")}</p>
      <input class="input" type="file" accept=".csv,.tsv,.md,.markdown,.txt,text/csv,text/markdown,text/plain" aria-label={tl("knowledge.importFile")} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      <ErrorLine error={saving.error()} />
      <Show when={result()}>
        {(r) => (
          <div role="status" class="knowledge-import-result">
            <p>{tl("knowledge.imported", { created: r().created, skipped: r().skipped })}</p>
            <Show when={r().errors.length}>
              <ul class="small danger-text">
                <For each={r().errors}>{(err) => <li>{err}</li>}</For>
              </ul>
            </Show>
          </div>
        )}
      </Show>
      <FormActions submit={tl("knowledge.importSubmit")} disabled={saving.busy() || !file()} />
    </form>
  );
}

/** A chat with the assistant that touches no conversation: each try is sent with the turns before it. */
function Playground(): JSX.Element {
  const saving = useSaving();
  const [message, setMessage] = createSignal("");
  const [history, setHistory] = createSignal<PreviewTurn[]>([]);
  const [last, setLast] = createSignal<AssistantPreview | null>(null);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const text = message().trim();
    if (!text) return;
    const answer = await saving.run(() => knowledgeApi.preview(text, history()));
    if (!answer) return;
    setLast(answer);
    setHistory([...history(), { direction: "in", text }, ...(answer.reply ? [{ direction: "out" as const, text: answer.reply }] : [])]);
    setMessage("");
  }
  return (
    <form class="card form-grid knowledge-playground" onSubmit={submit} aria-label={tl("knowledge.playground")}>
      <h2 class="card-title">{tl("knowledge.playground")}</h2>
      <p class="field-help">{tl("knowledge.playgroundHelp")}</p>
      <Show when={history().length}>
        <ol class="knowledge-chat" role="list">
          <For each={history()}>{(turn) => <li class={`knowledge-turn ${turn.direction}`}>{turn.text}</li>}</For>
        </ol>
      </Show>
      <label class="field">
        <span class="field-label">{tl("knowledge.customerSays")}</span>
        <input class="input" maxLength={4096} value={message()} placeholder={tl("knowledge.customerPlaceholder")} onInput={(e) => setMessage(e.currentTarget.value)} />
      </label>
      <ErrorLine error={saving.error()} />
      <Show when={last()}>
        {(p) => (
          <div class="knowledge-outcome" role="status" data-handoff={String(p().handoff)}>
            <p>
              <strong>{p().handoff ? tl("knowledge.handoff") : tl("knowledge.answers")}</strong> · {reasonText(p().reason)}
            </p>
            <Show when={p().sources.length}>
              <p class="muted small">
                {tl("knowledge.sources")}: {p().sources.map((s) => `${s.title} (${s.score.toFixed(1)})`).join(" · ")}
              </p>
            </Show>
          </div>
        )}
      </Show>
      <FormActions submit={tl("knowledge.try")} disabled={saving.busy() || !message().trim()}>
        <Show when={history().length}>
          <button type="button" class="btn btn-ghost" onClick={() => { setHistory([]); setLast(null); }}>
            {tl("knowledge.restart")}
          </button>
        </Show>
      </FormActions>
    </form>
  );
}
