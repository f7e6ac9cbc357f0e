// The workspace's business hours in the workspace settings: per weekday up to two opening intervals, and holidays
// (one per line, "2026-12-25 Navidad"), in the workspace's time zone. Admins edit; supervisors read.
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { assistantSettingsApi, type BusinessHours } from "../../data/assistant-settings";
import { type OnDemandKey, tl } from "../../i18n/on-demand";
import { ErrorLine, FormActions, useSaving } from "./settings-ui";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Day = (typeof DAYS)[number];
interface DayRow { open: boolean; from1: string; to1: string; from2: string; to2: string }

function rowsOf(hours: BusinessHours | null): Record<Day, DayRow> {
  const rows = {} as Record<Day, DayRow>;
  for (const d of DAYS) {
    const list = hours ? (hours.weekly[d] ?? []) : ["sat", "sun"].includes(d) ? [] : [{ from: "09:00", to: "18:00" }];
    rows[d] = { open: list.length > 0, from1: list[0]?.from ?? "09:00", to1: list[0]?.to ?? "18:00", from2: list[1]?.from ?? "", to2: list[1]?.to ?? "" };
  }
  return rows;
}

function hoursOf(rows: Record<Day, DayRow>, holidays: string): BusinessHours {
  const weekly: BusinessHours["weekly"] = {};
  for (const d of DAYS) {
    const r = rows[d];
    if (!r.open) continue;
    weekly[d] = [{ from: r.from1, to: r.to1 }, ...(r.from2 && r.to2 ? [{ from: r.from2, to: r.to2 }] : [])];
  }
  const list = holidays
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [date, ...name] = l.split(/\s+/);
      return name.length ? { date: date!, name: name.join(" ") } : { date: date! };
    });
  return { weekly, holidays: list };
}

export default function BusinessHoursCard(props: { admin: boolean }): JSX.Element {
  const [settings] = createResource(() => assistantSettingsApi.get());
  return (
    <Show when={settings()}>
      {(s) => <HoursForm admin={props.admin} hours={s().workspace.businessHours} timezone={s().workspace.timezone} />}
    </Show>
  );
}

function HoursForm(props: { admin: boolean; hours: BusinessHours | null; timezone: string }): JSX.Element {
  const saving = useSaving();
  const [rows, setRows] = createSignal(rowsOf(props.hours));
  const [holidays, setHolidays] = createSignal((props.hours?.holidays ?? []).map((h) => `${h.date}${h.name ? ` ${h.name}` : ""}`).join("\n"));
  const edit = (d: Day, patch: Partial<DayRow>) => setRows({ ...rows(), [d]: { ...rows()[d], ...patch } });
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    await saving.run(() => assistantSettingsApi.saveHours(hoursOf(rows(), holidays())));
  }
  return (
    <form class="card form-grid business-hours" onSubmit={submit} aria-label={tl("hours.title")}>
      <fieldset disabled={!props.admin} class="plain">
        <h2 class="card-title">{tl("hours.title")}</h2>
        <p class="field-help">{tl("hours.help", { zone: props.timezone.replace(/_/g, " ") })}</p>
        <table class="hours-table">
          <tbody>
            <For each={DAYS}>
              {(d) => (
                <tr data-day={d}>
                  <th scope="row">
                    <label class="check">
                      <input type="checkbox" checked={rows()[d].open} onChange={(e) => edit(d, { open: e.currentTarget.checked })} />
                      <span>{tl(`hours.day.${d}` as OnDemandKey)}</span>
                    </label>
                  </th>
                  <td>
                    <Show when={rows()[d].open} fallback={<span class="muted">{tl("hours.closed")}</span>}>
                      <input class="input input-time" type="time" aria-label={tl("hours.opensAt", { day: tl(`hours.day.${d}` as OnDemandKey) })} value={rows()[d].from1} onInput={(e) => edit(d, { from1: e.currentTarget.value })} />
                      {" – "}
                      <input class="input input-time" type="time" aria-label={tl("hours.closesAt", { day: tl(`hours.day.${d}` as OnDemandKey) })} value={rows()[d].to1} onInput={(e) => edit(d, { to1: e.currentTarget.value })} />
                      <span class="muted small"> {tl("hours.and")} </span>
                      <input class="input input-time" type="time" aria-label={tl("hours.opensAgain", { day: tl(`hours.day.${d}` as OnDemandKey) })} value={rows()[d].from2} onInput={(e) => edit(d, { from2: e.currentTarget.value })} />
                      {" – "}
                      <input class="input input-time" type="time" aria-label={tl("hours.closesAgain", { day: tl(`hours.day.${d}` as OnDemandKey) })} value={rows()[d].to2} onInput={(e) => edit(d, { to2: e.currentTarget.value })} />
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <label class="field">
          <span class="field-label">{tl("hours.holidays")}</span>
          <textarea class="input textarea" rows={3} value={holidays()} placeholder="2026-12-25 Navidad" onInput={(e) => setHolidays(e.currentTarget.value)} />
        </label>
        <ErrorLine error={saving.error()} />
        <Show when={props.admin}>
          <FormActions submit={tl("hours.save")} disabled={saving.busy()} saved={saving.done()} />
        </Show>
      </fieldset>
    </form>
  );
}
