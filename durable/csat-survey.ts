// The satisfaction survey of a conversation's cycle: offered once when it is resolved inside the 24-hour window
// (if the number has it on), answered by a button or a typed rating, then an optional comment. Neither the answer
// nor the comment reopens the conversation: they are stored, reported (csat_answered, csat_comment) and thanked.
import type { Message } from "../shared/model";
import { type SurveyPolicy, surveyContent, surveyScore } from "../shared/csat";
import { isWindowOpen } from "./conversation-rules";
import type { Draft } from "./conversation-draft";
import type { SurveyState } from "./cycle-state";
import { outboundRich, outboundText } from "./message-kinds";

/** How long after it went out a rating still counts, and after a rating how long a comment does. */
export const ANSWER_WITHIN_MS = 24 * 60 * 60 * 1000;
export const COMMENT_WITHIN_MS = 15 * 60 * 1000;
export const SURVEY_AUTHOR = { agentId: "survey", name: "Encuesta" } as const;

/** The number's survey setting travels with each customer message; the object keeps the newest. */
export function keepPolicy(d: Draft, policy: SurveyPolicy | null | undefined): void {
  if (policy === undefined) return;
  const survey = d.current.survey;
  if (JSON.stringify(survey.policy) !== JSON.stringify(policy)) d.patch({ survey: { ...survey, policy } });
}

/** On resolve: send the survey, once per cycle, while the customer can still be written to. */
export function offerSurvey(d: Draft): void {
  const state = d.current;
  const { survey } = state;
  if (!survey.policy || survey.asked?.cycle === state.cycleStartedAt || !isWindowOpen(state.lastInboundAt, d.now)) return;
  const shown = `${survey.policy.question}\n${survey.policy.labels.join(" · ")}`;
  const message = d.insert(outboundRich(SURVEY_AUTHOR, "interactive", shown, surveyContent(survey.policy), d.now));
  d.job("send", `send:${message.id}`, d.now, { messageId: message.id });
  d.changeEvent("csat_asked", state.assigneeId);
  d.patch({ survey: { ...survey, asked: { at: d.now, cycle: state.cycleStartedAt, agentId: state.assigneeId }, open: true, score: null, commentUntil: null } });
}

/**
 * A customer message to a resolved conversation: its rating, or its comment after rating. Returns true when the
 * message was one of these (it must not reopen the conversation); false for anything else, which closes the survey.
 */
export function takeSurveyReply(d: Draft, message: Message): boolean {
  const state = d.current;
  const { survey } = state;
  if (state.status !== "resolved" || !survey.asked) return false;
  const credited = survey.asked.agentId;
  if (survey.open && d.now - survey.asked.at <= ANSWER_WITHIN_MS) {
    const score = surveyScore(message);
    if (score !== null) {
      d.changeEvent("csat_answered", credited, score, { messageId: message.id });
      d.patch({ survey: { ...survey, open: false, score, commentUntil: d.now + COMMENT_WITHIN_MS } });
      if (survey.policy?.thanks) {
        const thanks = d.insert(outboundText(SURVEY_AUTHOR, survey.policy.thanks, d.now, null));
        d.job("send", `send:${thanks.id}`, d.now, { messageId: thanks.id });
      }
      return true;
    }
  }
  if (survey.score !== null && survey.commentUntil !== null && d.now <= survey.commentUntil && message.kind === "text" && message.text?.trim()) {
    d.changeEvent("csat_comment", credited, survey.score, { comment: message.text.trim().slice(0, 1_000), messageId: message.id });
    d.patch({ survey: { ...survey, commentUntil: null } });
    return true;
  }
  if (survey.open || survey.commentUntil !== null) d.patch({ survey: { ...survey, open: false, commentUntil: null } });
  return false;
}
