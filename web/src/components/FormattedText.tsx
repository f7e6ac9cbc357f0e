// Renders message text with WhatsApp formatting as real elements (text nodes only: user text is never HTML).
import { For, type JSX, Match, Switch } from "solid-js";
import { type FormatNode, parseWhatsAppText } from "../lib/whatsapp-format";

function Node(props: { node: FormatNode }): JSX.Element {
  return (
    <Switch fallback={<>{props.node as string}</>}>
      <Match when={typeof props.node === "object" && props.node}>
        {(n) => {
          const node = n();
          if (node.tag === "a") return <a href={node.href} target="_blank" rel="noopener noreferrer nofollow">{node.text}</a>;
          const kids = <For each={node.children}>{(c) => <Node node={c} />}</For>;
          switch (node.tag) {
            case "b":
              return <strong>{kids}</strong>;
            case "i":
              return <em>{kids}</em>;
            case "s":
              return <s>{kids}</s>;
            case "code":
              return <code>{kids}</code>;
            default:
              return <pre class="mono">{kids}</pre>;
          }
        }}
      </Match>
    </Switch>
  );
}

export function FormattedText(props: { text: string; class?: string }): JSX.Element {
  return (
    <div class={`text ${props.class ?? ""}`}>
      <For each={parseWhatsAppText(props.text)}>{(node) => <Node node={node} />}</For>
    </div>
  );
}
