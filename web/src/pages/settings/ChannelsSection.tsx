// The workspace's WhatsApp numbers (admins; supervisors read): Meta's verified name, quality rating and messaging
// tier, the token only as ••••last4. Adding a number or a new token is checked with the Graph API first, so a
// refusal shows Meta's own message. Disabled numbers ignore their webhooks and cannot send.
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import type { ChannelCreateBody, ChannelEntry, ChannelTokenBody } from "../../../../shared/api/channels";
import type { Items } from "../../../../shared/api/common";
import { request } from "../../data/api";
import { tl } from "../../i18n/on-demand";
import { useMe } from "../session";
import { ErrorLine, FormActions, SectionHead, useSaving } from "./settings-ui";

const base = "/api/admin/channels";

export default function ChannelsSection(): JSX.Element {
  const me = useMe();
  const admin = me.agent.role === "admin";
  const [list, { refetch }] = createResource(() => request<Items<ChannelEntry>>("GET", base));
  const saving = useSaving();
  const act = (work: () => Promise<unknown>) => void saving.run(async () => (await work(), await refetch()));
  return (
    <section>
      <SectionHead title={tl("channels.title")} description={tl("channels.description")} />
      <Show when={admin}>
        <AddChannelForm onAdded={() => void refetch()} />
      </Show>
      <ErrorLine error={saving.error()} />
      <ul class="channel-admin" role="list">
        <For each={list()?.items} fallback={<p class="empty-line">{tl("channels.none")}</p>}>
          {(ch) => (
            <li class="card channel-row" data-channel={ch.phoneNumberId}>
              <h2 class="card-title">
                {ch.name} <span class="muted">{ch.displayNumber}</span>
                <Show when={!ch.enabled}> · {tl("channels.disabled")}</Show>
              </h2>
              <dl class="channel-facts">
                <dt>{tl("channels.verifiedName")}</dt>
                <dd data-fact="verified-name">{ch.verifiedName ?? "—"}</dd>
                <dt>{tl("channels.quality")}</dt>
                <dd data-fact="quality">{ch.qualityRating ?? "—"}</dd>
                <dt>{tl("channels.tier")}</dt>
                <dd data-fact="tier">{ch.messagingTier ?? "—"}</dd>
                <dt>{tl("channels.token")}</dt>
                <dd>{ch.token}</dd>
                <dt>{tl("channels.ids")}</dt>
                <dd>
                  {ch.phoneNumberId} · {ch.wabaId}
                </dd>
              </dl>
              <Show when={admin}>
                <div class="form-actions">
                  <button type="button" class="btn btn-sm" disabled={saving.busy()} onClick={() => act(() => request("POST", `${base}/${ch.id}/check`))}>
                    {tl("channels.recheck")}
                  </button>
                  <button type="button" class="btn btn-sm" disabled={saving.busy()} onClick={() => act(() => request("POST", `${base}/${ch.id}/${ch.enabled ? "disable" : "enable"}`))}>
                    {ch.enabled ? tl("channels.disable") : tl("channels.enable")}
                  </button>
                  <RotateToken channel={ch} onDone={() => void refetch()} />
                </div>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}

function AddChannelForm(props: { onAdded: () => void }): JSX.Element {
  const saving = useSaving();
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const formEl = e.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    const field = (name: string) => String(form.get(name) ?? "").trim();
    const body: ChannelCreateBody = { name: field("name"), phoneNumberId: field("phoneNumberId"), wabaId: field("wabaId"), displayNumber: field("displayNumber"), accessToken: field("accessToken") };
    if (await saving.run(() => request<ChannelEntry, ChannelCreateBody>("POST", base, body))) {
      formEl.reset();
      props.onAdded();
    }
  }
  const input = (name: string, label: string, type = "text") => (
    <label class="field">
      <span class="field-label">{label}</span>
      <input class="input" name={name} type={type} required autocomplete="off" />
    </label>
  );
  return (
    <form class="card" onSubmit={submit} aria-label={tl("channels.add")}>
      <h2 class="card-title">{tl("channels.add")}</h2>
      {input("name", tl("channels.name"))}
      {input("displayNumber", tl("channels.displayNumber"), "tel")}
      {input("phoneNumberId", tl("channels.phoneNumberId"))}
      {input("wabaId", tl("channels.wabaId"))}
      {input("accessToken", tl("channels.accessToken"), "password")}
      <ErrorLine error={saving.error()} />
      <FormActions submit={saving.busy() ? tl("channels.checking") : tl("channels.add")} disabled={saving.busy()} />
    </form>
  );
}

function RotateToken(props: { channel: ChannelEntry; onDone: () => void }): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const saving = useSaving();
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const accessToken = String(new FormData(e.currentTarget as HTMLFormElement).get("accessToken") ?? "").trim();
    if (await saving.run(() => request<ChannelEntry, ChannelTokenBody>("PUT", `${base}/${props.channel.id}/token`, { accessToken }))) {
      setOpen(false);
      props.onDone();
    }
  }
  return (
    <Show when={open()} fallback={<button type="button" class="btn btn-sm" onClick={() => setOpen(true)}>{tl("channels.rotate")}</button>}>
      <form onSubmit={submit} aria-label={tl("channels.rotate")}>
        <label class="field">
          <span class="field-label">{tl("channels.newToken")}</span>
          <input class="input" name="accessToken" type="password" required autocomplete="off" />
        </label>
        <ErrorLine error={saving.error()} />
        <FormActions submit={tl("channels.rotate")} disabled={saving.busy()} onCancel={() => setOpen(false)} />
      </form>
    </Show>
  );
}
