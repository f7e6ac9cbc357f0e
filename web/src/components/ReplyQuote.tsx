// The message the reply being written quotes, above the composer's text, with a × to stop quoting it. Loaded on
// demand with the first "Responder" from a message (web/src/components/MessageActions.tsx).
import { type JSX, Show } from "solid-js";
import { realtime } from "../data/realtime";
import { tl } from "../i18n/on-demand";
import { setQuoting } from "../pages/inbox-ui";
import { Icon } from "./Icon";
import { quoteOf } from "./MessageBubble";

export default function ReplyQuote(props: { conversationId: string; messageId: string; customerName: string }): JSX.Element {
  const message = () => realtime.conversations[props.conversationId]?.messages[props.messageId];
  return (
    <Show when={message()}>
      {(m) => (
        <div class="quote reply-quote" data-quoting={m().id}>
          <div class="reply-quote-text">
            <div class="quote-author">{quoteOf(m(), props.customerName).author}</div>
            <div class="quote-text">{quoteOf(m(), props.customerName).text}</div>
          </div>
          <button type="button" class="icon-btn" aria-label={tl("replyQuote.cancel")} title={tl("replyQuote.cancel")} onClick={() => setQuoting(null)}>
            <Icon name="close" size={12} />
          </button>
        </div>
      )}
    </Show>
  );
}
