// Right pane (loaded on demand): the customer's profile — editable name, attributes and notes — the contact's
// tags, the state of this conversation, past conversations with their history (opened, resolved, by whom),
// merging a duplicate contact into this one, and (admins) the customer's data rights: export everything, erase everything.
import { A, useNavigate } from "@solidjs/router";
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { SERVICE_WINDOW_MS } from "../../../shared/model";
import type { ConversationState } from "../../../shared/model";
import { contactsApi, loadContact } from "../data/contacts";
import { agentById, directory, tagById, teamById } from "../data/directory";
import type { ContactView, Me } from "../data/types";
import type { MessageKey } from "../i18n";
import { type OnDemandKey, tl } from "../i18n/on-demand";
import { duration, fullDate, now, relativeTime, shortDateTime } from "../i18n/format";
import { actionErrorText } from "./conversation-actions";
import { Avatar } from "./Avatar";
import { displayName, prettyPhone } from "./contact-name";
import { EraseContactDialog, showErasureReceipt } from "./EraseContactDialog";
import { Icon } from "./Icon";
import { MergeDialog } from "./MergeDialog";
import { Popover } from "./Popover";
import { TagChip } from "./TagChip";

const HISTORY_KINDS: Record<string, OnDemandKey> = {
  conversation_created: "history.opened",
  reopened: "history.reopened",
  resolved: "history.resolved",
  assigned: "history.assigned",
  transferred: "history.transferred",
};

