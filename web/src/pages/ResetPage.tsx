// Setting a new password through an admin's single-use link (/reset/:token, public, loaded on demand through the
// invitation page's route): says whose account it is, takes the new password (8+), and sends the person to log in
// (every session of theirs ended). Says plainly when the link was used or has expired.
import { A, useParams } from "@solidjs/router";
import { createResource, createSignal, type JSX, Match, Show, Switch } from "solid-js";
import { ErrorLine } from "../components/ErrorLine";
import { ApiError } from "../data/api";
import { resetApi } from "../data/admin";
import { tl } from "../i18n/on-demand";

export default function ResetPage(): JSX.Element {
  const params = useParams<{ token: string }>();
  const [info] = createResource(() => params.token, (token) => resetApi.get(token));
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget as HTMLFormElement).get("password") ?? "");
    if (password.length < 8) return setError(tl("account.short"));
    setBusy(true);
    setError(null);
    try {
      await resetApi.use(params.token, { password });
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError && (err.status === 404 || err.status === 410) ? tl("reset.gone") : err instanceof ApiError && err.status === 400 ? tl("account.short") : tl("login.failed"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <div class="login-card">
        <h1>{tl("reset.title")}</h1>
        <Switch>
          <Match when={info.error}>
            <p class="form-error" role="alert">{(info.error as ApiError).status === 404 || (info.error as ApiError).status === 410 ? tl("reset.gone") : tl("common.loadError")}</p>
          </Match>
          <Match when={done()}>
            <p role="status">{tl("reset.done")}</p>
            <A class="btn btn-primary btn-block" href="/login">{tl("reset.goLogin")}</A>
          </Match>
          <Match when={info()}>
            {(who) => (
              <form onSubmit={submit} class="form-grid">
                <p class="muted">{tl("reset.for", { name: who().name, email: who().email })}</p>
                <label class="field">
                  <span class="field-label">{tl("account.new")}</span>
                  <input class="input" name="password" type="password" autocomplete="new-password" minLength={8} maxLength={200} required />
                </label>
                <ErrorLine error={error()} />
                <button type="submit" class="btn btn-primary btn-block" disabled={busy()}>{tl("reset.submit")}</button>
              </form>
            )}
          </Match>
        </Switch>
        <Show when={info.loading}>
          <p class="muted">…</p>
        </Show>
      </div>
    </main>
  );
}
