// Admins: the audit log, newest first — who exported or erased a customer's data, changed people, settings,
// numbers, tokens or rules. Filters by action, person and dates; pages on with the API's cursor; the same filters
// download as CSV. Read only: nothing in the API edits the log.
import { createSignal, For, type JSX, onMount, Show } from "solid-js";
import { type AuditFilters, adminApi } from "../../data/admin";
import { agentById, directory } from "../../data/directory";
import type { AuditLogEntry } from "../../data/types";
import { fullDate, shortDateTime } from "../../i18n/format";
import { type OnDemandKey, tl } from "../../i18n/on-demand";
import { onDemandEs } from "../../i18n/on-demand-es";
import { ErrorLine, SectionHead, settingsErrorText } from "./settings-ui";

/** The actions the API records (docs/api.md §19); an action not listed here still shows, by its code. */
const ACTIONS = [
  "contact.export", "contact.erase", "person.invite", "person.role", "person.update", "person.deactivate", "person.reactivate", "settings.update",
  "channel.add", "channel.check", "channel.update", "token.create", "token.delete", "rule.create", "rule.update", "rule.delete", "sla.create", "sla.update", "sla.delete",
];

const known = (key: string): key is OnDemandKey => key in onDemandEs;
const label = (prefix: string, code: string) => {
  const key = `${prefix}${code}`;
  return known(key) ? tl(key) : code;
};

/** `{"messages":3,"contactIds":["ct_1"]}` → `messages: 3 · contactIds: ct_1`; long lists as their count. */
export function compactDetail(detail: Record<string, unknown> | null): string {
  if (!detail) return "";
  const value = (v: unknown): string => {
    if (Array.isArray(v)) return v.length > 3 ? `[${v.length}]` : v.map(value).join(", ");
    if (v && typeof v === "object") return Object.entries(v).map(([k, x]) => `${k} ${value(x)}`).join(", ");
    return String(v);
  };
  return Object.entries(detail).map(([k, v]) => `${k}: ${value(v)}`).join(" · ");
}

/** A date input's day as epoch ms in the browser's zone: its first millisecond, or (`end`) its last. */
const dayBound = (value: string, end: boolean): number | undefined => {
  if (!value) return undefined;
  const start = new Date(`${value}T00:00:00`).getTime();
  if (!Number.isFinite(start)) return undefined;
  return end ? new Date(`${value}T00:00:00`).setDate(new Date(start).getDate() + 1) - 1 : start;
};

export default function AuditSection(): JSX.Element {
  const [filters, setFilters] = createSignal<AuditFilters>({});
  const [items, setItems] = createSignal<AuditLogEntry[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [loaded, setLoaded] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const people = () => [...directory.agents].sort((a, b) => a.name.localeCompare(b.name));

  async function load(more: boolean) {
    setLoading(true);
    setError(null);
    try {
      const page = await adminApi.audit(filters(), more ? cursor() : null);
      setItems((list) => (more ? [...list, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setLoaded(true);
    } catch (err) {
      setError(settingsErrorText(err));
    } finally {
      setLoading(false);
    }
  }
  onMount(() => void load(false));

  function apply(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "") || undefined;
    const next: AuditFilters = { action: text("action"), actorId: text("actorId"), from: dayBound(String(form.get("from") ?? ""), false), to: dayBound(String(form.get("to") ?? ""), true) };
    if (next.from !== undefined && next.to !== undefined && next.from > next.to) return setError(tl("audit.badDates"));
    setFilters(next);
    void load(false);
  }

  const who = (e: AuditLogEntry) => (e.actorId ? (agentById(e.actorId)?.name ?? e.actorName ?? e.actorId) : (e.actorName ?? tl("audit.system")));
  const target = (e: AuditLogEntry) => {
    if (!e.targetType) return "";
    const name = e.targetType === "agent" && e.targetId ? agentById(e.targetId)?.name : undefined;
    return [label("audit.target.", e.targetType), name ?? e.targetId].filter(Boolean).join(" · ");
  };

  return (
    <section>
      <SectionHead title={tl("audit.title")} description={tl("audit.description")}>
        <a class="btn btn-secondary" href={adminApi.auditCsvUrl(filters())} download="">
          {tl("audit.csv")}
        </a>
      </SectionHead>
      <form class="card audit-filters" onSubmit={apply} aria-label={tl("audit.filter")}>
        <label class="field">
          <span class="field-label">{tl("audit.action")}</span>
          <select class="select" name="action">
            <option value="">{tl("audit.anyAction")}</option>
            <For each={ACTIONS}>{(a) => <option value={a}>{label("audit.action.", a)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="field-label">{tl("audit.person")}</span>
          <select class="select" name="actorId">
            <option value="">{tl("audit.anyone")}</option>
            <For each={people()}>{(p) => <option value={p.id}>{p.name}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="field-label">{tl("audit.from")}</span>
          <input class="input" type="date" name="from" />
        </label>
        <label class="field">
          <span class="field-label">{tl("audit.to")}</span>
          <input class="input" type="date" name="to" />
        </label>
        <button type="submit" class="btn btn-primary" disabled={loading()}>
          {tl("audit.filter")}
        </button>
      </form>
      <ErrorLine error={error()} />
      <div class="table-wrap">
        <table class="table audit-table">
          <thead>
            <tr>
              <th scope="col">{tl("audit.when")}</th>
              <th scope="col">{tl("audit.who")}</th>
              <th scope="col">{tl("audit.action")}</th>
              <th scope="col">{tl("audit.target")}</th>
              <th scope="col">{tl("audit.detail")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={items()}>
              {(e) => (
                <tr data-action={e.action} data-target={e.targetId ?? ""}>
                  <td class="nowrap">
                    <time title={fullDate(e.at)}>{shortDateTime(e.at)}</time>
                  </td>
                  <td>{who(e)}</td>
                  <td>{label("audit.action.", e.action)}</td>
                  <td class="code-font small">{target(e)}</td>
                  <td class="audit-detail small" title={e.detail ? JSON.stringify(e.detail) : undefined}>
                    {compactDetail(e.detail)}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <Show when={loaded() && !items().length}>
          <p class="empty-line">{tl("audit.empty")}</p>
        </Show>
      </div>
      <Show when={cursor()}>
        <p class="audit-more">
          <button type="button" class="btn btn-secondary" disabled={loading()} onClick={() => void load(true)}>
            {tl("audit.more")}
          </button>
        </p>
      </Show>
    </section>
  );
}
