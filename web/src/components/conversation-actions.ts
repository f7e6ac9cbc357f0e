// What the open conversation's header can do, and the words for what went wrong: claim, release, transfer,
// assign, resolve/reopen, snooze, priority, tags. Refusals (409 someone else has it, 403 not allowed) are
// turned into a sentence the agent understands; nothing fails silently.
import { useAction } from "@solidjs/router";
import { createSignal } from "solid-js";
import type { ConversationState, Priority } from "../../../shared/model";
import { ApiError } from "../data/api";
import { assignAction, claimAction, priorityAction, releaseAction, statusAction, tagsAction, transferAction } from "../data/inbox";
import type { Me, StatusBody, TransferBody } from "../data/types";
import { t } from "../i18n";
import { claimedHere } from "../pages/inbox-ui";
import { rememberAgent } from "./agent-names";
import { failureText } from "./failure";

/** A refusal in the agent's words (the server's English message only as a last resort). */
export function actionErrorText(err: unknown): string {
  const e = err instanceof ApiError ? err : new ApiError(0, "network", String(err));
  if (e.code === "already_claimed") {
    const owner = (e.details as { owner?: { id?: string; name?: string | null } } | undefined)?.owner;
    rememberAgent(owner?.id, owner?.name);
    return t("conv.claimTaken", { name: owner?.name ?? t("conv.someone") });
  }
  if (e.status === 404) return t("conv.lost");
  if (e.status === 403 && e.code !== "not_owner" && e.code !== "forbidden") return t("error.forbidden");
  return failureText(e.code, e.message);
}

export function canHandOver(c: Pick<ConversationState, "assigneeId">, me: Me): boolean {
  return me.agent.role !== "agent" || c.assigneeId === null || c.assigneeId === me.agent.id;
}

export function useConversationActions(id: () => string, me: Me) {
  const [busy, setBusy] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  /** Who this agent just handed the conversation to (agents then stop seeing it: the pane says why). */
  const [handedTo, setHandedTo] = createSignal<string | null>(null);
  const claim = useAction(claimAction);
  const release = useAction(releaseAction);
  const transfer = useAction(transferAction);
  const assign = useAction(assignAction);
  const status = useAction(statusAction);
  const priority = useAction(priorityAction);
  const tags = useAction(tagsAction);

  /** Runs one action at a time; resolves true when it worked, false (with `error` set) when it was refused. */
  async function run(name: string, work: () => Promise<unknown>): Promise<boolean> {
    if (busy()) return false;
    setBusy(name);
    setError(null);
    try {
      await work();
      return true;
    } catch (err) {
      setError(actionErrorText(err));
      return false;
    } finally {
      setBusy(null);
    }
  }

  return {
    busy,
    error,
    clearError: () => setError(null),
    claim: () => {
      claimedHere.add(id());
      return run("claim", () => claim(id(), me.agent.id));
    },
    release: () => run("release", () => release(id())),
    handedTo,
    transfer: async (body: TransferBody, targetName?: string) => {
      const done = await run("transfer", () => transfer(id(), body, body.agentId ? targetName : undefined));
      if (done) setHandedTo(targetName ?? null);
      return done;
    },
    assign: async (agentId: string | null, agentName?: string) => {
      const done = await run("assign", () => assign(id(), agentId, agentName));
      if (done && agentName) setHandedTo(agentName);
      return done;
    },
    setStatus: (body: StatusBody) => run(body.status, () => status(id(), body)),
    setPriority: (p: Priority) => run("priority", () => priority(id(), p)),
    changeTags: (change: { add?: string[]; remove?: string[] }) => run("tags", () => tags(id(), change)),
  };
}

export type ConversationActions = ReturnType<typeof useConversationActions>;
