// The D1 binding the workspace object's projection writes through. Production uses `env.DB` as it is; development
// tooling (worker/dev/d1-faults.ts) may install a wrapper that makes D1 slow or failing, so the fault tests can prove
// the webhook path never waits on D1 — without production code importing anything from the dev folder.
type Wrapper = (db: D1Database) => D1Database;

// Module state: locally (wrangler dev, tests) the Worker and its objects share one isolate, so the dev route's
// wrapper reaches the objects. In production nothing ever installs one.
let wrapper: Wrapper | null = null;

export function wrapProjectionDatabase(next: Wrapper | null): void {
  wrapper = next;
}

export function projectionDatabase(env: Env): D1Database {
  return wrapper ? wrapper(env.DB) : env.DB;
}
