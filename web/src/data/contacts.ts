// The contact panel's data: a contact's profile, past conversations and history, edits, tags and merging a
// duplicate; and the contacts import of settings. Only those lazily loaded screens import this module.
import { ApiError, q, request } from "./api";
import type { ContactImportResult, ContactPatch, ContactSearchItem, ContactSearchQuery, ContactView, ErasureReceipt, Items, MergeBody, MergeResult, Ok, TagChange } from "./types";

const contact = (id: string) => `/api/contacts/${encodeURIComponent(id)}`;

export const contactsApi = {
  get: (id: string) => request<ContactView>("GET", contact(id)),
  search: (text: string) => request<Items<ContactSearchItem>>("GET", `/api/contacts${q({ q: text.trim() } satisfies ContactSearchQuery)}`),
  patch: (id: string, patch: ContactPatch) => request<Ok, ContactPatch>("PATCH", contact(id), patch),
  tags: (id: string, change: TagChange) => request<Ok, TagChange>("POST", `${contact(id)}/tags`, { add: change.add ?? [], remove: change.remove ?? [] }),
  merge: (id: string, duplicateId: string) => request<MergeResult, MergeBody>("POST", `${contact(id)}/merge`, { duplicateId }),
  /** The zip of everything kept about the contact (admins). A plain link: the session cookie authenticates it. */
  exportUrl: (id: string) => `/api/admin/contacts/${encodeURIComponent(id)}/export`,
  /** Erases the contact, its merged duplicates and all their conversations (admins); cannot be undone. */
  erase: async (id: string) => (await request<{ receipt: ErasureReceipt }>("POST", `/api/admin/contacts/${encodeURIComponent(id)}/erase`)).receipt,
  /** Sends a CSV file as it is (text/csv) into the channel's contacts; a refusal keeps the server's details. */
  async importCsv(file: File, channelId: string | null): Promise<ContactImportResult> {
    let response: Response;
    try {
      response = await fetch(`/api/contacts/import${q({ channelId })}`, { method: "POST", credentials: "same-origin", headers: { accept: "application/json", "content-type": "text/csv" }, body: file });
    } catch (err) {
      throw new ApiError(0, "network", (err as Error).message);
    }
    const json = (await response.json().catch(() => null)) as (ContactImportResult & { error?: string; message?: string; details?: unknown }) | null;
    if (response.ok && json) return json;
    throw new ApiError(response.status, json?.error ?? "http_error", json?.message ?? `HTTP ${response.status}`, json?.details);
  },
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
