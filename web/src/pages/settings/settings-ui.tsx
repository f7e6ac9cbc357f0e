// Small building blocks shared by the settings sections: a section header, an async "save" helper that turns
// refusals into sentences (naming what blocks a delete), a two-step delete button (no browser confirm() boxes)
// and a read-only field with a copy button (invitation links, API tokens).
import { createSignal, type JSX, Show } from "solid-js";
import { actionErrorText } from "../../components/conversation-actions";
import { Icon } from "../../components/Icon";
import { ApiError } from "../../data/api";
import { locale } from "../../i18n";
import { type OnDemandKey, tl } from "../../i18n/on-demand";

export { ErrorLine } from "../../components/ErrorLine";

export function SectionHead(props: { title: string; description?: string; children?: JSX.Element }): JSX.Element {
  return (
    <header class="section-head">
      <div>
        <h1>{props.title}</h1>
        <Show when={props.description}>
          <p class="muted">{props.description}</p>
        </Show>
      </div>
      <Show when={props.children}>
        <div class="section-actions">{props.children}</div>
      </Show>
    </header>
  );
}

/** Runs one write at a time; `error` says why it was refused, `done` flashes after success. */
export function useSaving() {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal(false);
  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const result = await work();
      setDone(true);
      setTimeout(() => setDone(false), 2500);
      return result;
    } catch (err) {
      setError(settingsErrorText(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, done, run, setError };
}

const SETTINGS_ERRORS: Partial<Record<string, OnDemandKey>> = {
  tag_exists: "settingsError.tagExists",
  team_exists: "settingsError.teamExists",
  email_taken: "settingsError.emailTaken",
  not_found: "settingsError.notFound",
};

/**
 * A refusal from the settings' API in the person's words. Deletes refused because something still uses the
 * tag or team name what: `tag_in_use` lists rule names, `team_in_use` entries like `rule "X"` / `channel "Y"`.
 */
export function settingsErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    const details = err.details as { rules?: unknown; usedBy?: unknown } | undefined;
    const list = (names: string[]) => new Intl.ListFormat(locale(), { type: "conjunction" }).format(names);
    if (err.code === "tag_in_use" && strings(details?.rules).length) return tl("settingsError.tagInUse", { rules: list(strings(details?.rules).map((name) => tl("settingsError.byRule", { name }))) });
    if (err.code === "team_in_use" && strings(details?.usedBy).length) return tl("settingsError.teamInUse", { users: list(strings(details?.usedBy).map(usedBy)) });
    const key = SETTINGS_ERRORS[err.code];
    if (key) return tl(key);
  }
  return actionErrorText(err);
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** `rule "Facturas"` → "la regla «Facturas»", `channel "Ventas"` → "el número «Ventas»"; anything else as sent. */
function usedBy(entry: string): string {
  const m = /^(rule|channel) "(.*)"$/.exec(entry);
  return m ? tl(m[1] === "rule" ? "settingsError.byRule" : "settingsError.byChannel", { name: m[2]! }) : entry;
}

/** A destructive action asked twice: a trash button (or a button saying `text`), then "¿Seguro? Sí / No". */
export function ConfirmButton(props: { label: string; confirm: string; onConfirm: () => void; disabled?: boolean; yes?: string; text?: string }): JSX.Element {
  const [asking, setAsking] = createSignal(false);
  return (
    <Show
      when={asking()}
      fallback={
        <Show
          when={props.text}
          fallback={
            <button type="button" class="btn btn-ghost btn-sm danger" disabled={props.disabled} onClick={() => setAsking(true)} aria-label={props.label}>
              <Icon name="trash" size={14} />
            </button>
          }
        >
          <button type="button" class="btn btn-secondary" disabled={props.disabled} onClick={() => setAsking(true)}>
            {props.text}
          </button>
        </Show>
      }
    >
      <span class="confirm">
        <span>{props.confirm}</span>
        <button
          type="button"
          class="btn btn-sm btn-danger"
          onClick={() => {
            setAsking(false);
            props.onConfirm();
          }}
        >
          {props.yes ?? tl("common.yes")}
        </button>
        <button type="button" class="btn btn-ghost btn-sm" onClick={() => setAsking(false)}>
          {tl("common.no")}
        </button>
      </span>
    </Show>
  );
}

/**
 * A form's buttons: "Guardado" once `saved`, whatever `children` adds, "Cancelar" when there is somewhere to go back
 * to, then submit.
 */
export function FormActions(props: { submit: string; disabled?: boolean; saved?: boolean; onCancel?: () => void; children?: JSX.Element }): JSX.Element {
  return (
    <div class="form-actions">
      <Show when={props.saved}>
        <span class="muted small" role="status">{tl("common.saved")}</span>
      </Show>
      {props.children}
      <Show when={props.onCancel}>
        {(cancel) => (
          <button type="button" class="btn btn-ghost" onClick={() => cancel()()}>
            {tl("common.cancel")}
          </button>
        )}
      </Show>
      <button type="submit" class="btn btn-primary" disabled={props.disabled}>
        {props.submit}
      </button>
    </div>
  );
}

/** A read-only value to copy (selected on focus, for browsers without clipboard access). */
export function CopyField(props: { value: string; label: string; copy: string }): JSX.Element {
  const [copied, setCopied] = createSignal(false);
  return (
    <div class="copy-row">
      <input class="input code-font" readonly value={props.value} aria-label={props.label} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" class="btn btn-primary" onClick={() => void navigator.clipboard?.writeText(props.value).then(() => setCopied(true)).catch(() => undefined)}>
        <Icon name="copy" size={16} />
        {copied() ? tl("common.copied") : props.copy}
      </button>
    </div>
  );
}
