// People, teams, tags and canned replies: what every member reads (/api/agents, /api/teams, /api/tags,
// /api/canned-replies) and the bodies that write them (admin and personal routes). Entries extend their body's
// parsed shape, so a field added to a schema reaches the inbox's type. The inbox imports types only.
import { z } from "zod";
import type { Role } from "../model";
import type { PresenceState } from "../protocol";

export const tagBody = z.object({ name: z.string().trim().min(1).max(40), color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "color like #22aa66") });
export type TagBody = z.input<typeof tagBody>;

export interface TagEntry extends z.output<typeof tagBody> {
  id: string;
}

export const teamBody = z.object({ name: z.string().trim().min(1).max(60), memberIds: z.array(z.string().max(100)).max(200).default([]) });
export type TeamBody = z.input<typeof teamBody>;

export interface TeamEntry extends z.output<typeof teamBody> {
  id: string;
}

export const cannedReplyBody = z.object({
  // "/precios" and "precios" are the same shortcut: the slash is how it is typed in the composer.
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .transform((s) => s.replace(/^\//, ""))
    .pipe(z.string().regex(/^[a-z0-9_\-áéíóúñü]{1,30}$/, "shortcut: letters, digits, - and _ only")),
  title: z.string().trim().min(1).max(80),
  body: z.string().trim().min(1).max(4096),
});
export type CannedReplyBody = z.input<typeof cannedReplyBody>;

export interface CannedReply extends z.output<typeof cannedReplyBody> {
  id: string;
  /** Only its author sees it. */
  personal: boolean;
}

export interface AgentEntry {
  id: string;
  name: string;
  email: string;
  role: Role;
  capacity: number;
  active: boolean;
  teamIds: string[];
  presence: PresenceState;
  /** Open conversations assigned to this person, when the server reports it. */
  openCount?: number;
}

/** A WhatsApp number of the workspace, as any member sees it (to start a conversation from it). */
export interface ChannelEntry {
  id: string;
  name: string;
  displayNumber: string;
}
