// Personal API tokens (every role): for scripts and integrations that call the API as this person, with
// `Authorization: Bearer col_…`. A new token is shown once — the server keeps only its hash — and revoking one
// stops it from the next request on.
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { Icon } from "../../components/Icon";
import { tokenApi } from "../../data/admin";
import type { ApiTokenCreated, ApiTokenEntry } from "../../data/types";
import { fullDate } from "../../i18n/format";
import { tl } from "../../i18n/on-demand";
import { ConfirmButton, CopyField, ErrorLine, FormActions, SectionHead, useSaving } from "./settings-ui";

export default function TokensSection(): JSX.Element {
  const saving = useSaving();
  const [tokens, { refetch }] = createResource(async () => (await tokenApi.list()).items.sort((a, b) => b.createdAt - a.createdAt));
  const [created, setCreated] = createSignal<ApiTokenCreated | null>(null);
  const revoke = (token: ApiTokenEntry) =>
    saving.run(async () => {
      await tokenApi.revoke(token.id);
      if (created()?.id === token.id) setCreated(null);
      await refetch();
    });
  return (
    <section>
      <SectionHead title={tl("tokens.title")} description={tl("tokens.description")} />
      <Show
        when={created()}
        fallback={
          <TokenForm
            onCreated={(token) => {
              setCreated(token);
              void refetch();
            }}
          />
        }
      >
        {(token) => (
          <div class="card token-created" role="region" aria-label={tl("tokens.createdTitle", { name: token().name })}>
            <h2 class="card-title">{tl("tokens.createdTitle", { name: token().name })}</h2>
            <p class="token-warning">
              <Icon name="alert" size={16} />
              <span>{tl("tokens.once")}</span>
            </p>
            <CopyField value={token().token} label={tl("tokens.token")} copy={tl("tokens.copy")} />
            <p class="muted small">
              {tl("tokens.usage")} <code class="code-font">Authorization: Bearer {token().token.slice(0, 8)}…</code>
            </p>
            <div class="form-actions">
              <button type="button" class="btn btn-secondary" onClick={() => setCreated(null)}>
                {tl("tokens.stored")}
              </button>
            </div>
          </div>
        )}
      </Show>
      <h2 class="sub-title">{tl("tokens.list")}</h2>
      <ErrorLine error={saving.error()} />
      <Show when={!tokens.error} fallback={<p class="form-error">{tl("common.loadError")}</p>}>
        <ul class="token-list" role="list">
          <For each={tokens()} fallback={<li class="empty-line">{tokens.loading ? tl("tokens.loading") : tl("tokens.none")}</li>}>
            {(token) => {
              const expired = () => token.expiresAt !== null && token.expiresAt <= Date.now();
              return (
                <li class="card token" classList={{ "is-expired": expired() }} data-token={token.name}>
                  <Icon name="key" size={16} />
                  <div class="token-body">
                    <strong>{token.name}</strong>
                    <span class="muted small">
                      {tl("tokens.createdOn", { date: fullDate(token.createdAt) })} ·{" "}
                      {token.expiresAt === null ? tl("tokens.never") : tl(expired() ? "tokens.expiredOn" : "tokens.expiresOn", { date: fullDate(token.expiresAt) })}
                    </span>
                  </div>
                  <ConfirmButton label={tl("tokens.revokeOf", { name: token.name })} confirm={tl("tokens.confirmRevoke")} yes={tl("tokens.yesRevoke")} disabled={saving.busy()} onConfirm={() => void revoke(token)} />
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </section>
  );
}

function TokenForm(props: { onCreated: (token: ApiTokenCreated) => void }): JSX.Element {
  const saving = useSaving();
  const [name, setName] = createSignal("");
  const [days, setDays] = createSignal("");
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const expiresInDays = days().trim() ? Number(days()) : undefined;
    const token = await saving.run(() => tokenApi.create({ name: name().trim(), expiresInDays }));
    if (token) props.onCreated(token);
  }
  return (
    <form class="card form-grid" onSubmit={submit} aria-label={tl("tokens.create")}>
      <h2 class="card-title">{tl("tokens.create")}</h2>
      <div class="field-pair">
        <label class="field">
          <span class="field-label">{tl("tokens.name")}</span>
          <input class="input" required maxLength={80} value={name()} placeholder={tl("tokens.namePlaceholder")} autocomplete="off" onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="field-label">{tl("tokens.expires")}</span>
          <input class="input" type="number" min="1" max="3650" step="1" value={days()} placeholder={tl("tokens.never")} onInput={(e) => setDays(e.currentTarget.value)} />
          <span class="field-help">{tl("tokens.expiresHelp")}</span>
        </label>
      </div>
      <ErrorLine error={saving.error()} />
      <FormActions submit={tl("tokens.submit")} disabled={saving.busy() || !name().trim()} />
    </form>
  );
}
