// Small building blocks shared by the settings sections: a section header, an async "save" helper that turns
// refusals into sentences, and a two-step delete button (no browser confirm() boxes).
import { createSignal, type JSX, Show } from "solid-js";
import { actionErrorText } from "../../components/conversation-actions";
import { Icon } from "../../components/Icon";
import { tl } from "../../i18n/on-demand";

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
      setError(actionErrorText(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, done, run, setError };
}

export function ErrorLine(props: { error: string | null }): JSX.Element {
  return (
    <Show when={props.error}>
      <p class="form-error" role="alert">
        {props.error}
      </p>
    </Show>
  );
}

export function ConfirmButton(props: { label: string; confirm: string; onConfirm: () => void; disabled?: boolean }): JSX.Element {
  const [asking, setAsking] = createSignal(false);
  return (
    <Show
      when={asking()}
      fallback={
        <button type="button" class="btn btn-ghost btn-sm danger" disabled={props.disabled} onClick={() => setAsking(true)} aria-label={props.label}>
          <Icon name="trash" size={14} />
        </button>
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
          {tl("common.yes")}
        </button>
        <button type="button" class="btn btn-ghost btn-sm" onClick={() => setAsking(false)}>
          {tl("common.no")}
        </button>
      </span>
    </Show>
  );
}
