// Sign-in page: email and password; says plainly when they are wrong (401) or when to wait (429).
import { createAsync, Navigate, query, revalidate, useAction, useNavigate } from "@solidjs/router";
import { createResource, createSignal, type JSX, Show } from "solid-js";
import { ErrorLine } from "../components/ErrorLine";
import { LanguageSelect } from "../components/LanguageSelect";
import { ApiError, request } from "../data/api";
import type { SetupStatus } from "../../../shared/api/channels";
import { getMe, loginAction } from "../data/session";
import { t } from "../i18n";
import { tl } from "../i18n/on-demand";
// Part of the login's chunk (on demand): a lazy chunk of its own would add its name to the first load's preload map.
import SetupForm from "./SetupForm";
import type { TwoFactorChallenge } from "../data/types";
import LoginTwoFactor from "./LoginTwoFactor";

export default function LoginPage(): JSX.Element {
  const me = createAsync(() => getMe());
  // A fresh deployment has nobody to log in: the one-time setup takes the login's place.
  const [setup] = createResource(() => request<SetupStatus>("GET", "/api/setup").catch(() => ({ needed: false })));
  const login = useAction(loginAction);
  const navigate = useNavigate();
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  /** The password was right and a second step is owed (a code, or setting one up). */
  const [challenge, setChallenge] = createSignal<TwoFactorChallenge | null>(null);

  async function secondStepDone() {
    query.clear();
    await revalidate(getMe.key);
    navigate("/", { replace: true });
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      const result: unknown = await login(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
      if (result && typeof result === "object" && "twoFactor" in result) return void setChallenge(result as TwoFactorChallenge);
      navigate("/", { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(tl("login.invalid"));
      else if (err instanceof ApiError && err.status === 429) setError(tl("login.throttled", { minutes: Math.max(1, Math.ceil((err.retryAfter ?? 60) / 60)) }));
      else if (err instanceof ApiError && err.status === 400) setError(tl("login.invalid"));
      else setError(tl("login.failed"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <Show when={me()}>
        <Navigate href="/" />
      </Show>
      <Show when={setup()?.needed}>
        <SetupForm />
      </Show>
      <Show when={setup() && !setup()!.needed}>
      <Show when={challenge()}>{(c) => <LoginTwoFactor challenge={c()} onDone={() => void secondStepDone()} onBack={() => setChallenge(null)} />}</Show>
      <form class="login-card" onSubmit={submit} novalidate={false} hidden={challenge() !== null}>
        <div class="login-brand">
          <span class="brand-mark" aria-hidden="true">
            ⬢
          </span>
          <span class="brand-name">{t("app.name")}</span>
        </div>
        <h1>{tl("login.title")}</h1>
        <p class="muted">{tl("login.subtitle")}</p>
        <label class="field">
          <span class="field-label">{tl("login.email")}</span>
          <input class="input" name="email" type="email" autocomplete="username" required autofocus />
        </label>
        <label class="field">
          <span class="field-label">{tl("login.password")}</span>
          <input class="input" name="password" type="password" autocomplete="current-password" required />
        </label>
        <ErrorLine error={error()} />
        <button type="submit" class="btn btn-primary btn-block" disabled={busy()}>
          {busy() ? tl("login.submitting") : tl("login.submit")}
        </button>
        <label class="login-lang">
          <span class="sr-only">{t("nav.language")}</span>
          <LanguageSelect />
        </label>
      </form>
      </Show>
    </main>
  );
}
