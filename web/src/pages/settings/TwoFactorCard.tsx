// Settings › Cuenta: two-step verification for one's own account — turn it on (the key and otpauth link as text,
// then a code from the app), or off (password and a current code; not possible when the workspace requires it).
import { createResource, createSignal, type JSX, Match, Show, Switch } from "solid-js";
import { ApiError } from "../../data/api";
import { accountApi } from "../../data/admin";
import type { TwoFactorSetup } from "../../data/types";
import { fullDate } from "../../i18n/format";
import { tl } from "../../i18n/on-demand";
import { ErrorLine, FormActions, settingsErrorText, useSaving } from "./settings-ui";

const codeError = (err: unknown) => (err instanceof ApiError && err.code === "invalid_code" ? tl("twofa.wrongCode") : err instanceof ApiError && err.code === "wrong_password" ? tl("account.wrongPassword") : settingsErrorText(err));

/** (A copy of the login step's, see LoginTwoFactor.tsx.) The key and the otpauth link, as text to type or copy (no QR: no extra code in the bundle). */
function SecretBox(props: { setup: TwoFactorSetup }): JSX.Element {
  return (
    <div class="twofa-secret">
      <p class="muted small">{tl("twofa.secretHelp")}</p>
      <label class="field">
        <span class="field-label">{tl("twofa.secret")}</span>
        <input class="input code-font" readonly value={props.setup.secret.replace(/(.{4})/g, "$1 ").trim()} data-secret={props.setup.secret} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <label class="field">
        <span class="field-label">{tl("twofa.uri")}</span>
        <input class="input code-font" readonly value={props.setup.otpauthUri} onFocus={(e) => e.currentTarget.select()} />
      </label>
    </div>
  );
}

function CodeField(props: { value: string; onInput: (code: string) => void }): JSX.Element {
  return (
    <label class="field">
      <span class="field-label">{tl("twofa.code")}</span>
      <input
        class="input code-font"
        name="code"
        inputmode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value.replace(/\D/g, "").slice(0, 6))}
      />
    </label>
  );
}

export default function TwoFactorCard(): JSX.Element {
  const [status, { refetch }] = createResource(() => accountApi.twoFactor());
  const saving = useSaving();
  const [setup, setSetup] = createSignal<TwoFactorSetup | null>(null);
  const [code, setCode] = createSignal("");
  const [password, setPassword] = createSignal("");

  const start = () => saving.run(async () => setSetup(await accountApi.twoFactorSetup()));
  async function enable(e: SubmitEvent) {
    e.preventDefault();
    try {
      await accountApi.twoFactorEnable(code());
      setSetup(null);
      setCode("");
      void refetch();
    } catch (err) {
      saving.setError(codeError(err));
    }
  }
  async function disable(e: SubmitEvent) {
    e.preventDefault();
    try {
      await accountApi.twoFactorDisable({ password: password(), code: code() });
      setCode("");
      setPassword("");
      void refetch();
    } catch (err) {
      saving.setError(codeError(err));
    }
  }

  return (
    <section class="card form-grid" aria-label={tl("twofa.title")} data-twofa={status()?.enabled ? "on" : "off"}>
      <h2 class="card-title">{tl("twofa.title")}</h2>
      <Show when={status()?.required}>
        <p class="muted small">{tl("twofa.required")}</p>
      </Show>
      <Switch>
        <Match when={status()?.enabled}>
          <p role="status">{tl("twofa.on", { date: fullDate(status()!.enabledAt ?? Date.now()) })}</p>
          <Show when={!status()?.required}>
            <form class="form-grid" onSubmit={disable}>
              <p class="muted small">{tl("twofa.disableHelp")}</p>
              <div class="field-pair">
                <label class="field">
                  <span class="field-label">{tl("twofa.password")}</span>
                  <input class="input" type="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
                </label>
                <CodeField value={code()} onInput={setCode} />
              </div>
              <ErrorLine error={saving.error()} />
              <FormActions submit={tl("twofa.disable")} disabled={!password() || code().length !== 6} />
            </form>
          </Show>
        </Match>
        <Match when={setup()}>
          {(s) => (
            <form class="form-grid" onSubmit={enable}>
              <SecretBox setup={s()} />
              <CodeField value={code()} onInput={setCode} />
              <ErrorLine error={saving.error()} />
              <FormActions submit={tl("twofa.enable")} disabled={code().length !== 6} onCancel={() => setSetup(null)} />
            </form>
          )}
        </Match>
        <Match when={status()}>
          <p class="muted small">{tl("twofa.off")}</p>
          <ErrorLine error={saving.error()} />
          <div class="form-actions">
            <button type="button" class="btn btn-primary" disabled={saving.busy()} onClick={() => void start()}>
              {tl("twofa.start")}
            </button>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
