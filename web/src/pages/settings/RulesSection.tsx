// Routing rules, in the order they are tried (the first enabled match wins): what each one looks for and
// what it does, in a sentence; enable/disable, reorder, edit, delete. Admins write; supervisors read.
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import type { RuleActions, RuleConditions } from "../../../../shared/routing";
import { Icon } from "../../components/Icon";
import { adminApi } from "../../data/admin";
import { agentById, directory, tagById, teamById } from "../../data/directory";
import type { RuleBody, RuleRecord } from "../../data/types";
import { type MessageKey, t } from "../../i18n";
import { tl } from "../../i18n/on-demand";
import { useMe } from "../session";
import { RuleEditor } from "./RuleEditor";
import { ConfirmButton, ErrorLine, SectionHead, useSaving } from "./settings-ui";

const bodyOf = (r: RuleRecord): RuleBody => ({ name: r.name, position: r.position, enabled: r.enabled, conditions: r.conditions, actions: r.actions });

export function conditionParts(c: RuleConditions): string[] {
  const parts: string[] = [];
  if (c.textContains?.length) parts.push(tl("rules.when.text", { words: c.textContains.map((w) => `«${w}»`).join(", ") }));
  if (c.textMatches) parts.push(tl("rules.when.regex", { pattern: c.textMatches }));
  if (c.phonePrefixes?.length) parts.push(tl("rules.when.phone", { prefixes: c.phonePrefixes.join(", ") }));
  if (c.contactTagIds?.length) parts.push(tl("rules.when.tags", { tags: c.contactTagIds.map((id) => tagById(id)?.name ?? "?").join(", ") }));
  if (c.contactAttribute) parts.push(tl("rules.when.attribute", { key: c.contactAttribute.key, value: c.contactAttribute.equals }));
  if (c.fromAd !== undefined) parts.push(c.fromAd ? tl("rules.when.fromAd") : tl("rules.when.notFromAd"));
  if (c.channelIds?.length) parts.push(tl("rules.when.channels", { n: c.channelIds.length }));
  return parts;
}

export function actionParts(a: RuleActions): string[] {
  const parts: string[] = [];
  if (a.teamId) parts.push(tl("rules.do.team", { team: teamById(a.teamId)?.name ?? "?" }));
  if (a.assigneeId) parts.push(tl("rules.do.assignee", { name: agentById(a.assigneeId)?.name ?? "?" }));
  if (a.priority) parts.push(tl("rules.do.priority", { priority: t(`priority.${a.priority}` as MessageKey) }));
  if (a.tagIds?.length) parts.push(tl("rules.do.tags", { tags: a.tagIds.map((id) => tagById(id)?.name ?? "?").join(", ") }));
  return parts;
}

export default function RulesSection(): JSX.Element {
  const me = useMe();
  const admin = me.agent.role === "admin";
  const [rules, { refetch }] = createResource(async () => (await adminApi.rules()).items);
  const [editing, setEditing] = createSignal<RuleRecord | "new" | null>(null);
  const saving = useSaving();
  const ordered = () => [...(rules() ?? [])].sort((a, b) => a.position - b.position);

  /** Swaps two neighbours by rewriting every position as 10, 20, 30… (stable, room to insert). */
  async function move(index: number, delta: number) {
    const list = ordered();
    const target = index + delta;
    if (target < 0 || target >= list.length) return;
    const next = [...list];
    [next[index], next[target]] = [next[target]!, next[index]!];
    await saving.run(async () => {
      await Promise.all(next.map((r, i) => ((i + 1) * 10 !== r.position ? adminApi.updateRule(r.id, { ...bodyOf(r), position: (i + 1) * 10 }) : null)));
      await refetch();
    });
  }

  return (
    <section>
      <SectionHead title={tl("rules.title")} description={admin ? tl("rules.description") : `${tl("rules.description")} ${tl("common.readOnly")}`}>
        <Show when={admin}>
          <button type="button" class="btn btn-primary" onClick={() => setEditing("new")}>
            <Icon name="plus" size={16} />
            {tl("rules.create")}
          </button>
        </Show>
      </SectionHead>
      <ErrorLine error={saving.error() ?? (rules.error ? tl("common.loadError") : null)} />
      <Show when={editing() === "new"}>
        <RuleEditor
          position={((ordered().at(-1)?.position ?? 0) + 10)}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void refetch();
          }}
        />
      </Show>
      <ol class="rules" role="list">
        <For each={ordered()} fallback={<Show when={!rules.loading}><p class="empty-line">{tl("rules.none")}</p></Show>}>
          {(rule, i) => (
            <Show
              when={editing() !== rule}
              fallback={
                <RuleEditor
                  rule={rule}
                  position={rule.position}
                  onCancel={() => setEditing(null)}
                  onSaved={() => {
                    setEditing(null);
                    void refetch();
                  }}
                />
              }
            >
              <li class="card rule" classList={{ "is-off": !rule.enabled }} data-rule={rule.name}>
                <span class="rule-order" aria-label={tl("rules.order", { n: i() + 1 })}>
                  {i() + 1}
                </span>
                <div class="rule-body">
                  <h2 class="card-title">{rule.name}</h2>
                  <p class="rule-line">
                    <strong>{tl("rules.if")}</strong> {conditionParts(rule.conditions).join(tl("rules.andJoin")) || tl("rules.always")}
                  </p>
                  <p class="rule-line">
                    <strong>{tl("rules.then")}</strong> {actionParts(rule.actions).join(" · ")}
                  </p>
                </div>
                <div class="rule-actions">
                  <label class="switch" title={rule.enabled ? tl("rules.enabled") : tl("rules.disabled")}>
                    <input
                      type="checkbox"
                      role="switch"
                      checked={rule.enabled}
                      disabled={!admin || saving.busy()}
                      aria-label={tl("rules.enabledOf", { name: rule.name })}
                      onChange={(e) => void saving.run(async () => { await adminApi.updateRule(rule.id, { ...bodyOf(rule), enabled: e.currentTarget.checked }); await refetch(); })}
                    />
                    <span class="switch-ui" aria-hidden="true" />
                  </label>
                  <Show when={admin}>
                    <button type="button" class="icon-btn" disabled={i() === 0 || saving.busy()} aria-label={tl("rules.up", { name: rule.name })} onClick={() => void move(i(), -1)}>
                      <Icon name="up" size={16} />
                    </button>
                    <button type="button" class="icon-btn" disabled={i() === ordered().length - 1 || saving.busy()} aria-label={tl("rules.down", { name: rule.name })} onClick={() => void move(i(), 1)}>
                      <Icon name="down" size={16} />
                    </button>
                    <button type="button" class="icon-btn" aria-label={tl("rules.editOf", { name: rule.name })} onClick={() => setEditing(rule)}>
                      <Icon name="edit" size={16} />
                    </button>
                    <ConfirmButton label={tl("rules.deleteOf", { name: rule.name })} confirm={tl("rules.confirmDelete")} onConfirm={() => void saving.run(async () => { await adminApi.deleteRule(rule.id); await refetch(); })} />
                  </Show>
                </div>
              </li>
            </Show>
          )}
        </For>
      </ol>
      <Show when={directory.teams.length === 0 && admin}>
        <p class="muted small">{tl("rules.noTeamsHint")}</p>
      </Show>
    </section>
  );
}
