// The rule editor: a name, the conditions (all must hold) and the actions, with the shared/routing.ts types.
// Lists are typed as comma-separated words; empty fields are simply not part of the rule.
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import type { Priority } from "../../../../shared/model";
import type { RuleActions, RuleConditions } from "../../../../shared/routing";
import { adminApi } from "../../data/admin";
import { directory } from "../../data/directory";
import type { RuleRecord } from "../../data/types";
import { type MessageKey, t } from "../../i18n";
import { tl } from "../../i18n/on-demand";
import { ErrorLine, FormActions, useSaving } from "./settings-ui";

const PRIORITIES: Priority[] = ["urgent", "high", "normal", "low"];
const words = (s: string) => s.split(",").map((w) => w.trim()).filter(Boolean);

export function RuleEditor(props: { rule?: RuleRecord; position: number; onCancel: () => void; onSaved: () => void }): JSX.Element {
  const c = props.rule?.conditions ?? {};
  const a = props.rule?.actions ?? {};
  const saving = useSaving();
  const [channels] = createResource(async () => (await adminApi.settings().catch(() => null))?.channels ?? []);
  const [name, setName] = createSignal(props.rule?.name ?? "");
  const [text, setText] = createSignal((c.textContains ?? []).join(", "));
  const [regex, setRegex] = createSignal(c.textMatches ?? "");
  const [prefixes, setPrefixes] = createSignal((c.phonePrefixes ?? []).join(", "));
  const [contactTags, setContactTags] = createSignal<string[]>(c.contactTagIds ?? []);
  const [attrKey, setAttrKey] = createSignal(c.contactAttribute?.key ?? "");
  const [attrValue, setAttrValue] = createSignal(c.contactAttribute?.equals ?? "");
  const [fromAd, setFromAd] = createSignal(c.fromAd === undefined ? "" : c.fromAd ? "yes" : "no");
  const [channelIds, setChannelIds] = createSignal<string[]>(c.channelIds ?? []);
  const [teamId, setTeamId] = createSignal(a.teamId ?? "");
  const [assigneeId, setAssigneeId] = createSignal(a.assigneeId ?? "");
  const [priority, setPriority] = createSignal<Priority | "">(a.priority ?? "");
  const [tagIds, setTagIds] = createSignal<string[]>(a.tagIds ?? []);

  const conditions = (): RuleConditions => ({
    ...(words(text()).length ? { textContains: words(text()) } : {}),
    ...(regex().trim() ? { textMatches: regex().trim() } : {}),
    ...(words(prefixes()).length ? { phonePrefixes: words(prefixes()) } : {}),
    ...(contactTags().length ? { contactTagIds: contactTags() } : {}),
    ...(attrKey().trim() ? { contactAttribute: { key: attrKey().trim(), equals: attrValue().trim() } } : {}),
    ...(fromAd() ? { fromAd: fromAd() === "yes" } : {}),
    ...(channelIds().length ? { channelIds: channelIds() } : {}),
  });
  const actions = (): RuleActions => ({
    ...(teamId() ? { teamId: teamId() } : {}),
    ...(assigneeId() ? { assigneeId: assigneeId() } : {}),
    ...(priority() ? { priority: priority() as Priority } : {}),
    ...(tagIds().length ? { tagIds: tagIds() } : {}),
  });
  const regexProblem = () => {
    if (!regex().trim()) return null;
    try {
      new RegExp(regex().trim(), "iu");
      return null;
    } catch {
      return tl("rules.badRegex");
    }
  };
  const noAction = () => Object.keys(actions()).length === 0;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (noAction() || regexProblem()) return;
    const body = { name: name().trim(), position: props.position, enabled: props.rule?.enabled ?? true, conditions: conditions(), actions: actions() };
    const ok = await saving.run(() => (props.rule ? adminApi.updateRule(props.rule.id, body) : adminApi.createRule(body)));
    if (ok) props.onSaved();
  }

  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));

  return (
    <form class="card rule-editor" onSubmit={submit} aria-label={props.rule ? tl("rules.editOf", { name: props.rule.name }) : tl("rules.create")}>
      <label class="field">
        <span class="field-label">{tl("rules.name")}</span>
        <input class="input" required maxLength={80} value={name()} placeholder={tl("rules.namePlaceholder")} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <div class="editor-cols">
        <fieldset class="editor-group">
          <legend>{tl("rules.conditions")}</legend>
          <p class="muted small">{tl("rules.conditionsHint")}</p>
          <label class="field">
            <span class="field-label">{tl("rules.textContains")}</span>
            <input class="input" value={text()} placeholder={tl("rules.textContainsPlaceholder")} onInput={(e) => setText(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span class="field-label">{tl("rules.textMatches")}</span>
            <input class="input code-font" value={regex()} placeholder="^pedido\s*#\d+" onInput={(e) => setRegex(e.currentTarget.value)} aria-invalid={Boolean(regexProblem())} />
            <Show when={regexProblem()}>
              <span class="field-error">{regexProblem()}</span>
            </Show>
          </label>
          <label class="field">
            <span class="field-label">{tl("rules.phonePrefixes")}</span>
            <input class="input" value={prefixes()} placeholder="+34, +57" onInput={(e) => setPrefixes(e.currentTarget.value)} />
          </label>
          <div class="field-pair">
            <label class="field">
              <span class="field-label">{tl("rules.attribute")}</span>
              <input class="input" value={attrKey()} placeholder="plan" onInput={(e) => setAttrKey(e.currentTarget.value)} />
            </label>
            <label class="field">
              <span class="field-label">{tl("rules.equals")}</span>
              <input class="input" value={attrValue()} placeholder="premium" onInput={(e) => setAttrValue(e.currentTarget.value)} />
            </label>
          </div>
          <label class="field">
            <span class="field-label">{tl("rules.fromAd")}</span>
            <select class="select" value={fromAd()} onChange={(e) => setFromAd(e.currentTarget.value)}>
              <option value="">{tl("rules.any")}</option>
              <option value="yes">{tl("rules.fromAdYes")}</option>
              <option value="no">{tl("rules.fromAdNo")}</option>
            </select>
          </label>
          <Show when={directory.tags.length}>
            <fieldset class="field checks">
              <legend class="field-label">{tl("rules.contactTags")}</legend>
              <For each={directory.tags}>
                {(tag) => (
                  <label class="check">
                    <input type="checkbox" checked={contactTags().includes(tag.id)} onChange={(e) => setContactTags((l) => toggle(l, tag.id, e.currentTarget.checked))} />
                    {tag.name}
                  </label>
                )}
              </For>
            </fieldset>
          </Show>
          <Show when={(channels()?.length ?? 0) > 1}>
            <fieldset class="field checks">
              <legend class="field-label">{tl("rules.channels")}</legend>
              <For each={channels()}>
                {(ch) => (
                  <label class="check">
                    <input type="checkbox" checked={channelIds().includes(ch.id)} onChange={(e) => setChannelIds((l) => toggle(l, ch.id, e.currentTarget.checked))} />
                    {ch.name} ({ch.displayNumber})
                  </label>
                )}
              </For>
            </fieldset>
          </Show>
        </fieldset>
        <fieldset class="editor-group">
          <legend>{tl("rules.actions")}</legend>
          <label class="field">
            <span class="field-label">{tl("rules.team")}</span>
            <select class="select" value={teamId()} onChange={(e) => setTeamId(e.currentTarget.value)}>
              <option value="">{tl("rules.noChange")}</option>
              <For each={directory.teams}>{(team) => <option value={team.id}>{team.name}</option>}</For>
            </select>
          </label>
          <label class="field">
            <span class="field-label">{tl("rules.assignee")}</span>
            <select class="select" value={assigneeId()} onChange={(e) => setAssigneeId(e.currentTarget.value)}>
              <option value="">{tl("rules.noChange")}</option>
              <For each={directory.agents.filter((x) => x.active)}>{(agent) => <option value={agent.id}>{agent.name}</option>}</For>
            </select>
          </label>
          <label class="field">
            <span class="field-label">{tl("rules.priority")}</span>
            <select class="select" value={priority()} onChange={(e) => setPriority(e.currentTarget.value as Priority | "")}>
              <option value="">{tl("rules.noChange")}</option>
              <For each={PRIORITIES}>{(p) => <option value={p}>{t(`priority.${p}` as MessageKey)}</option>}</For>
            </select>
          </label>
          <Show when={directory.tags.length}>
            <fieldset class="field checks">
              <legend class="field-label">{tl("rules.addTags")}</legend>
              <For each={directory.tags}>
                {(tag) => (
                  <label class="check">
                    <input type="checkbox" checked={tagIds().includes(tag.id)} onChange={(e) => setTagIds((l) => toggle(l, tag.id, e.currentTarget.checked))} />
                    {tag.name}
                  </label>
                )}
              </For>
            </fieldset>
          </Show>
          <Show when={noAction()}>
            <p class="field-error">{tl("rules.needsAction")}</p>
          </Show>
        </fieldset>
      </div>
      <ErrorLine error={saving.error()} />
      <FormActions submit={tl("rules.save")} disabled={saving.busy() || !name().trim() || noAction() || Boolean(regexProblem())} onCancel={props.onCancel} />
    </form>
  );
}
