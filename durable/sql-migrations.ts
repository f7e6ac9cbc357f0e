// Schema evolution for Durable Object SQLite: objects created by an older version of the code gain the columns
// newer code needs the first time it wakes them. `CREATE TABLE IF NOT EXISTS` alone cannot do that.

export function addColumnIfMissing(sql: SqlStorage, table: string, column: string, definition: string): void {
  const columns = sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray();
  if (!columns.some((c) => c.name === column)) sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
}

/**
 * Runs `apply` (idempotent DDL) only when the object's schema is older than `version`. Objects wake often (each
 * evicted conversation on its next message), so the common path is one indexed read, not twenty DDL statements.
 * Bump `version` whenever `apply` changes.
 */
export function migrateOnce(sql: SqlStorage, version: number, apply: () => void): void {
  let current = 0;
  try {
    current = sql.exec<{ version: number }>("SELECT version FROM _schema").toArray()[0]?.version ?? 0;
  } catch {
    // No _schema table yet: a new object, or one created before versioning.
  }
  if (current >= version) return;
  apply();
  sql.exec("CREATE TABLE IF NOT EXISTS _schema (version INTEGER NOT NULL)");
  sql.exec("DELETE FROM _schema");
  sql.exec("INSERT INTO _schema (version) VALUES (?)", version);
}
