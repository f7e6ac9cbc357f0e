// Per WhatsApp number, when the assistant answers (always, outside business hours, never), its greeting, the
// message sent when it hands over to a person and a daily reply limit. Shown in "Conocimiento"; admins only.
import { createResource, For, type JSX, Show } from "solid-js";
import { assistantSettingsApi, type BotMode, type ChannelBotSettings } from "../../data/assistant-settings";
import { type OnDemandKey, tl } from "../../i18n/on-demand";
import { ErrorLine, FormActions, useSaving } from "./settings-ui";

const MODES: BotMode[] = ["never", "outside_hours", "always"];

export default function BotChannelsCard(): JSX.Element {
  const [settings] = createResource(() => assistantSettingsApi.get());
  return (
    <Show when={settings()}>
      {(s) => (
        <div class="cards">
          <For each={s().channels}>{(ch) => <ChannelBotForm channel={ch} />}</For>
        </div>
      )}
    </Show>
  );
}

function ChannelBotForm(props: { channel: ChannelBotSettings }): JSX.Element {
  const saving = useSaving();
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "").trim() || null;
    const limit = text("dailyReplyLimit");
    await saving.run(() =>
      assistantSettingsApi.saveChannel(props.channel.id, { botMode: form.get("botMode") as BotMode, greeting: text("greeting"), handoffMessage: text("handoffMessage"), dailyReplyLimit: limit === null ? null : Number(limit) }),
    );
  }
  return (
    <form class="card form-grid" data-channel={props.channel.id} onSubmit={submit} aria-label={tl("bot.titleOf", { name: props.channel.name })}>
      <h2 class="card-title">{tl("bot.titleOf", { name: props.channel.name })}</h2>
      <label class="field">
        <span class="field-label">{tl("bot.mode")}</span>
        <select class="select" name="botMode" value={props.channel.botMode}>
          <For each={MODES}>{(m) => <option value={m}>{tl(`bot.mode.${m}` as OnDemandKey)}</option>}</For>
        </select>
      </label>
      <label class="field">
        <span class="field-label">{tl("bot.greeting")}</span>
        <input class="input" name="greeting" maxLength={1024} value={props.channel.greeting ?? ""} placeholder={tl("bot.greetingPlaceholder")} />
      </label>
      <label class="field">
        <span class="field-label">{tl("bot.handoffMessage")}</span>
        <input class="input" name="handoffMessage" maxLength={1024} value={props.channel.handoffMessage ?? ""} placeholder={tl("bot.handoffPlaceholder")} />
      </label>
      <label class="field">
        <span class="field-label">{tl("bot.dailyLimit")}</span>
        <input class="input input-num" name="dailyReplyLimit" type="number" min="1" max="100000" value={props.channel.dailyReplyLimit ?? ""} placeholder={tl("bot.noLimit")} />
      </label>
      <p class="field-help">{tl("bot.next")}</p>
      <ErrorLine error={saving.error()} />
      <FormActions submit={tl("common.save")} disabled={saving.busy()} saved={saving.done()} />
    </form>
  );
}
