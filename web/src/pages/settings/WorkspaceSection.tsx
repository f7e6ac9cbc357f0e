// Workspace settings: when a conversation goes back to the queue, when a waiting customer is flagged, how long
// a dropped connection counts as still online, whether agents see everything, the time zone; and per number,
// how conversations are routed and to which team by default, and how long resolved conversations' messages and
// files are kept. Admins change them; supervisors read.
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { adminApi } from "../../data/admin";
import { directory } from "../../data/directory";
import type { RoutingPolicy, SettingsPatch } from "../../data/types";
import { setTimeZone } from "../../i18n";
import { tl } from "../../i18n/on-demand";
import { useMe } from "../session";
import BusinessHoursCard from "./BusinessHoursCard";
import { ErrorLine, FormActions, SectionHead, useSaving } from "./settings-ui";

const POLICIES: RoutingPolicy[] = ["manual", "round_robin", "least_busy"];
const zones = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf: (k: string) => string[] }).supportedValuesOf("timeZone");
  } catch {
    return ["Europe/Madrid", "America/Mexico_City", "America/Bogota", "America/Argentina/Buenos_Aires", "America/Santiago", "America/Lima", "UTC"];
  }
})();

export default function WorkspaceSection(): JSX.Element {
  const me = useMe();
  const admin = me.agent.role === "admin";
  const [settings, { refetch }] = createResource(() => adminApi.settings());
  const saving = useSaving();
  const channelSaving = useSaving();

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const minutes = (name: string) => Math.round(Number(form.get(name)) * 60);
    const returnAfter = String(form.get("returnAfter") ?? "").trim();
    const aiRouting = String(form.get("aiRouting") ?? "").trim();
    const keywords = String(form.get("optOutKeywords") ?? "").split(",").map((k) => k.trim()).filter(Boolean);
    const body: SettingsPatch = {
      returnAfterSeconds: returnAfter === "" || Number(returnAfter) === 0 ? null : minutes("returnAfter"),
      unattendedAfterSeconds: minutes("unattended"),
      offlineGraceSeconds: Math.round(Number(form.get("grace"))),
      agentsSeeAll: form.get("seeAll") === "on",
      timezone: String(form.get("timezone")),
      aiRoutingConfidence: aiRouting === "" || Number(aiRouting) === 0 ? null : Math.round(Number(aiRouting)),
      optOutKeywords: keywords.length ? keywords : null,
      retentionDays: form.get("retentionOn") === "on" ? Math.round(Number(form.get("retentionDays"))) : null,
    };
    // Sent only when changed: turning it on is refused (422) to an admin without two-step verification themselves.
    const requireTwoFactor = form.get("requireTwoFactor") === "on";
    if (requireTwoFactor !== Boolean(settings()?.workspace.requireTwoFactor)) body.requireTwoFactor = requireTwoFactor;
    const ok = await saving.run(() => adminApi.patchSettings(body));
    if (ok) {
      setTimeZone(body.timezone);
      void refetch();
    }
  }

  return (
    <section>
      <SectionHead title={tl("settings.title")} description={admin ? tl("settings.description") : tl("common.readOnly")} />
      <ErrorLine error={settings.error ? tl("common.loadError") : null} />
      <Show when={settings()}>
        {(s) => (
          <>
            <form class="card form-grid settings-form" onSubmit={submit}>
              <fieldset disabled={!admin} class="plain">
                <h2 class="card-title">{tl("settings.routing")}</h2>
                <label class="field">
                  <span class="field-label">{tl("settings.returnAfter")}</span>
                  <span class="input-unit">
                    <input class="input input-num" name="returnAfter" type="number" min="0" max="10080" step="1" value={s().workspace.returnAfterSeconds === null ? "" : Math.round(s().workspace.returnAfterSeconds! / 60)} placeholder={tl("settings.off")} />
                    <span>{tl("settings.minutes")}</span>
                  </span>
                  <span class="field-help">{tl("settings.returnAfterHelp")}</span>
                </label>
                <label class="field">
                  <span class="field-label">{tl("settings.aiRouting")}</span>
                  <span class="input-unit">
                    <input class="input input-num" name="aiRouting" type="number" min="0" max="100" step="1" value={s().workspace.aiRoutingConfidence ?? ""} placeholder={tl("settings.off")} />
                    <span>%</span>
                  </span>
                  <span class="field-help">{tl("settings.aiRoutingHelp")}</span>
                </label>
                <label class="field">
                  <span class="field-label">{tl("settings.optOutKeywords")}</span>
                  <input class="input" name="optOutKeywords" maxLength={600} value={(s().workspace.optOutKeywords ?? []).join(", ")} placeholder="BAJA, STOP, no quiero recibir más" />
                  <span class="field-help">{tl("settings.optOutKeywordsHelp")}</span>
                </label>
                <label class="field">
                  <span class="field-label">{tl("settings.unattended")}</span>
                  <span class="input-unit">
                    <input class="input input-num" name="unattended" type="number" min="1" max="10080" step="1" required value={Math.round(s().workspace.unattendedAfterSeconds / 60)} />
                    <span>{tl("settings.minutes")}</span>
                  </span>
                  <span class="field-help">{tl("settings.unattendedHelp")}</span>
                </label>
                <label class="field">
                  <span class="field-label">{tl("settings.grace")}</span>
                  <span class="input-unit">
                    <input class="input input-num" name="grace" type="number" min="5" max="3600" step="1" required value={s().workspace.offlineGraceSeconds} />
                    <span>{tl("settings.seconds")}</span>
                  </span>
                  <span class="field-help">{tl("settings.graceHelp")}</span>
                </label>
                <label class="check">
                  <input type="checkbox" name="seeAll" checked={Boolean(s().workspace.agentsSeeAll)} />
                  <span>
                    {tl("settings.seeAll")}
                    <span class="field-help block">{tl("settings.seeAllHelp")}</span>
                  </span>
                </label>
                <label class="check">
                  <input type="checkbox" name="requireTwoFactor" checked={Boolean(s().workspace.requireTwoFactor)} />
                  <span>
                    {tl("workspace.requireTwoFactor")}
                    <span class="field-help block">{tl("workspace.requireTwoFactorHelp")}</span>
                  </span>
                </label>
                <RetentionField days={s().workspace.retentionDays} />
                <label class="field">
                  <span class="field-label">{tl("settings.timezone")}</span>
                  <select class="select" name="timezone" value={s().workspace.timezone}>
                    <For each={zones.includes(s().workspace.timezone) ? zones : [s().workspace.timezone, ...zones]}>{(z) => <option value={z}>{z.replace(/_/g, " ")}</option>}</For>
                  </select>
                </label>
                <ErrorLine error={saving.error()} />
                <Show when={admin}>
                  <FormActions submit={tl("common.save")} disabled={saving.busy()} saved={saving.done()} />
                </Show>
              </fieldset>
            </form>

            <BusinessHoursCard admin={admin} />

            <h2 class="sub-title">{tl("settings.channels")}</h2>
            <ErrorLine error={channelSaving.error()} />
            <div class="cards">
              <For each={s().channels}>
                {(ch) => (
                  <article class="card channel" data-channel={ch.id}>
                    <header class="card-head">
                      <h3 class="card-title">{ch.name}</h3>
                      <span class="chip code-font">{ch.displayNumber}</span>
                    </header>
                    <label class="field">
                      <span class="field-label">{tl("settings.policy")}</span>
                      <select class="select" disabled={!admin || channelSaving.busy()} value={ch.routingPolicy} onChange={(e) => void channelSaving.run(async () => { await adminApi.patchChannel(ch.id, { routingPolicy: e.currentTarget.value as RoutingPolicy }); await refetch(); })}>
                        <For each={POLICIES}>{(p) => <option value={p}>{tl(`settings.policy.${p}`)}</option>}</For>
                      </select>
                      <span class="field-help">{tl(`settings.policyHelp.${ch.routingPolicy}`)}</span>
                    </label>
                    <label class="field">
                      <span class="field-label">{tl("settings.defaultTeam")}</span>
                      <select class="select" disabled={!admin || channelSaving.busy()} value={ch.defaultTeamId ?? ""} onChange={(e) => void channelSaving.run(async () => { await adminApi.patchChannel(ch.id, { defaultTeamId: e.currentTarget.value || null }); await refetch(); })}>
                        <option value="">{tl("settings.noTeam")}</option>
                        <For each={directory.teams}>{(team) => <option value={team.id}>{team.name}</option>}</For>
                      </select>
                    </label>
                  </article>
                )}
              </For>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}

/** Off, or "delete resolved conversations' messages and files after N days" (1–3650). */
function RetentionField(props: { days: number | null }): JSX.Element {
  const [on, setOn] = createSignal(props.days !== null);
  return (
    <fieldset class="field plain" data-retention={props.days ?? "off"}>
      <legend class="field-label">{tl("settings.retention")}</legend>
      <label class="check">
        <input type="checkbox" name="retentionOn" checked={on()} onChange={(e) => setOn(e.currentTarget.checked)} />
        <span>{tl("settings.retentionOn")}</span>
      </label>
      <span class="input-unit">
        <input class="input input-num" name="retentionDays" type="number" min="1" max="3650" step="1" required={on()} disabled={!on()} value={props.days ?? 365} aria-label={tl("settings.retention")} />
        <span>{tl("settings.days")}</span>
      </span>
      <span class="field-help">{tl("settings.retentionHelp")}</span>
    </fieldset>
  );
}
