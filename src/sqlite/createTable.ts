// Column names from a CREATE TABLE statement, enough for wtmpdb's and
// lastlog2's schemas and their kin: quoted names, types with arguments,
// column and table constraints, STRICT and WITHOUT ROWID after the list.
// Not a SQL parser: it splits the column list at top-level commas.

export interface TableShape {
  /** Column names in record order. */
  readonly columns: readonly string[];
  /** Index of the INTEGER PRIMARY KEY column (stored as NULL, its value is the rowid), or -1. */
  readonly rowidAlias: number;
  readonly strict: boolean;
  /** WITHOUT ROWID tables are index B-trees: not read here. */
  readonly withoutRowid: boolean;
}

const TABLE_CONSTRAINT = /^(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)\b/i;
const COLUMN_CONSTRAINT = /^(CONSTRAINT|PRIMARY|NOT|NULL|UNIQUE|CHECK|DEFAULT|COLLATE|REFERENCES|GENERATED|AS)\b/i;

/** Returns undefined when the text has no column list in parentheses. */
export function parseCreateTable(sql: string): TableShape | undefined {
  const parts = splitTopLevel(sql);
  if (parts === undefined) return undefined;
  const columns: string[] = [];
  const types: string[] = [];
  let rowidAlias = -1;
  let tablePk: string[] | undefined;
  for (const raw of parts.items) {
    const def = raw.trim();
    if (def === "") continue;
    if (TABLE_CONSTRAINT.test(def)) {
      const m = /^(?:CONSTRAINT\s+\S+\s+)?PRIMARY\s+KEY\s*\(([^)]*)\)/i.exec(unquoteLiterals(def));
      if (m) tablePk = m[1]!.split(",").map((c) => unquoteName(c.trim().split(/\s+/)[0] ?? ""));
      continue;
    }
    const [name, rest] = leadingName(def);
    const words = rest.trim().split(/\s+/).filter((w) => w !== "");
    const typeWords: string[] = [];
    for (const w of words) {
      if (COLUMN_CONSTRAINT.test(w)) break;
      typeWords.push(w);
    }
    const type = typeWords.join(" ").toUpperCase();
    // "INTEGER PRIMARY KEY DESC" is SQLite's documented exception: not an alias
    const constraints = unquoteLiterals(rest).toUpperCase();
    if (type === "INTEGER" && /\bPRIMARY\s+KEY\b/.test(constraints) && !/\bPRIMARY\s+KEY\s+DESC\b/.test(constraints)) {
      rowidAlias = columns.length;
    }
    columns.push(name);
    types.push(type);
  }
  if (rowidAlias < 0 && tablePk?.length === 1) {
    const i = columns.findIndex((c) => c.toLowerCase() === tablePk![0]!.toLowerCase());
    if (i >= 0 && types[i] === "INTEGER") rowidAlias = i;
  }
  const tail = unquoteLiterals(parts.tail).toUpperCase();
  const withoutRowid = /\bWITHOUT\s+ROWID\b/.test(tail);
  return { columns, rowidAlias: withoutRowid ? -1 : rowidAlias, strict: /\bSTRICT\b/.test(tail), withoutRowid };
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", "`": "`", "[": "]" };

/** The items of the first top-level parenthesised list, and the text after it. */
function splitTopLevel(sql: string): { items: string[]; tail: string } | undefined {
  let depth = 0;
  let start = -1;
  const items: string[] = [];
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    const close = QUOTES[c];
    if (close !== undefined) {
      i = endOfQuoted(sql, i, close);
      continue;
    }
    if (c === "(") {
      if (depth === 0) start = i + 1;
      depth++;
    } else if (c === ")") {
      depth--;
      if (depth === 0) {
        items.push(sql.slice(start, i));
        return { items, tail: sql.slice(i + 1) };
      }
    } else if (c === "," && depth === 1) {
      items.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  return undefined;
}

/** Index of the closing quote (a doubled quote is an escaped one), or the end of the text. */
function endOfQuoted(s: string, open: number, close: string): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === close) {
      if (close !== "]" && s[i + 1] === close) i++;
      else return i;
    }
  }
  return s.length;
}

/** The column's name (unquoted) and the rest of its definition. */
function leadingName(def: string): [string, string] {
  const close = QUOTES[def[0]!];
  if (close !== undefined) {
    const end = endOfQuoted(def, 0, close);
    return [unquoteName(def.slice(0, end + 1)), def.slice(end + 1)];
  }
  const m = /^[^\s(]+/.exec(def);
  const name = m ? m[0] : def;
  return [name, def.slice(name.length)];
}

function unquoteName(s: string): string {
  const close = QUOTES[s[0] ?? ""];
  if (close === undefined || s.length < 2) return s;
  const inner = s.slice(1, -1);
  return close === "]" ? inner : inner.split(close + close).join(close);
}

/** Blanks string literals so keywords inside DEFAULT '...' are not taken for constraints. */
function unquoteLiterals(s: string): string {
  return s.replace(/'(?:[^']|'')*'/g, "''");
}