export default function ContactPanel(props: { conversation: ConversationState; contactId: string; me: Me; onClose: () => void }): JSX.Element {
  const c = () => props.conversation;
  const left = () => (c().lastInboundAt === null ? null : c().lastInboundAt! + SERVICE_WINDOW_MS - now());
  // A merged contact points at the one that absorbed it: show that one.
  const [view, { refetch, mutate }] = createResource(
    () => props.contactId,
    async (id) => {
      const first = await loadContact(id);
      return first.contact.mergedInto ? loadContact(first.contact.mergedInto) : first;
    },
  );
  /** The loaded contact without suspending the panel (it renders the conversation's facts meanwhile). */
  const data = () => (view.state === "ready" || view.state === "refreshing" ? view.latest : undefined);
  const [error, setError] = createSignal<string | null>(null);
  const [merging, setMerging] = createSignal(false);
  const [erasing, setErasing] = createSignal(false);
  const navigate = useNavigate();

  async function save(work: () => Promise<unknown>, optimistic?: (v: ContactView) => ContactView) {
    setError(null);
    const before = data();
    if (before && optimistic) mutate(optimistic(before));
    try {
      await work();
    } catch (err) {
      if (before) mutate(before);
      setError(actionErrorText(err));
    }
  }

  return (
    <aside class="pane pane-contact" aria-label={tl("contact.title")}>
      <header class="contact-head">
        <h2 class="pane-title">{tl("contact.title")}</h2>
        <button type="button" class="icon-btn" aria-label={tl("contact.close")} onClick={() => props.onClose()}>
          <Icon name="close" size={16} />
        </button>
      </header>
      <div class="contact-card">
        <Avatar name={data()?.contact.name ?? c().contact.name ?? c().contact.phone?.slice(-2)} seed={c().contact.key || c().id} size="lg" />
        <Show when={data()} fallback={<div class="contact-name">{displayName(c().contact.name, c().contact.phone)}</div>}>
          {(v) => (
            <EditableName
              value={v().contact.name ?? ""}
              placeholder={v().contact.profileName ?? displayName(null, v().contact.phone)}
              onSave={(name) => save(() => contactsApi.patch(v().contact.id, { name: name || null }), (x) => ({ ...x, contact: { ...x.contact, name: name || null } }))}
            />
          )}
        </Show>
        <Show when={data()?.contact.name && data()?.contact.profileName && data()!.contact.profileName !== data()!.contact.name}>
          <span class="muted small">{tl("contact.profileName", { name: data()!.contact.profileName! })}</span>
        </Show>
        <Show when={c().contact.phone}>
          <a class="contact-phone" href={`tel:+${c().contact.phone}`}>
            {prettyPhone(c().contact.phone)}
          </a>
        </Show>
      </div>

      <Show when={error()}>
        <p class="form-error contact-error" role="alert">
          {error()}
        </p>
      </Show>

      <dl class="facts">
        <div class="fact">
          <dt>{tl("contact.window")}</dt>
          <dd>
            <Show when={left() !== null} fallback={tl("contact.windowNever")}>
              <span class="window-pill" classList={{ "is-closed": left()! <= 0, "is-closing": left()! > 0 && left()! < 2 * 3_600_000 }}>
                <span class="dot" aria-hidden="true" />
                {left()! > 0 ? tl("contact.windowOpen", { time: duration(left()!) }) : tl("contact.windowClosed")}
              </span>
            </Show>
          </dd>
        </div>
        <div class="fact fact-row">
          <div>
            <dt>{tl("contact.owner")}</dt>
            <dd>{c().assigneeId === props.me.agent.id ? tl("conv.ownerYou") : (c().assigneeName ?? tl("conv.unassigned"))}</dd>
          </div>
          <div>
            <dt>{tl("contact.team")}</dt>
            <dd>{teamById(c().teamId)?.name ?? "—"}</dd>
          </div>
        </div>
      </dl>

      <Show when={view.state === "errored"}>
        <p class="contact-section muted small">{tl("contact.notYet")}</p>
      </Show>

      <Show when={data()}>
        {(v) => (
          <>
            <section class="contact-section" aria-labelledby="ct-tags">
              <h3 id="ct-tags" class="section-title">{tl("contact.tags")}</h3>
              <div class="tag-list">
                <For each={v().contact.tagIds}>
                  {(id) => (
                    <Show when={tagById(id)}>
                      {(tag) => (
                        <TagChip
                          tag={tag()}
                          onRemove={() => save(() => contactsApi.tags(v().contact.id, { remove: [id] }), (x) => ({ ...x, contact: { ...x.contact, tagIds: x.contact.tagIds.filter((t) => t !== id) } }))}
                        />
                      )}
                    </Show>
                  )}
                </For>
                <Popover label={tl("tags.addContact")} triggerClass="btn btn-ghost btn-sm add-tag" trigger={<><Icon name="plus" size={14} />{tl("tags.addShort")}</>}>
                  {(close) => (
                    <ul class="menu" role="list">
                      <For each={directory.tags.filter((tag) => !v().contact.tagIds.includes(tag.id))} fallback={<li class="popover-empty">{tl("tags.allUsed")}</li>}>
                        {(tag) => (
                          <li>
                            <button
                              type="button"
                              class="menu-item"
                              onClick={() => {
                                close();
                                void save(() => contactsApi.tags(v().contact.id, { add: [tag.id] }), (x) => ({ ...x, contact: { ...x.contact, tagIds: [...x.contact.tagIds, tag.id] } }));
                              }}
                            >
                              <TagChip tag={tag} />
                            </button>
                          </li>
                        )}
                      </For>
                    </ul>
                  )}
                </Popover>
              </div>
            </section>

            <Attributes
              value={v().contact.attributes}
              onSave={(attributes) => save(() => contactsApi.patch(v().contact.id, { attributes }), (x) => ({ ...x, contact: { ...x.contact, attributes } }))}
            />

            <section class="contact-section" aria-labelledby="ct-marketing">
              <h3 id="ct-marketing" class="section-title">{tl("contact.marketing")}</h3>
              <p class="small" data-opted-out={v().contact.optedOutAt ? "yes" : "no"}>
                {v().contact.optedOutAt ? tl("contact.optedOutSince", { when: shortDateTime(v().contact.optedOutAt!) }) : tl("contact.optedIn")}
              </p>
              <button
                type="button"
                class="btn btn-secondary btn-sm"
                onClick={() => {
                  const optedOut = !v().contact.optedOutAt;
                  void save(() => contactsApi.patch(v().contact.id, { optedOut }), (x) => ({ ...x, contact: { ...x.contact, optedOutAt: optedOut ? Date.now() : null } }));
                }}
              >
                {v().contact.optedOutAt ? tl("contact.optIn") : tl("contact.optOut")}
              </button>{" "}
              <label class="small" data-consent={v().contact.marketingConsentAt ? "yes" : "no"}>
                <input
                  type="checkbox"
                  checked={!!v().contact.marketingConsentAt}
                  onChange={(e) => {
                    const marketingConsent = e.currentTarget.checked;
                    void save(() => contactsApi.patch(v().contact.id, { marketingConsent }), (x) => ({ ...x, contact: { ...x.contact, marketingConsentAt: marketingConsent ? (x.contact.marketingConsentAt ?? Date.now()) : null } }));
                  }}
                />{" "}
                {v().contact.marketingConsentAt ? tl("contact.consentSince", { when: shortDateTime(v().contact.marketingConsentAt!) }) : tl("contact.consent")}
              </label>
            </section>

            <Notes value={v().contact.notes ?? ""} onSave={(notes) => save(() => contactsApi.patch(v().contact.id, { notes: notes || null }), (x) => ({ ...x, contact: { ...x.contact, notes } }))} />

            <section class="contact-section" aria-labelledby="ct-convs">
              <h3 id="ct-convs" class="section-title">{tl("contact.conversations", { n: v().conversations.length })}</h3>
              <ul class="past-list" role="list">
                <For each={v().conversations}>
                  {(conv) => (
                    <li>
                      <A class="past" href={`/c/${conv.id}`} aria-current={conv.id === c().id ? "page" : undefined}>
                        <span class={`status-pill status-${conv.status}`}>{tl(`status.${conv.status}` as MessageKey)}</span>
                        <span class="past-preview">{conv.lastMessagePreview ?? tl("list.noMessages")}</span>
                        <Show when={conv.lastMessageAt}>{(at) => <time class="past-time">{relativeTime(at())}</time>}</Show>
                      </A>
                      <ol class="history" aria-label={tl("contact.history")}>
                        <For each={v().history.filter((h) => h.conversationId === conv.id).slice(-6)}>
                          {(h) => (
                            <li class="history-item" data-kind={h.kind}>
                              <span class="history-dot" aria-hidden="true" />
                              <span>{tl(HISTORY_KINDS[h.kind] ?? "history.other", { name: agentById(h.agentId)?.name ?? "", kind: h.kind })}</span>
                              <Show when={h.agentId && agentById(h.agentId) && h.kind !== "assigned"}>
                                <span class="muted"> · {agentById(h.agentId)!.name}</span>
                              </Show>
                              <time class="history-time" title={fullDate(h.at)}>{relativeTime(h.at)}</time>
                            </li>
                          )}
                        </For>
                      </ol>
                    </li>
                  )}
                </For>
              </ul>
            </section>

            <Show when={props.me.agent.role !== "agent"}>
            <section class="contact-section">
              <button type="button" class="btn btn-secondary btn-sm" onClick={() => setMerging(true)}>
                <Icon name="merge" size={14} />
                {tl("merge.open")}
              </button>
            </section>
            </Show>
            <Show when={props.me.agent.role === "admin"}>
              <section class="contact-section" aria-labelledby="ct-rights">
                <h3 id="ct-rights" class="section-title">{tl("erase.section")}</h3>
                <p class="muted small">{tl("erase.sectionHelp")}</p>
                <div class="row-actions row-actions-start">
                  <a class="btn btn-secondary btn-sm" href={contactsApi.exportUrl(v().contact.id)} download="">
                    <Icon name="download" size={14} />
                    {tl("erase.export")}
                  </a>
                  <button type="button" class="btn btn-ghost btn-sm danger" onClick={() => setErasing(true)}>
                    <Icon name="trash" size={14} />
                    {tl("erase.open")}
                  </button>
                </div>
              </section>
            </Show>
            <Show when={erasing()}>
              <EraseContactDialog
                contact={v().contact}
                onClose={() => setErasing(false)}
                onErased={(receipt) => {
                  showErasureReceipt(receipt);
                  navigate("/");
                }}
              />
            </Show>
            <Show when={merging()}>
              <MergeDialog
                primary={v().contact}
                onClose={() => setMerging(false)}
                onMerged={() => {
                  setMerging(false);
                  void refetch();
                }}
              />
            </Show>
          </>
        )}
      </Show>
      <Show when={view.state === "pending"}>
        <p class="contact-section muted small" role="status">
          {tl("app.loading")}
        </p>
      </Show>
    </aside>
  );
}

