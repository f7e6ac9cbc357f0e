// "Más": what the composer sends besides text — reply buttons, a list, a link button, a location request or a
// location — with WhatsApp's limits as the fields' limits (the API checks them again and says why when it refuses).
// Loaded on demand: the inbox's first load does not carry it.
import { createSignal, For, type JSX, Match, onMount, Show, Switch } from "solid-js";
import type { RichMessageInput } from "../../../shared/api/rich-messages";
import { api, ApiError } from "../data/api";
import { tl } from "../i18n/on-demand";

type Kind = "button" | "list" | "cta_url" | "location_request" | "location";
const KINDS: Kind[] = ["button", "list", "cta_url", "location_request", "location"];
const slug = (text: string, i: number) => `${i + 1}-${text.normalize("NFD").replace(/[^\w]+/g, "-").toLowerCase().slice(0, 40)}`;

export default function RichMessageDialog(props: { conversationId: string; onClose: () => void }): JSX.Element {
  let dialog!: HTMLDialogElement;
  onMount(() => dialog.showModal());
  const [kind, setKind] = createSignal<Kind>("button");
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  function build(form: FormData): RichMessageInput {
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const many = (name: string) => form.getAll(name).map((v) => String(v).trim()).filter(Boolean);
    switch (kind()) {
      case "button":
        return { type: "button", body: text("body"), buttons: many("option").map((title, i) => ({ id: slug(title, i), title })) };
      case "list":
        return { type: "list", body: text("body"), button: text("button"), sections: [{ rows: many("option").map((title, i) => ({ id: slug(title, i), title })) }] };
      case "cta_url":
        return { type: "cta_url", body: text("body"), displayText: text("displayText"), url: text("url") };
      case "location_request":
        return { type: "location_request", body: text("body") };
      case "location":
        return { type: "location", latitude: Number(text("latitude")), longitude: Number(text("longitude")), ...(text("name") ? { name: text("name") } : {}), ...(text("address") ? { address: text("address") } : {}) };
    }
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.send(props.conversationId, { rich: build(new FormData(e.currentTarget as HTMLFormElement)), clientId: crypto.randomUUID() });
      dialog.close();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : tl("rich.failed"));
    } finally {
      setBusy(false);
    }
  }

  const options = (count: number, max: number) => (
    <fieldset class="field rich-options">
      <legend class="field-label">{tl("rich.options", { n: count, max })}</legend>
      <For each={Array.from({ length: count })}>{(_, i) => <input class="input" name="option" maxLength={max} aria-label={tl("rich.optionN", { n: i() + 1 })} required={i() === 0} />}</For>
    </fieldset>
  );

  return (
    <dialog ref={dialog} class="dialog dialog-wide" aria-labelledby="rich-title" onClose={() => props.onClose()}>
      <form onSubmit={submit}>
        <header class="dialog-head">
          <h2 id="rich-title">{tl("rich.title")}</h2>
          <button type="button" class="btn btn-ghost" onClick={() => dialog.close()}>
            {tl("dialog.cancel")}
          </button>
        </header>
        <div class="dialog-body">
          <label class="field">
            <span class="field-label">{tl("rich.kind")}</span>
            <select class="select" value={kind()} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
              <For each={KINDS}>{(k) => <option value={k}>{tl(`rich.kind.${k}`)}</option>}</For>
            </select>
          </label>
          <Show when={kind() !== "location"}>
            <label class="field">
              <span class="field-label">{tl("rich.body")}</span>
              <textarea class="input" name="body" required rows={3} maxLength={kind() === "list" ? 4096 : 1024} />
            </label>
          </Show>
          <Switch>
            <Match when={kind() === "button"}>{options(3, 20)}</Match>
            <Match when={kind() === "list"}>
              <label class="field">
                <span class="field-label">{tl("rich.listButton")}</span>
                <input class="input" name="button" required maxLength={20} placeholder={tl("rich.listButtonPlaceholder")} />
              </label>
              {options(10, 24)}
            </Match>
            <Match when={kind() === "cta_url"}>
              <label class="field">
                <span class="field-label">{tl("rich.displayText")}</span>
                <input class="input" name="displayText" required maxLength={20} />
              </label>
              <label class="field">
                <span class="field-label">{tl("rich.url")}</span>
                <input class="input" name="url" type="url" required pattern="https://.*" placeholder="https://" />
              </label>
            </Match>
            <Match when={kind() === "location"}>
              <div class="start-phone">
                <input class="input" name="latitude" required type="number" step="any" min="-90" max="90" aria-label={tl("rich.latitude")} placeholder={tl("rich.latitude")} />
                <input class="input" name="longitude" required type="number" step="any" min="-180" max="180" aria-label={tl("rich.longitude")} placeholder={tl("rich.longitude")} />
              </div>
              <input class="input" name="name" maxLength={1000} aria-label={tl("rich.placeName")} placeholder={tl("rich.placeName")} />
              <input class="input" name="address" maxLength={1000} aria-label={tl("rich.address")} placeholder={tl("rich.address")} />
            </Match>
          </Switch>
          <Show when={error()}>{(message) => <p class="field-error" role="alert">{message()}</p>}</Show>
        </div>
        <footer class="dialog-foot">
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            {tl("rich.send")}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
