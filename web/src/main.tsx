// Placeholder until the inbox lands.
import { render } from "solid-js/web";

render(() => <p>Colmena</p>, document.getElementById("root")!);
