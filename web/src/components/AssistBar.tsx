// The composer's assist buttons (model mode only): suggest a reply, improve the draft, translate it. Each fills the
// draft for the agent to review; nothing is sent by itself. Loaded on demand, once the assistant is known to run.
import { createSignal, type JSX, Show } from "solid-js";
import { assistText } from "../data/assist";
import { tl } from "../i18n/on-demand";
import { Icon } from "./Icon";

const LANGUAGES = [
  { value: "English", label: "English" },
  { value: "português", label: "Português" },
  { value: "français", label: "Français" },
];

export default function AssistBar(props: { conversationId: string; draft: string; onText: (text: string) => void }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [failed, setFailed] = createSignal(false);
  const run = async (body: Parameters<typeof assistText>[1]) => {
    setBusy(true);
    setFailed(false);
    try {
      props.onText(await assistText(props.conversationId, body));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="assist-bar" aria-busy={busy()}>
      <button type="button" class="btn btn-ghost btn-sm" disabled={busy()} onClick={() => void run({ task: "suggest" })}>
        <Icon name="bot" size={14} /> {tl("assist.suggest")}
      </button>
      <button type="button" class="btn btn-ghost btn-sm" disabled={busy() || !props.draft.trim()} onClick={() => void run({ task: "rephrase", draft: props.draft })}>
        {tl("assist.improve")}
      </button>
      <select
        class="input assist-lang"
        aria-label={tl("assist.translate")}
        disabled={busy() || !props.draft.trim()}
        onChange={(e) => {
          const language = e.currentTarget.value;
          e.currentTarget.value = "";
          if (language) void run({ task: "rephrase", draft: props.draft, language });
        }}
      >
        <option value="">{tl("assist.translate")}</option>
        {LANGUAGES.map((l) => <option value={l.value}>{l.label}</option>)}
      </select>
      <Show when={failed()}>
        <span class="muted small">{tl("assist.failed")}</span>
      </Show>
    </span>
  );
}
