// The conversation object's own SQLite: reporting events are numbered so that handing them to the workspace and
// dropping them afterwards can never skip one, and objects written by the previous schema keep theirs.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Conversation } from "../../durable/conversation";

const object = (name: string) => env.Conversation.getByName(name);
const sqlOf = (state: DurableObjectState) => state.storage.sql;

describe("reporting events in a conversation object", () => {
  it("number new events after every dropped one, even once the table was emptied", async () => {
    await runInDurableObject(object("cv_storage_numbering_0000001"), (_c: Conversation, state) => {
      const sql = sqlOf(state);
      const add = (id: string) => sql.exec("INSERT INTO report_events (id, kind, at) VALUES (?, 'message_in', 1)", id);
      add("a");
      add("b");
      sql.exec("DELETE FROM report_events WHERE no <= 2");
      add("c");
      // A rowid would start again at 1 here, behind the "handed up to 2" mark, and never be handed over.
      expect(sql.exec("SELECT no FROM report_events WHERE id = 'c'").one().no).toBe(3);
    });
  });

  it("keeps the events of an object written by schema version 1, in order, numbered after migration", async () => {
    await runInDurableObject(object("cv_storage_legacy_000000001"), (conversation: Conversation, state) => {
      const sql = sqlOf(state);
      // Put the object back to version 1: events keyed by rowid, with the old `exported` column.
      sql.exec("DROP TABLE report_events");
      sql.exec("CREATE TABLE report_events (id TEXT PRIMARY KEY, kind TEXT NOT NULL, agent_id TEXT, at INTEGER NOT NULL, value INTEGER, data TEXT, exported INTEGER NOT NULL DEFAULT 0)");
      sql.exec("INSERT INTO report_events (id, kind, at) VALUES ('z-first', 'created', 1), ('a-second', 'message_in', 2)");
      sql.exec("UPDATE _schema SET version = 1");
      conversation.store.migrate();
      const rows = sql.exec<{ no: number; id: string }>("SELECT no, id FROM report_events ORDER BY no").toArray();
      expect(rows.map((r) => r.id)).toEqual(["z-first", "a-second"]);
      expect(rows[0]!.no).toBeLessThan(rows[1]!.no);
      expect(sql.exec("SELECT version FROM _schema").one().version).toBe(5);
      expect(sql.exec("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'report_events_v1'").one().n).toBe(0);
    });
  });
});
