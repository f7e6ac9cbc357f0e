// Why a form could not do what was asked, announced to screen readers; nothing while there is no error.
import { type JSX, Show } from "solid-js";

export function ErrorLine(props: { error: string | null | undefined }): JSX.Element {
  return (
    <Show when={props.error}>
      <p class="form-error" role="alert">
        {props.error}
      </p>
    </Show>
  );
}
