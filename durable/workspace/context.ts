// What the workspace object's modules (live list, routing, timers, projection) share: its storage, its in-memory
// index, its configuration and its sockets. The object (durable/workspace.ts) builds one and hands it to each.
import type { Connection } from "partyserver";
import type { Actor } from "../../shared/model";
import type { WorkspaceServerFrame } from "../../shared/protocol";
import type { MeteredStorage } from "../work-meter";
import type { RoutableConversation } from "../workspace-api";
import type { WorkspaceConfig } from "../workspace-config";
import type { WorkspaceStore } from "../workspace-store";
import type { ActiveIndex } from "./active-index";

export type SocketState = { actor: Actor; connectedAt: number };

export interface WorkspaceContext {
  readonly name: string;
  readonly env: Env;
  readonly storage: MeteredStorage;
  readonly store: WorkspaceStore;
  readonly index: ActiveIndex;
  /** The cached configuration, re-read from D1 when stale or when `force`d. */
  config(force?: boolean): Promise<WorkspaceConfig>;
  /** The cached configuration if any (never waits). */
  cachedConfig(): WorkspaceConfig | null;
  conversation(id: string): RoutableConversation;
  sockets(): Iterable<Connection<SocketState>>;
  send(conn: Connection, frame: WorkspaceServerFrame): void;
  toSupervisors(frame: WorkspaceServerFrame): void;
  /** Makes the object's one alarm fire no later than `at`. */
  alarmBefore(at: number): Promise<void>;
  /** Reporting events were added outside a conversation's update (closed windows): write them to D1. */
  projectionRequested(): void;
}
