// First run of a fresh deployment (loaded on demand by the login page when GET /api/setup says so): the workspace
// (name, time zone, country, language) and its first admin. The setup token is the SETUP_TOKEN Worker secret, so
// only whoever deployed can submit it; on success the admin is logged in.
import { createSignal, For, type JSX } from "solid-js";
import type { SetupBody } from "../../../shared/api/channels";
import type { SessionStarted } from "../../../shared/api/auth";
import { ErrorLine } from "../components/ErrorLine";
import { ApiError, request } from "../data/api";
import { tl } from "../i18n/on-demand";

const zones = (): string[] => {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["Europe/Madrid", "America/Mexico_City", "America/Bogota", "America/Argentina/Buenos_Aires", "UTC"];
  }
};
// The browser's own region as the default country (es-MX → MX), else Spain.
const browserCountry = (): string => /-([A-Z]{2})\b/.exec(navigator.language)?.[1] ?? "ES";

export default function SetupForm(): JSX.Element {
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? "").trim();
    const body: SetupBody = {
      setupToken: field("setupToken"), workspaceName: field("workspaceName"), timeZone: field("timeZone"), country: field("country"),
      locale: field("locale") === "en" ? "en" : "es", name: field("name"), email: field("email"), password: String(form.get("password") ?? ""),
    };
    setBusy(true);
    setError(null);
    try {
      await request<SessionStarted, SetupBody>("POST", "/api/setup", body);
      // A full load: the session and the workspace's language start fresh.
      window.location.assign("/");
    } catch (err) {
      // Someone finished the setup meanwhile: the page shows the login.
      if (err instanceof ApiError && err.code === "already_set_up") window.location.reload();
      if (err instanceof ApiError && err.code === "invalid_setup_token") setError(tl("setup.invalidToken"));
      else setError(err instanceof ApiError ? err.message : tl("login.failed"));
    } finally {
      setBusy(false);
    }
  }
  const input = (name: string, label: string, attrs: JSX.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label class="field">
      <span class="field-label">{label}</span>
      <input class="input" name={name} required {...attrs} />
    </label>
  );
  return (
    <form class="login-card" onSubmit={submit} aria-label={tl("setup.title")}>
      <h1>{tl("setup.title")}</h1>
      <p class="muted">{tl("setup.subtitle")}</p>
      {input("setupToken", tl("setup.token"), { type: "password", autocomplete: "off" })}
      {input("workspaceName", tl("setup.workspaceName"), { maxLength: 80 })}
      <label class="field">
        <span class="field-label">{tl("setup.timeZone")}</span>
        <select class="input" name="timeZone">
          <For each={zones()}>{(z) => <option value={z} selected={z === here}>{z}</option>}</For>
        </select>
      </label>
      {input("country", tl("setup.country"), { value: browserCountry(), maxLength: 2, pattern: "[A-Za-z]{2}" })}
      <label class="field">
        <span class="field-label">{tl("setup.locale")}</span>
        <select class="input" name="locale">
          <option value="es">Español</option>
          <option value="en" selected={navigator.language.startsWith("en")}>English</option>
        </select>
      </label>
      {input("name", tl("setup.adminName"), { maxLength: 80, autocomplete: "name" })}
      {input("email", tl("login.email"), { type: "email", autocomplete: "username" })}
      {input("password", tl("login.password"), { type: "password", minLength: 8, autocomplete: "new-password" })}
      <ErrorLine error={error()} />
      <button type="submit" class="btn btn-primary btn-block" disabled={busy()}>
        {busy() ? tl("setup.submitting") : tl("setup.submit")}
      </button>
    </form>
  );
}
