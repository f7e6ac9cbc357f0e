// Floor 1: the cheapest possible Worker response, to size the runtime's own per-request cost.
// Measured by bench/metrics/floor.mjs with the same client as the product.
export default {
  fetch() {
    return new Response("ok");
  },
};
