// Development only: a "customer phone" that chats with the business through the Graph simulator —
// text, photo, location and button replies in, the business's replies (with ticks) out, polled every second.
import { createResource, createSignal, For, type JSX, Match, onCleanup, Show, Switch } from "solid-js";
import { type SimSent, sendAsCustomer, sentTo, simulatorAvailable } from "../data/sim";
import { tl } from "../i18n/on-demand";
import { timeOfDay } from "../i18n/format";
import { ErrorLine } from "../components/ErrorLine";
import { Ticks } from "../components/Ticks";
import type { MessageStatus } from "../../../shared/model";

const SAMPLES = [
  { number: "34600111222", name: "Lucía Fernández" },
  { number: "34600333444", name: "Carlos Gómez" },
  { number: "5215512345678", name: "María José Ortega" },
  { number: "573001112233", name: "Andrés Gómez 🇨🇴" },
];

interface Bubble {
  id: string;
  mine: boolean;
  text: string;
  at: number;
  status?: string;
}

export default function DevPhonePage(): JSX.Element {
  const [available] = createResource(simulatorAvailable);
  return (
    <main class="phone-page">
      <Switch>
        <Match when={available.loading}>
          <p class="muted">{tl("dev.checking")}</p>
        </Match>
        <Match when={!available()}>
          <div class="empty-state">
            <h1>{tl("dev.title")}</h1>
            <p>{tl("dev.unavailable")}</p>
            <a class="btn btn-secondary" href="/">
              {tl("dev.openInbox")}
            </a>
          </div>
        </Match>
        <Match when={available()}>
          <Phone />
        </Match>
      </Switch>
    </main>
  );
}

function Phone(): JSX.Element {
  const [number, setNumber] = createSignal(SAMPLES[0]!.number);
  const [name, setName] = createSignal(SAMPLES[0]!.name);
  const [text, setText] = createSignal("");
  const [mine, setMine] = createSignal<Bubble[]>([]);
  const [theirs, setTheirs] = createSignal<SimSent[]>([]);
  const [error, setError] = createSignal<string | null>(null);

  // Polling is acceptable here only: a dev page, watching a simulator that has no socket.
  const timer = setInterval(() => void sentTo(number()).then(setTheirs).catch(() => undefined), 1000);
  onCleanup(() => clearInterval(timer));

  const chat = () =>
    [...mine().filter((b) => b.id.startsWith(`${number()}:`)), ...theirs().map((s, i) => ({ id: s.id, mine: false, text: s.text, at: s.at ?? i, status: s.status }))].sort((a, b) => a.at - b.at);

  async function post(message: { text?: string; message?: Record<string, unknown> }, shown: string) {
    setError(null);
    try {
      await sendAsCustomer({ from: number(), name: name(), ...message });
      setMine((list) => [...list, { id: `${number()}:${Date.now()}`, mine: true, text: shown, at: Date.now() }]);
    } catch (err) {
      setError(tl("dev.sendFailed", { message: (err as Error).message }));
    }
  }

  return (
    <div class="phone-layout">
      <section class="phone-side">
        <h1>{tl("dev.title")}</h1>
        <p class="muted">{tl("dev.subtitle")}</p>
        <div class="field">
          <span class="field-label">{tl("dev.pick")}</span>
          <div class="sample-list">
            <For each={SAMPLES}>
              {(s) => (
                <button
                  type="button"
                  class="chip chip-btn"
                  aria-pressed={number() === s.number}
                  onClick={() => {
                    setNumber(s.number);
                    setName(s.name);
                  }}
                >
                  {s.name}
                </button>
              )}
            </For>
          </div>
        </div>
        <label class="field">
          <span class="field-label">{tl("dev.number")}</span>
          <input class="input" inputmode="numeric" value={number()} onInput={(e) => setNumber(e.currentTarget.value.replace(/\D/g, ""))} />
        </label>
        <label class="field">
          <span class="field-label">{tl("dev.name")}</span>
          <input class="input" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <a href="/" class="btn btn-secondary">
          {tl("dev.openInbox")}
        </a>
      </section>
      <section class="phone" aria-label={tl("dev.chat")}>
        <header class="phone-head">
          <strong>{tl("dev.business")}</strong>
          <span class="muted small">
            {name()} · +{number()}
          </span>
        </header>
        <div class="phone-chat">
          <Show when={chat().length} fallback={<p class="muted center">{tl("dev.noMessages")}</p>}>
            <For each={chat()}>
              {(b) => (
                <div class={`msg ${b.mine ? "msg-out" : "msg-in"}`}>
                  <div class="bubble">
                    <div class="text">{b.text}</div>
                    <div class="meta">
                      <time>{timeOfDay(b.at)}</time>
                      <Show when={!b.mine && b.status}>{(s) => <Ticks status={s() as MessageStatus} />}</Show>
                    </div>
                  </div>
                </div>
              )}
            </For>
          </Show>
        </div>
        <ErrorLine error={error()} />
        <form
          class="phone-compose"
          onSubmit={(e) => {
            e.preventDefault();
            const value = text().trim();
            if (!value) return;
            setText("");
            void post({ text: value }, value);
          }}
        >
          <label class="sr-only" for="phone-text">
            {tl("dev.message")}
          </label>
          <input id="phone-text" class="input" value={text()} onInput={(e) => setText(e.currentTarget.value)} placeholder={tl("dev.message")} autocomplete="off" />
          <button type="submit" class="btn btn-primary">
            {tl("dev.send")}
          </button>
        </form>
        <div class="phone-extras">
          <button type="button" class="btn btn-secondary btn-sm" onClick={() => void post({ message: { type: "image", image: { caption: text().trim() || "Foto del producto" } } }, `📷 ${text().trim() || "Foto del producto"}`)}>
            📷 {tl("dev.image")}
          </button>
          <button
            type="button"
            class="btn btn-secondary btn-sm"
            onClick={() =>
              void post(
                { message: { type: "location", location: { latitude: 40.4168, longitude: -3.7038, name: "Puerta del Sol", address: "Plaza de la Puerta del Sol, Madrid" } } },
                "📍 Puerta del Sol",
              )
            }
          >
            📍 {tl("dev.location")}
          </button>
          <button
            type="button"
            class="btn btn-secondary btn-sm"
            onClick={() => {
              const title = text().trim() || "Sí, confirmar";
              void post({ message: { type: "interactive", interactive: { type: "button_reply", button_reply: { id: `btn:${title}`, title } } } }, `↩️ ${title}`);
            }}
          >
            ↩️ {tl("dev.button")}
          </button>
        </div>
      </section>
    </div>
  );
}
