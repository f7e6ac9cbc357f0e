// Personal API tokens (every role): for scripts and integrations that call the API as this person, with
// `Authorization: Bearer col_…`. A new token is shown once — the server keeps only its hash — and revoking one
// stops it from the next request on.
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { Icon } from "../../components/Icon";
import { tokenApi } from "../../data/admin";
import type { ApiTokenCreated, ApiTokenEntry, TokenScope } from "../../data/types";
import { fullDate, relativeTime } from "../../i18n/format";
import AccountSecurity from "./AccountSecurity";
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
      <AccountSecurity />
      <SectionHead title={tl("tokens.title")} description={tl("tokens.descriptionScoped")} />
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
                      {token.expiresAt === null ? tl("tokens.never") : tl(expired() ? "tokens.expiredOn" : "tokens.expiresOn", { date: fullDate(token.expiresAt) })} ·{" "}
                      {token.lastUsedAt ? tl("tokens.lastUsed", { when: relativeTime(token.lastUsedAt) }) : tl("tokens.neverUsed")}
                    </span>
                    <span class="muted small" data-scopes={token.scopes.join(",")}>
                      {token.scopes.map((scope) => tl(`tokens.scope.${scope}`)).join(" · ")}
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
  const [scopes, setScopes] = createSignal<TokenScope[]>(["read", "reply"]);
  const toggle = (scope: TokenScope, on: boolean) => setScopes((list) => (on ? [...list.filter((s) => s !== scope), scope] : list.filter((s) => s !== scope)));
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const expiresInDays = days().trim() ? Number(days()) : undefined;
    const token = await saving.run(() => tokenApi.create({ name: name().trim(), expiresInDays, scopes: scopes() }));
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
          <input class="input" type="number" min="1" max="365" step="1" value={days()} placeholder="90" onInput={(e) => setDays(e.currentTarget.value)} />
          <span class="field-help">{tl("tokens.expiresMax")}</span>
        </label>
      </div>
      <fieldset class="field">
        <legend class="field-label">{tl("tokens.scopes")}</legend>
        <For each={["read", "reply", "admin"] as const}>
          {(scope) => (
            <label class="check">
              <input type="checkbox" name={`scope-${scope}`} checked={scopes().includes(scope)} onChange={(e) => toggle(scope, e.currentTarget.checked)} /> {tl(`tokens.scope.${scope}`)}
            </label>
          )}
        </For>
        <span class="field-help">{tl("tokens.scopesHelp")}</span>
      </fieldset>
      <ErrorLine error={saving.error()} />
      <FormActions submit={tl("tokens.submit")} disabled={saving.busy() || !name().trim() || !scopes().length} />
    </form>
  );
}
