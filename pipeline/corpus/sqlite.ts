import { readFile } from "node:fs/promises";
import { join } from "node:path";
import initSqlJs, { type Database, type Statement } from "sql.js";
import { InputError } from "../errors.js";
import { CORPUS } from "../messages/corpus.js";
import { writeFileAtomically } from "../output.js";
import { lockOutputFolder } from "../output-lock.js";
import { Hierarchy } from "../schema/hierarchy.js";
import type { CorpusIndex } from "./corpus-index.js";
import { INDEX_JSON, readCorpusIndex } from "./store.js";

/**
 * `annex corpus export --sqlite <file>`: the corpus as one SQLite database for downstream systems,
 * one table per level plus chambers and versions, every row keyed by chamber, version and code (an
 * action by its id, which holds its sub-process's code: its own code is optional). A level's row
 * names its parent's code, so that a question across chambers and years is a join or a prefix.
 *
 * sql.js is SQLite compiled to WebAssembly: it installs with `npm ci` alone (no native build, no
 * download at install time), where Node 20 has no `node:sqlite` and better-sqlite3 needs a prebuilt
 * binary fetched at install or a compiler.
 */

const SCHEMA = `
CREATE TABLE chambers (chamber TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE versions (
  chamber TEXT NOT NULL REFERENCES chambers (chamber), version TEXT NOT NULL,
  basis TEXT NOT NULL, sort_key TEXT NOT NULL, previous_version TEXT, changes INTEGER,
  file TEXT NOT NULL, sha256 TEXT NOT NULL, format TEXT NOT NULL, filed_at TEXT NOT NULL,
  verdict TEXT, score REAL, errors INTEGER NOT NULL, warnings INTEGER NOT NULL, infos INTEGER NOT NULL,
  PRIMARY KEY (chamber, version));
CREATE TABLE functions (
  chamber TEXT NOT NULL, version TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, category TEXT,
  PRIMARY KEY (chamber, version, code), FOREIGN KEY (chamber, version) REFERENCES versions);
CREATE TABLE macro_processes (
  chamber TEXT NOT NULL, version TEXT NOT NULL, code TEXT NOT NULL, function_code TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (chamber, version, code),
  FOREIGN KEY (chamber, version, function_code) REFERENCES functions (chamber, version, code));
CREATE TABLE processes (
  chamber TEXT NOT NULL, version TEXT NOT NULL, code TEXT NOT NULL, macro_process_code TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (chamber, version, code),
  FOREIGN KEY (chamber, version, macro_process_code) REFERENCES macro_processes (chamber, version, code));
CREATE TABLE sub_processes (
  chamber TEXT NOT NULL, version TEXT NOT NULL, code TEXT NOT NULL, process_code TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (chamber, version, code),
  FOREIGN KEY (chamber, version, process_code) REFERENCES processes (chamber, version, code));
CREATE TABLE actions (
  chamber TEXT NOT NULL, version TEXT NOT NULL, id TEXT NOT NULL, code TEXT, sub_process_code TEXT NOT NULL,
  position INTEGER NOT NULL, text TEXT NOT NULL, confidence REAL NOT NULL, page INTEGER, line INTEGER,
  PRIMARY KEY (chamber, version, id),
  FOREIGN KEY (chamber, version, sub_process_code) REFERENCES sub_processes (chamber, version, code));
`;

type Row = (string | number | null)[];

/** One prepared insert per table, run for every row. */
function inserters(db: Database) {
  const statements: Statement[] = [];
  const inserter = (table: string, columns: number) => {
    const statement = db.prepare(`INSERT INTO ${table} VALUES (${Array(columns).fill("?").join(", ")})`);
    statements.push(statement);
    return (row: Row) => {
      statement.run(row);
    };
  };
  return {
    chamber: inserter("chambers", 2),
    version: inserter("versions", 15),
    function: inserter("functions", 5),
    macro: inserter("macro_processes", 5),
    process: inserter("processes", 5),
    sub: inserter("sub_processes", 5),
    action: inserter("actions", 10),
    free: () => {
      for (const statement of statements) statement.free();
    },
  };
}
type Inserters = ReturnType<typeof inserters>;

function insertHierarchy(insert: Inserters, key: readonly [string, string], h: Hierarchy): void {
  for (const f of h.functions) {
    insert.function([...key, f.code, f.name, f.category]);
    for (const m of f.macroProcesses) {
      insert.macro([...key, m.code, f.code, m.name]);
      for (const p of m.processes) {
        insert.process([...key, p.code, m.code, p.name]);
        for (const s of p.subProcesses) {
          insert.sub([...key, s.code, p.code, s.name]);
          for (const [position, a] of s.actions.entries()) {
            insert.action([
              ...key,
              a.id,
              a.code,
              s.code,
              position + 1,
              a.text,
              a.confidence,
              a.source.page,
              a.source.line,
            ]);
          }
        }
      }
    }
  }
}

async function buildDatabase(dir: string, index: CorpusIndex): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    db.run("PRAGMA foreign_keys = ON");
    db.run(SCHEMA);
    db.run("BEGIN");
    const insert = inserters(db);
    for (const c of index.chambers) {
      insert.chamber([c.key, c.name]);
      for (const v of c.versions) {
        insert.version([
          c.key,
          v.version,
          v.basis,
          v.sortKey,
          v.previous?.version ?? null,
          v.changes,
          v.file,
          v.sha256,
          v.format,
          v.filedAt,
          v.verdict,
          v.score,
          v.findings.error,
          v.findings.warning,
          v.findings.info,
        ]);
        const path = join(dir, v.folder, "hierarchy.json");
        const hierarchy = Hierarchy.parse(JSON.parse(await readFile(path, "utf8")));
        insertHierarchy(insert, [c.key, v.version], hierarchy);
      }
    }
    insert.free();
    db.run("COMMIT");
    return db.export();
  } finally {
    db.close();
  }
}

/**
 * Writes the corpus at `dir` as a SQLite database at `file` (whole or not at all), holding the
 * corpus's lock so that no run changes it meanwhile. Says how many versions and actions it holds.
 */
export async function exportSqlite(
  dir: string,
  file: string,
): Promise<{ versions: number; actions: number }> {
  // Checked before the lock, which would create a missing folder.
  if ((await readCorpusIndex(dir)).chambers.length === 0) {
    throw new InputError(CORPUS.noCorpus(INDEX_JSON));
  }
  const release = await lockOutputFolder(dir);
  let index: CorpusIndex;
  try {
    index = await readCorpusIndex(dir);
    await writeFileAtomically(file, await buildDatabase(dir, index));
  } finally {
    await release();
  }
  const versions = index.chambers.flatMap((c) => c.versions);
  return { versions: versions.length, actions: versions.reduce((n, v) => n + v.counts.actions, 0) };
}
