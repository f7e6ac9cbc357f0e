// The contact panel's data: a contact's profile, past conversations and history, edits, tags and merging a
// duplicate. Only the (lazily loaded) contact panel imports this module.
import { q, request } from "./api";
import type { ContactPatch, ContactSearchItem, ContactSearchQuery, ContactView, Items, MergeBody, MergeResult, Ok, TagChange } from "./types";

const contact = (id: string) => `/api/contacts/${encodeURIComponent(id)}`;

export const contactsApi = {
  get: (id: string) => request<ContactView>("GET", contact(id)),
  search: (text: string) => request<Items<ContactSearchItem>>("GET", `/api/contacts${q({ q: text.trim() } satisfies ContactSearchQuery)}`),
  patch: (id: string, patch: ContactPatch) => request<Ok, ContactPatch>("PATCH", contact(id), patch),
  tags: (id: string, change: TagChange) => request<Ok, TagChange>("POST", `${contact(id)}/tags`, { add: change.add ?? [], remove: change.remove ?? [] }),
  merge: (id: string, duplicateId: string) => request<MergeResult, MergeBody>("POST", `${contact(id)}/merge`, { duplicateId }),
};

/**
 * The contact's D1 row is written by the conversation's outbox shortly after the first message: a 404 right
 * after the first message means "not yet", so ask again a few times before giving up.
 */
export async function loadContact(id: string, attempts = 5): Promise<ContactView> {
  for (let i = 0; ; i++) {
    try {
      return await contactsApi.get(id);
    } catch (err) {
      if (i >= attempts - 1 || (err as { status?: number }).status !== 404) throw err;
      await new Promise((r) => setTimeout(r, 400 * (i + 1)));
    }
  }
}
