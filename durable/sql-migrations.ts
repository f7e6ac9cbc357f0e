// Schema evolution for Durable Object SQLite: objects created by an older version of the code gain the columns
// newer code needs the first time it wakes them. `CREATE TABLE IF NOT EXISTS` alone cannot do that.

export function addColumnIfMissing(sql: SqlStorage, table: string, column: string, definition: string): void {
  const columns = sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray();
  if (!columns.some((c) => c.name === column)) sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
}
