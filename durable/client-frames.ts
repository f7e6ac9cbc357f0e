// zod schemas for what clients may send over the sockets. Server-only (the inbox imports the plain types from
// shared/protocol.ts); the `satisfies` checks keep both in step.
import { z } from "zod";
import type { ConversationClientFrame, WorkspaceClientFrame } from "../shared/protocol";

export const conversationClientFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("sync"), since: z.number().int().min(0) }),
  z.object({ type: z.literal("typing"), typing: z.boolean() }),
  z.object({ type: z.literal("ping") }),
]) satisfies z.ZodType<ConversationClientFrame>;

export const workspaceClientFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ping") }),
  z.object({ type: z.literal("presence"), state: z.enum(["online", "away"]) }),
]) satisfies z.ZodType<WorkspaceClientFrame>;
