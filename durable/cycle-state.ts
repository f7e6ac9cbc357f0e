// What a conversation keeps about its current cycle besides the reports' stopwatch (durable/report-clock.ts): the
// satisfaction survey (durable/csat-survey.ts) and the SLA watch (durable/sla-watch.ts). Plain data, stored as JSON
// columns of the state row; the rules that move them live in those modules.
import type { SurveyPolicy } from "../shared/csat";
import type { SlaConfig } from "../shared/sla";

export interface SurveyState {
  /** The number's survey as of the customer's last message (null: off). */
  policy: SurveyPolicy | null;
  /** The survey of this cycle: when it went out, for which cycle, and who it credits (the owner at resolve). */
  asked: { at: number; cycle: number; agentId: string | null } | null;
  /** Still waiting for the rating (a message that is no rating closes it). */
  open: boolean;
  score: number | null;
  /** A text until then is the customer's comment on their rating. */
  commentUntil: number | null;
}

export const NO_SURVEY: SurveyState = { policy: null, asked: null, open: false, score: null, commentUntil: null };
export interface SlaWatch {
  /** The workspace's policies as of the customer's last message (null: none). */
  config: SlaConfig | null;
  /** Warnings and breaches already recorded, as `stage:kind:startedAt` (each once). */
  fired: string[];
  /** When the `sla` job is due (null: none waiting). */
  nextCheckAt: number | null;
}

export const NO_SLA_WATCH: SlaWatch = { config: null, fired: [], nextCheckAt: null };
