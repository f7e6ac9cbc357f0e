// One's own account security, shown above the API tokens: change the password (which ends one's other sessions),
// two-step verification (TwoFactorCard.tsx) and
// the list of one's open sessions, each with an end button, plus "log out everywhere".
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { ApiError } from "../../data/api";
import { accountApi } from "../../data/admin";
import type { SessionEntry } from "../../data/types";
import { relativeTime } from "../../i18n/format";
import { tl } from "../../i18n/on-demand";
import TwoFactorCard from "./TwoFactorCard";
import { ConfirmButton, ErrorLine, FormActions, settingsErrorText, useSaving } from "./settings-ui";

export default function AccountSecurity(): JSX.Element {
  const [sessions, { refetch }] = createResource(async () => (await accountApi.sessions()).items);
  return (
    <>
      <PasswordForm onChanged={() => void refetch()} />
      <TwoFactorCard />
      <SessionsList sessions={sessions() ?? []} loading={sessions.loading} failed={Boolean(sessions.error)} refetch={() => void refetch()} />
    </>
  );
}

function PasswordForm(props: { onChanged: () => void }): JSX.Element {
  const saving = useSaving();
  const [current, setCurrent] = createSignal("");
  const [next, setNext] = createSignal("");
  const [ended, setEnded] = createSignal<number | null>(null);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setEnded(null);
    saving.setError(null);
    if (next().length < 8) return saving.setError(tl("account.short"));
    try {
      const result = await accountApi.changePassword({ currentPassword: current(), newPassword: next() });
      setCurrent("");
      setNext("");
      setEnded(result.endedSessions);
      props.onChanged();
    } catch (err) {
      saving.setError(err instanceof ApiError && err.code === "wrong_password" ? tl("account.wrongPassword") : settingsErrorText(err));
    }
  }
  return (
    <form class="card form-grid" onSubmit={submit} aria-label={tl("account.passwordTitle")}>
      <h2 class="card-title">{tl("account.passwordTitle")}</h2>
      <div class="field-pair">
        <label class="field">
          <span class="field-label">{tl("account.current")}</span>
          <input class="input" type="password" required autocomplete="current-password" value={current()} onInput={(e) => setCurrent(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="field-label">{tl("account.new")}</span>
          <input class="input" type="password" required minLength={8} maxLength={200} autocomplete="new-password" value={next()} onInput={(e) => setNext(e.currentTarget.value)} />
          <span class="field-help">{tl("account.newHelp")}</span>
        </label>
      </div>
      <ErrorLine error={saving.error()} />
      <Show when={ended() !== null}>
        <p class="muted small" role="status">{tl("account.changed", { n: String(ended()) })}</p>
      </Show>
      <FormActions submit={tl("account.submit")} disabled={saving.busy() || !current() || !next()} />
    </form>
  );
}

function SessionsList(props: { sessions: SessionEntry[]; loading: boolean; failed: boolean; refetch: () => void }): JSX.Element {
  const saving = useSaving();
  const end = (s: SessionEntry) => saving.run(async () => {
    await accountApi.endSession(s.id);
    props.refetch();
  });
  const everywhere = () => saving.run(async () => {
    await accountApi.logoutEverywhere();
    location.assign("/login");
  });
  return (
    <>
      <h2 class="sub-title">{tl("account.sessions")}</h2>
      <ErrorLine error={saving.error()} />
      <Show when={!props.failed} fallback={<p class="form-error">{tl("common.loadError")}</p>}>
        <ul class="token-list" role="list" aria-label={tl("account.sessions")}>
          <For each={props.sessions} fallback={<li class="empty-line">{props.loading ? tl("tokens.loading") : tl("account.noSessions")}</li>}>
            {(s) => (
              <li class="card token" data-session={s.id}>
                <div class="token-body">
                  <strong>{s.userAgent ? s.userAgent.slice(0, 80) : tl("account.unknownBrowser")}</strong>
                  <span class="muted small">
                    {s.current ? tl("account.thisSession") : tl("account.lastSeen", { when: relativeTime(s.lastSeenAt) })}
                  </span>
                </div>
                <Show when={!s.current}>
                  <ConfirmButton label={tl("account.endOf", { name: s.userAgent?.slice(0, 40) ?? s.id })} confirm={tl("account.confirmEnd")} yes={tl("account.yesEnd")} disabled={saving.busy()} onConfirm={() => void end(s)} />
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="form-actions">
        <ConfirmButton label={tl("account.everywhere")} text={tl("account.everywhere")} confirm={tl("account.confirmEverywhere")} yes={tl("account.yesEverywhere")} disabled={saving.busy()} onConfirm={() => void everywhere()} />
      </div>
    </>
  );
}
