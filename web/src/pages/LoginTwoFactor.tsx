// The login's second step (loaded on demand): a 6-digit code from the authenticator app, or — when the workspace
// requires two-step verification for this role and it is not set up — the key to add to the app first. The ticket
// from the password step is valid 5 minutes; after that the person goes back to the password.
import { createResource, createSignal, type JSX, Show } from "solid-js";
import { ErrorLine } from "../components/ErrorLine";
import { ApiError, request } from "../data/api";
import type { LoginCodeBody, SessionStarted, TwoFactorChallenge, TwoFactorSetup } from "../data/types";
import { tl } from "../i18n/on-demand";

// Calls made here, not through data/admin.ts: sharing a module with the settings chunk would add a chunk to the
// inbox's preload map (first load). Settings › Cuenta has its own copy of the two small fields below for that reason.
const loginStepApi = {
  setup: (ticket: string) => request<TwoFactorSetup, { ticket: string }>("POST", "/api/auth/login/2fa/setup", { ticket }),
  code: (body: LoginCodeBody) => request<SessionStarted, LoginCodeBody>("POST", "/api/auth/login/2fa", body),
};

/** The key and the otpauth link, as text to type or copy (no QR: no extra code in the bundle). */
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

export default function LoginTwoFactor(props: { challenge: TwoFactorChallenge; onDone: () => void; onBack: () => void }): JSX.Element {
  const enrol = props.challenge.twoFactor === "enrol";
  const [setup] = createResource(() => (enrol ? props.challenge.ticket : false), (ticket) => loginStepApi.setup(ticket));
  const [code, setCode] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await loginStepApi.code({ ticket: props.challenge.ticket, code: code() });
      props.onDone();
    } catch (err) {
      const code = err instanceof ApiError ? err.code : "";
      if (code === "ticket_expired" || code === "invalid_ticket") setError(tl("login.expired"));
      else if (err instanceof ApiError && err.status === 429) setError(tl("login.throttled", { minutes: Math.max(1, Math.ceil((err.retryAfter ?? 60) / 60)) }));
      else if (err instanceof ApiError && (err.status === 401 || err.status === 400)) setError(tl("twofa.wrongCode"));
      else setError(tl("login.failed"));
      setCode("");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="login-card" onSubmit={submit} aria-label={enrol ? tl("login.enrolTitle") : tl("login.codeTitle")}>
      <h1>{enrol ? tl("login.enrolTitle") : tl("login.codeTitle")}</h1>
      <p class="muted">{enrol ? tl("login.enrolHelp") : tl("login.codeHelp")}</p>
      <Show when={setup()}>{(s) => <SecretBox setup={s()} />}</Show>
      <Show when={setup.error}>
        <ErrorLine error={tl("login.expired")} />
      </Show>
      <CodeField value={code()} onInput={setCode} />
      <ErrorLine error={error()} />
      <button type="submit" class="btn btn-primary btn-block" disabled={busy() || code().length !== 6}>
        {tl("login.verify")}
      </button>
      <button type="button" class="btn btn-ghost btn-block" onClick={() => props.onBack()}>
        {tl("login.back")}
      </button>
    </form>
  );
}
