// The report's range and filters: presets (hoy, 7 días, 30 días, este mes), two day inputs, person, team, number
// and tag (from the directory the inbox already loaded), and "Horario laboral". Changes go to the page's URL.
import { createResource, For, type JSX, Show } from "solid-js";
import { BOT_AGENT_ID } from "../../../../shared/model";
import { directory } from "../../data/directory";
import { type ReportFilter, reportsApi } from "../../data/reports";
import { tr } from "../../i18n/reports";
import { presetRange, RANGE_PRESETS, type RangePreset } from "./range";

export type FilterChange = Partial<ReportFilter>;

export function ReportFilters(props: { filter: ReportFilter; today: string; onChange: (change: FilterChange) => void }): JSX.Element {
  const [channels] = createResource(() => reportsApi.channels().catch(() => []));
  const people = () => directory.agents.filter((a) => a.active && a.id !== BOT_AGENT_ID).sort((a, b) => a.name.localeCompare(b.name));
  const isPreset = (preset: RangePreset) => {
    const range = presetRange(preset, props.today);
    return range.from === props.filter.from && range.to === props.filter.to;
  };
  const pick = (value: string) => value || null;

  return (
    <form class="report-filters" aria-label={tr("filters.label")} onSubmit={(e) => e.preventDefault()}>
      <div class="report-presets" role="group" aria-label={tr("filters.range")}>
        <For each={RANGE_PRESETS}>
          {(preset) => (
            <button type="button" class="chip chip-btn" aria-pressed={isPreset(preset)} onClick={() => props.onChange(presetRange(preset, props.today))}>
              {tr(`preset.${preset}`)}
            </button>
          )}
        </For>
      </div>
      <label class="report-field">
        <span class="field-label">{tr("filters.from")}</span>
        <input class="input" type="date" name="from" value={props.filter.from} max={props.filter.to} required onChange={(e) => e.currentTarget.value && props.onChange({ from: e.currentTarget.value })} />
      </label>
      <label class="report-field">
        <span class="field-label">{tr("filters.to")}</span>
        <input class="input" type="date" name="to" value={props.filter.to} min={props.filter.from} required onChange={(e) => e.currentTarget.value && props.onChange({ to: e.currentTarget.value })} />
      </label>
      <label class="report-field">
        <span class="field-label">{tr("filters.agent")}</span>
        <select class="select" name="agentId" value={props.filter.agentId ?? ""} onChange={(e) => props.onChange({ agentId: pick(e.currentTarget.value) })}>
          <option value="">{tr("filters.everyone")}</option>
          <For each={people()}>{(a) => <option value={a.id}>{a.name}</option>}</For>
        </select>
      </label>
      <label class="report-field">
        <span class="field-label">{tr("filters.team")}</span>
        <select class="select" name="teamId" value={props.filter.teamId ?? ""} onChange={(e) => props.onChange({ teamId: pick(e.currentTarget.value) })}>
          <option value="">{tr("filters.anyTeam")}</option>
          <For each={directory.teams}>{(team) => <option value={team.id}>{team.name}</option>}</For>
        </select>
      </label>
      <Show when={(channels() ?? []).length > 1}>
        <label class="report-field">
          <span class="field-label">{tr("filters.channel")}</span>
          <select class="select" name="channelId" value={props.filter.channelId ?? ""} onChange={(e) => props.onChange({ channelId: pick(e.currentTarget.value) })}>
            <option value="">{tr("filters.anyChannel")}</option>
            <For each={channels()}>{(c) => <option value={c.id}>{c.name} · {c.displayNumber}</option>}</For>
          </select>
        </label>
      </Show>
      <label class="report-field">
        <span class="field-label">{tr("filters.tag")}</span>
        <select class="select" name="tagId" value={props.filter.tagId ?? ""} onChange={(e) => props.onChange({ tagId: pick(e.currentTarget.value) })}>
          <option value="">{tr("filters.anyTag")}</option>
          <For each={directory.tags}>{(tag) => <option value={tag.id}>{tag.name}</option>}</For>
        </select>
      </label>
      <label class="report-toggle" title={tr("filters.businessHoursHint")}>
        <input type="checkbox" name="businessHours" checked={props.filter.businessHours} onChange={(e) => props.onChange({ businessHours: e.currentTarget.checked })} />
        <span>{tr("filters.businessHours")}</span>
      </label>
    </form>
  );
}
