// Accepting an invitation (/invite/:token, public): who invited you to which workspace and role, choose a
// password (8+ characters), and you are signed in. Says plainly when the link was used or has expired.
import { query, useLocation, useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, type JSX, Match, Show, Switch } from "solid-js";
import ResetPage from "./ResetPage";
import { ErrorLine } from "../components/ErrorLine";
import { ApiError } from "../data/api";
import { inviteApi } from "../data/admin";
import { t } from "../i18n";
import { fullDate } from "../i18n/format";
import { tl } from "../i18n/on-demand";

/** /invite/:token, and /reset/:token (an admin's password reset link) through the same on-demand route. */
export default function InvitePage(): JSX.Element {
  return (
    <Show when={useLocation().pathname.startsWith("/reset/")} fallback={<AcceptInvite />}>
      <ResetPage />
    </Show>
  );
}

function AcceptInvite(): JSX.Element {
  const params = useParams<{ token: string }>();
  const navigate = useNavigate();
  const [invite] = createResource(() => params.token, (token) => inviteApi.get(token));
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const problem = () => {
    const e = invite.error as ApiError | undefined;
    if (!e) return null;
    return e.status === 410 ? tl("invite.expired") : e.status === 404 ? tl("invite.used") : tl("common.loadError");
  };

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const password = String(form.get("password") ?? "");
    if (password.length < 8) return setError(tl("invite.short"));
    if (password !== String(form.get("confirm") ?? "")) return setError(tl("invite.mismatch"));
    setBusy(true);
    setError(null);
    try {
      await inviteApi.accept(params.token, { password, name: String(form.get("name") ?? "").trim() || undefined });
      query.clear();
      navigate("/", { replace: true });
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setError(status === 410 ? tl("invite.expired") : status === 404 ? tl("invite.used") : status === 400 ? tl("invite.short") : tl("invite.failed"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <div class="login-card">
        <div class="login-brand">
          <span class="brand-mark" aria-hidden="true">
            ⬢
          </span>
          <span class="brand-name">{t("app.name")}</span>
        </div>
        <Switch>
          <Match when={invite.loading}>
            <p class="muted" role="status">
              {t("app.loading")}
            </p>
          </Match>
          <Match when={problem()}>
            <h1>{tl("invite.problemTitle")}</h1>
            <p class="form-error" role="alert">
              {problem()}
            </p>
            <a class="btn btn-secondary btn-block" href="/login">
              {tl("invite.toLogin")}
            </a>
          </Match>
          <Match when={invite()}>
            {(info) => (
              <form class="login-form" onSubmit={submit}>
                <h1>{tl("invite.title", { workspace: info().workspaceName })}</h1>
                <p class="muted">{tl("invite.subtitle", { role: tl(`role.${info().role}`), email: info().email })}</p>
                <label class="field">
                  <span class="field-label">{tl("invite.name")}</span>
                  <input class="input" name="name" autocomplete="name" value={info().name} maxLength={80} />
                </label>
                <label class="field">
                  <span class="field-label">{tl("invite.password")}</span>
                  <input class="input" name="password" type="password" autocomplete="new-password" required />
                </label>
                <label class="field">
                  <span class="field-label">{tl("invite.confirm")}</span>
                  <input class="input" name="confirm" type="password" autocomplete="new-password" required />
                </label>
                <ErrorLine error={error()} />
                <button type="submit" class="btn btn-primary btn-block" disabled={busy()}>
                  {busy() ? tl("login.submitting") : tl("invite.submit")}
                </button>
                <p class="muted small">{tl("invite.expires", { date: fullDate(info().expiresAt) })}</p>
              </form>
            )}
          </Match>
        </Switch>
      </div>
    </main>
  );
}
