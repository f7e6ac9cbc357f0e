// A conversation's files in R2 (env.MEDIA): everything it stored lives under `<workspaceId>/<conversationId>/`
// (WhatsApp media copies, see outbox.ts mediaKey, and agents' uploads). Exports read them, erasure and retention
// delete them. Used by durable/conversation.ts and the Worker's data-rights routes.

export const conversationFilesPrefix = (workspaceId: string, conversationId: string) => `${workspaceId}/${conversationId}/`;

/** Every key under the conversation's prefix, plus `extra` keys its messages name elsewhere (none today). */
export async function conversationFileKeys(bucket: R2Bucket, workspaceId: string, conversationId: string, extra: string[] = []): Promise<string[]> {
  const keys = new Set(extra);
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: conversationFilesPrefix(workspaceId, conversationId), cursor });
    for (const object of page.objects) keys.add(object.key);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return [...keys];
}

/** Deletes the conversation's files; returns how many there were. */
export async function deleteConversationFiles(bucket: R2Bucket, workspaceId: string, conversationId: string, extra: string[] = []): Promise<number> {
  const keys = await conversationFileKeys(bucket, workspaceId, conversationId, extra);
  // R2 deletes at most 1,000 keys per call.
  for (let i = 0; i < keys.length; i += 1000) await bucket.delete(keys.slice(i, i + 1000));
  return keys.length;
}