function EditableName(props: { value: string; placeholder: string; onSave: (name: string) => Promise<void> }): JSX.Element {
  const [editing, setEditing] = createSignal(false);
  let input!: HTMLInputElement;
  const commit = () => {
    const next = input.value.trim();
    setEditing(false);
    if (next !== props.value) void props.onSave(next);
  };
  return (
    <Show
      when={editing()}
      fallback={
        <button type="button" class="contact-name editable" onClick={() => { setEditing(true); input?.focus(); }} title={tl("contact.editName")}>
          {props.value || props.placeholder}
          <Icon name="edit" size={13} />
          <span class="sr-only">{tl("contact.editName")}</span>
        </button>
      }
    >
      <input
        ref={(el) => {
          input = el;
          queueMicrotask(() => el.select());
        }}
        class="input name-input"
        aria-label={tl("contact.name")}
        value={props.value}
        placeholder={props.placeholder}
        maxLength={120}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
          if (e.key === "Escape") {
            e.stopPropagation();
            setEditing(false);
          }
        }}
        onBlur={commit}
      />
    </Show>
  );
}

function Attributes(props: { value: Record<string, string>; onSave: (next: Record<string, string>) => Promise<void> }): JSX.Element {
  const [adding, setAdding] = createSignal(false);
  const [key, setKey] = createSignal("");
  const [val, setVal] = createSignal("");
  const entries = () => Object.entries(props.value);
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (!key().trim()) return;
    void props.onSave({ ...props.value, [key().trim()]: val().trim() });
    setKey("");
    setVal("");
    setAdding(false);
  };
  return (
    <section class="contact-section" aria-labelledby="ct-attrs">
      <h3 id="ct-attrs" class="section-title">{tl("contact.attributes")}</h3>
      <dl class="attrs">
        <For each={entries()} fallback={<p class="muted small">{tl("contact.noAttributes")}</p>}>
          {([k, v]) => (
            <div class="attr">
              <dt>{k}</dt>
              <dd>
                <input
                  class="input input-quiet"
                  aria-label={k}
                  value={v}
                  maxLength={500}
                  onChange={(e) => void props.onSave({ ...props.value, [k]: e.currentTarget.value })}
                />
                <button
                  type="button"
                  class="icon-btn"
                  aria-label={tl("contact.removeAttribute", { key: k })}
                  onClick={() => {
                    const next = { ...props.value };
                    delete next[k];
                    void props.onSave(next);
                  }}
                >
                  <Icon name="close" size={12} />
                </button>
              </dd>
            </div>
          )}
        </For>
      </dl>
      <Show
        when={adding()}
        fallback={
          <button type="button" class="link-btn" onClick={() => setAdding(true)}>
            <Icon name="plus" size={14} />
            {tl("contact.addAttribute")}
          </button>
        }
      >
        <form class="attr-form" onSubmit={submit}>
          <input class="input" placeholder={tl("contact.attributeKey")} aria-label={tl("contact.attributeKey")} value={key()} maxLength={60} onInput={(e) => setKey(e.currentTarget.value)} />
          <input class="input" placeholder={tl("contact.attributeValue")} aria-label={tl("contact.attributeValue")} value={val()} maxLength={500} onInput={(e) => setVal(e.currentTarget.value)} />
          <div class="row-actions">
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => setAdding(false)}>
              {tl("dialog.cancel")}
            </button>
            <button type="submit" class="btn btn-primary btn-sm" disabled={!key().trim()}>
              {tl("dialog.save")}
            </button>
          </div>
        </form>
      </Show>
    </section>
  );
}

function Notes(props: { value: string; onSave: (notes: string) => Promise<void> }): JSX.Element {
  const [draft, setDraft] = createSignal(props.value);
  const [saved, setSaved] = createSignal(false);
  return (
    <section class="contact-section">
      <h3 id="ct-notes" class="section-title">{tl("contact.notes")}</h3>
      <textarea
        class="notes"
        rows="3"
        aria-labelledby="ct-notes"
        placeholder={tl("contact.notesPlaceholder")}
        value={draft()}
        maxLength={10_000}
        onInput={(e) => {
          setDraft(e.currentTarget.value);
          setSaved(false);
        }}
      />
      <Show when={draft() !== props.value || saved()}>
        <div class="row-actions">
          <Show when={saved()} fallback={
            <button
              type="button"
              class="btn btn-secondary btn-sm"
              onClick={async () => {
                await props.onSave(draft());
                setSaved(true);
              }}
            >
              {tl("contact.saveNotes")}
            </button>
          }>
            <span class="muted small" role="status">{tl("contact.saved")}</span>
          </Show>
        </div>
      </Show>
    </section>
  );
}
