/**
 * The JQL subset the emulator understands, compiled to a predicate and a comparator over stored issues.
 *
 * Clauses: `project`, `key`/`issuekey`, `id`, `status`, `statusCategory`, `resolution`, `priority`, `issuetype`,
 * `labels`, `reporter`, `assignee`, `summary ~` (and `~` on text custom fields: Jira's word search, ./text-search.ts), `created`/`updated`/`resolved`, and custom fields by name
 * (quoted), `cf[NNNNN]` or `customfield_NNNNN`; operators `= != < <= > >= ~ in / not in / is [not] empty|null`;
 * `AND`, `OR`, `NOT`, parentheses; `ORDER BY f [ASC|DESC], …`. Dates: `"yyyy-MM-dd HH:mm"`, `"yyyy/MM/dd HH:mm"`,
 * `"yyyy-MM-dd"`, relative `-5m`/`2h`/`-1d`/`1w`, `now()`, `startOfDay()`, `endOfDay()`; read in UTC (every emulated
 * user's time zone).
 * Anything else is a JqlError (Jira answers 400), e.g. an ISO-8601 `2026-01-01T10:00:00Z` literal.
 */
import type { JqlContext } from './jql-context';
import { compileTextSearch } from './text-search';
import type { StoredIssue } from './site-model';

export class JqlError extends Error {}

export interface CompiledJql {
  /** true when the query reads the clock (`now()`, `-5m`): it must be compiled again for each search */
  dynamic: boolean;
  /** false for a query without any search clause (empty or only ORDER BY) */
  bounded: boolean;
  /** project keys/ids the query names (Jira answers 400 when one does not exist for the caller) */
  projectRefs: string[];
  /** when the query can only match these issue ids/keys (`id in (…)` at the top level); null = scan all issues */
  candidates: { ids: number[]; keys: string[] } | null;
  matches(issue: StoredIssue): boolean;
  /** total order: the ORDER BY keys, then issue id ascending */
  compare(a: StoredIssue, b: StoredIssue): number;
  sortKey(issue: StoredIssue): Array<string | number | null>;
  compareKeys(a: Array<string | number | null>, aId: number, b: Array<string | number | null>, bId: number): number;
}

type Token = { t: 'word' | 'str' | 'op' | '(' | ')' | ','; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ t: c, v: c });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        s += src[j];
        j++;
      }
      if (j >= src.length) throw new JqlError(`Error in the JQL Query: unterminated string starting at character ${i + 1}.`);
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    const op = /^(!=|<=|>=|!~|=|<|>|~)/.exec(src.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[1]! });
      i += op[1]!.length;
      continue;
    }
    const word = /^(cf\[\d+\]|[A-Za-z0-9_.\-:/@+]+(\(\))?)/i.exec(src.slice(i));
    if (word) {
      out.push({ t: 'word', v: word[1]! });
      i += word[1]!.length;
      continue;
    }
    throw new JqlError(`Error in the JQL Query: the character '${c}' is a reserved JQL character (at ${i + 1}).`);
  }
  return out;
}

type Pred = (issue: StoredIssue) => boolean;
type Getter = (issue: StoredIssue) => unknown;
type Kind = 'text' | 'date' | 'number' | 'multi';
interface FieldAccess {
  kind: Kind;
  get: Getter;
  name: string;
  /** a free-text field Jira indexes for `~` (summary, text custom fields); Jira refuses `~` on every other field */
  searchable?: true;
}

const MINUTE = 60_000;
const REL_UNITS: Record<string, number> = { m: MINUTE, h: 60 * MINUTE, d: 1440 * MINUTE, w: 7 * 1440 * MINUTE };

const DAY = 1440 * MINUTE;

/**
 * A JQL date literal as epoch ms (UTC), or a JqlError naming the accepted formats. Functions: `now()`,
 * `startOfDay()` (00:00 today) and `endOfDay()` (23:59:59.999 today), in the searching user's zone, which is UTC for
 * every emulated user.
 */
export function parseJqlDate(v: string, now: number = Date.now()): number {
  if (/^now\(\)$/i.test(v)) return now;
  if (/^startOfDay\(\)$/i.test(v)) return Math.floor(now / DAY) * DAY;
  if (/^endOfDay\(\)$/i.test(v)) return Math.floor(now / DAY) * DAY + DAY - 1;
  const rel = /^([+-]?)(\d+)([mhdw])$/.exec(v);
  if (rel) return now + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * REL_UNITS[rel[3]!]!;
  const abs = /^(\d{4})[-/](\d{2})[-/](\d{2})(?: (\d{2}):(\d{2}))?$/.exec(v);
  if (abs) return Date.UTC(+abs[1]!, +abs[2]! - 1, +abs[3]!, +(abs[4] ?? 0), +(abs[5] ?? 0));
  throw new JqlError(
    `Date value '${v}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}

export function compileJql(jql: string, ctx: JqlContext): CompiledJql {
  const tokens = tokenize(jql);
  let pos = 0;
  let dynamic = false;
  const projectRefs: string[] = [];
  // Predicates that can only match issues with given ids/keys (`id in (…)`, `key = X`), so a search can look
  // those up instead of scanning every issue.
  const candidateOf = new WeakMap<Pred, { ids: number[]; keys: string[] }>();
  const withCandidates = (p: Pred, fa: FieldAccess, values: unknown[]): Pred => {
    const lower = fa.name.toLowerCase();
    if (lower === 'id') candidateOf.set(p, { ids: values.filter((v): v is number => typeof v === 'number'), keys: [] });
    else if (lower === 'key' || lower === 'issuekey')
      candidateOf.set(p, { ids: [], keys: values.filter((v): v is string => typeof v === 'string') });
    return p;
  };
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (tok: Token | undefined, w: string): boolean => !!tok && tok.t === 'word' && tok.v.toLowerCase() === w;
  const next = (): Token => {
    const tok = tokens[pos++];
    if (!tok) throw new JqlError('Error in the JQL Query: the query ended unexpectedly.');
    return tok;
  };

  const access = (name: string): FieldAccess => {
    const lower = name.toLowerCase();
    switch (lower) {
      case 'project':
        return { kind: 'text', name, get: (i) => i.projectId };
      case 'key':
      case 'issuekey':
        return { kind: 'text', name, get: (i) => i.key };
      case 'id':
        return { kind: 'number', name, get: (i) => i.id };
      case 'status':
        return { kind: 'text', name, get: (i) => i.statusId };
      case 'statuscategory':
        return { kind: 'text', name, get: (i) => ctx.statusCategoryOf(i) };
      case 'resolution':
        return { kind: 'text', name, get: (i) => i.resolution?.name ?? null };
      case 'priority':
        return { kind: 'text', name, get: (i) => i.priorityId };
      case 'issuetype':
      case 'type':
        return { kind: 'text', name, get: (i) => i.issueTypeId };
      case 'labels':
        return { kind: 'multi', name, get: (i) => (i.labels.length ? i.labels : null) };
      case 'reporter':
        return { kind: 'text', name, get: (i) => i.reporter };
      case 'assignee':
        return { kind: 'text', name, get: (i) => i.assignee };
      case 'summary':
        return { kind: 'text', name, get: (i) => i.summary, searchable: true };
      case 'created':
      case 'createddate':
        return { kind: 'date', name, get: (i) => i.created };
      case 'updated':
      case 'updateddate':
        return { kind: 'date', name, get: (i) => i.updated };
      case 'resolved':
      case 'resolutiondate':
        return { kind: 'date', name, get: (i) => i.resolutionDate };
      default:
        break;
    }
    const f = ctx.field(name);
    if (!f || !f.custom) throw new JqlError(`Field '${name}' does not exist or you do not have permission to view it.`);
    const id = f.id;
    if (f.kind === 'app') {
      if (f.appType === 'datetime')
        return {
          kind: 'date',
          name,
          get: (i) => {
            const v = i.custom.get(id);
            return typeof v === 'string' ? parseCached(v) : null;
          },
        };
      if (f.appType === 'number') return { kind: 'number', name, get: (i) => (i.custom.get(id) as number | undefined) ?? null };
      return { kind: 'text', name, get: (i) => (i.custom.get(id) as string | undefined) ?? null, searchable: true };
    }
    if (f.kind === 'select') return { kind: 'text', name, get: (i) => (i.custom.get(id) as { value: string } | undefined)?.value ?? null };
    if (f.kind === 'organizations')
      return { kind: 'multi', name, get: (i) => (i.custom.get(id) as Array<{ name: string }> | undefined)?.map((o) => o.name) ?? null };
    if (f.kind === 'requestType')
      return {
        kind: 'text',
        name,
        get: (i) => (i.custom.get(id) as { requestType: { name: string } } | undefined)?.requestType.name ?? null,
      };
    return { kind: 'text', name, get: (i) => (i.custom.get(id) as string | undefined) ?? null, searchable: true };
  };

  /** Normalises a literal to what the getter returns (ids for project/status/priority/type). */
  const literal = (fa: FieldAccess, raw: string): unknown => {
    const lower = fa.name.toLowerCase();
    if (fa.kind === 'date') {
      if (!/^\d{4}[-/]/.test(raw)) dynamic = true;
      return parseJqlDate(raw);
    }
    if (fa.kind === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new JqlError(`The value '${raw}' is not a valid number for field '${fa.name}'.`);
      return n;
    }
    if (lower === 'project') {
      projectRefs.push(raw);
      const p = ctx.project(raw);
      return p ? p.id : `missing:${raw}`;
    }
    if (lower === 'status') {
      const s = ctx.status(raw);
      if (!s) throw new JqlError(`The value '${raw}' does not exist for the field 'status'.`);
      return s.id;
    }
    if (lower === 'statuscategory') {
      const map: Record<string, string> = {
        'to do': 'new',
        new: 'new',
        '2': 'new',
        'in progress': 'indeterminate',
        indeterminate: 'indeterminate',
        '4': 'indeterminate',
        done: 'done',
        '3': 'done',
      };
      const c = map[raw.toLowerCase()];
      if (!c) throw new JqlError(`The value '${raw}' does not exist for the field 'statusCategory'.`);
      return c;
    }
    if (lower === 'priority') {
      const p = ctx.priority(raw);
      if (!p) throw new JqlError(`The value '${raw}' does not exist for the field 'priority'.`);
      return p.id;
    }
    if (lower === 'issuetype' || lower === 'type') return ctx.issueType(raw)?.id ?? `missing:${raw}`;
    if (lower === 'key' || lower === 'issuekey') return raw.toUpperCase();
    if (lower === 'resolution' && raw.toLowerCase() === 'unresolved') return null;
    return raw;
  };

  const eq = (fa: FieldAccess, a: unknown, b: unknown): boolean => {
    if (a === null || a === undefined) return b === null;
    if (fa.kind === 'multi') return (a as string[]).some((x) => x.toLowerCase() === String(b).toLowerCase());
    if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
    return a === b;
  };

  const valueToken = (): string => {
    const tok = next();
    if (tok.t !== 'word' && tok.t !== 'str') throw new JqlError(`Error in the JQL Query: expected a value but got '${tok.v}'.`);
    return tok.v;
  };

  const clause = (): Pred => {
    const fieldTok = next();
    if (fieldTok.t !== 'word' && fieldTok.t !== 'str')
      throw new JqlError(`Error in the JQL Query: expected a field but got '${fieldTok.v}'.`);
    const fa = access(fieldTok.v);
    const tok = peek();
    if (isWord(tok, 'is')) {
      next();
      const negate = isWord(peek(), 'not');
      if (negate) next();
      const v = next();
      if (!isWord(v, 'empty') && !isWord(v, 'null')) throw new JqlError(`Error in the JQL Query: expected EMPTY or NULL after IS.`);
      return negate ? (i) => fa.get(i) !== null && fa.get(i) !== undefined : (i) => fa.get(i) === null || fa.get(i) === undefined;
    }
    let negateIn = false;
    if (isWord(tok, 'not') && isWord(tokens[pos + 1], 'in')) {
      negateIn = true;
      next();
    }
    if (isWord(peek(), 'in')) {
      next();
      if (next().t !== '(') throw new JqlError(`Error in the JQL Query: expected '(' after IN.`);
      const values: unknown[] = [];
      for (;;) {
        const raw = valueToken();
        values.push(isEmptyWord(raw) ? null : literal(fa, raw));
        const sep = next();
        if (sep.t === ')') break;
        if (sep.t !== ',') throw new JqlError(`Error in the JQL Query: expected ',' or ')' in a list.`);
      }
      const p: Pred = (i) => {
        const a = fa.get(i);
        return values.some((v) => eq(fa, a, v));
      };
      if (negateIn) return (i) => !p(i) && fa.get(i) !== null;
      return withCandidates(p, fa, values);
    }
    const opTok = next();
    if (opTok.t !== 'op') throw new JqlError(`Error in the JQL Query: expected an operator after '${fieldTok.v}' but got '${opTok.v}'.`);
    const rawTok = next();
    if (rawTok.t !== 'word' && rawTok.t !== 'str') throw new JqlError(`Error in the JQL Query: expected a value after '${opTok.v}'.`);
    const raw = rawTok.v;
    const emptyValue = rawTok.t === 'word' && isEmptyWord(raw);
    const v = emptyValue ? null : literal(fa, raw);
    switch (opTok.v) {
      case '=':
        return withCandidates((i) => eq(fa, fa.get(i), v), fa, [v]);
      case '!=':
        return v === null
          ? (i) => fa.get(i) !== null
          : (i) => {
              const a = fa.get(i);
              return a !== null && a !== undefined && !eq(fa, a, v);
            };
      case '~':
      case '!~': {
        if (!fa.searchable) throw new JqlError(`The operator '${opTok.v}' is not supported by the '${fa.name}' field.`);
        const search = compileTextSearch(String(raw));
        if (typeof search === 'string') throw new JqlError(search);
        const p: Pred = (i) => {
          const a = fa.get(i);
          return typeof a === 'string' && search(a);
        };
        return opTok.v === '~' ? p : (i) => !p(i);
      }
      default: {
        if (fa.kind !== 'date' && fa.kind !== 'number')
          throw new JqlError(`The operator '${opTok.v}' is not supported by the '${fa.name}' field.`);
        if (v === null) throw new JqlError(`The operator '${opTok.v}' cannot be used with EMPTY.`);
        const n = v as number;
        const cmp = opTok.v;
        return (i) => {
          const a = fa.get(i) as number | null;
          if (a === null || a === undefined) return false;
          return cmp === '<' ? a < n : cmp === '<=' ? a <= n : cmp === '>' ? a > n : a >= n;
        };
      }
    }
  };

  const primary = (): Pred => {
    if (isWord(peek(), 'not')) {
      next();
      const p = primary();
      return (i) => !p(i);
    }
    if (peek()?.t === '(') {
      next();
      const p = orExpr();
      if (next().t !== ')') throw new JqlError(`Error in the JQL Query: expected ')'.`);
      return p;
    }
    return clause();
  };
  const andExpr = (): Pred => {
    const parts = [primary()];
    while (isWord(peek(), 'and')) {
      next();
      parts.push(primary());
    }
    if (parts.length === 1) return parts[0]!;
    const p: Pred = (i) => parts.every((q) => q(i));
    // Any conjunct that pins ids or keys bounds the whole AND.
    const pinned = parts.map((q) => candidateOf.get(q)).find((c) => c !== undefined);
    if (pinned) candidateOf.set(p, pinned);
    return p;
  };
  function orExpr(): Pred {
    const parts = [andExpr()];
    while (isWord(peek(), 'or')) {
      next();
      parts.push(andExpr());
    }
    if (parts.length === 1) return parts[0]!;
    const p: Pred = (i) => parts.some((q) => q(i));
    const each = parts.map((q) => candidateOf.get(q));
    if (each.every((c) => c !== undefined)) {
      candidateOf.set(p, { ids: each.flatMap((c) => c!.ids), keys: each.flatMap((c) => c!.keys) });
    }
    return p;
  }

  let matches: Pred = () => true;
  const bounded = tokens.length > 0 && !isWord(peek(), 'order');
  if (bounded) matches = orExpr();
  const order: Array<{ fa: FieldAccess; dir: 1 | -1 }> = [];
  if (isWord(peek(), 'order')) {
    next();
    if (!isWord(next(), 'by')) throw new JqlError(`Error in the JQL Query: expected BY after ORDER.`);
    for (;;) {
      const f = next();
      if (f.t !== 'word' && f.t !== 'str') throw new JqlError(`Error in the JQL Query: expected a field after ORDER BY.`);
      const fa = access(f.v);
      let dir: 1 | -1 = 1;
      if (isWord(peek(), 'asc')) next();
      else if (isWord(peek(), 'desc')) {
        next();
        dir = -1;
      }
      order.push({ fa, dir });
      if (peek()?.t !== ',') break;
      next();
    }
  }
  if (pos < tokens.length) throw new JqlError(`Error in the JQL Query: unexpected '${tokens[pos]!.v}' at the end of the query.`);

  const sortKey = (issue: StoredIssue): Array<string | number | null> =>
    order.map(({ fa }) => {
      const v = fa.get(issue);
      if (v === null || v === undefined) return null;
      if (Array.isArray(v)) return v.join(',').toLowerCase();
      return typeof v === 'number' ? v : String(v).toLowerCase();
    });
  // Empty values sort last in ascending order and first in descending order, as in Jira.
  const compareKeys = (a: Array<string | number | null>, aId: number, b: Array<string | number | null>, bId: number): number => {
    for (let k = 0; k < order.length; k++) {
      const x = a[k] ?? null;
      const y = b[k] ?? null;
      if (x === y) continue;
      const dir = order[k]!.dir;
      if (x === null) return dir;
      if (y === null) return -dir;
      return (x < y ? -1 : 1) * dir;
    }
    return aId - bId;
  };
  const pinned = candidateOf.get(matches);
  return {
    dynamic,
    bounded,
    projectRefs,
    candidates: pinned ?? null,
    matches,
    sortKey,
    compareKeys,
    compare: order.length === 0 ? (a, b) => a.id - b.id : (a, b) => compareKeys(sortKey(a), a.id, sortKey(b), b.id),
  };
}

const parsedDates = new Map<string, number>();
/** Date.parse with a bounded memo: a sweep compares the same stored datetimes on every page. */
function parseCached(v: string): number {
  let ms = parsedDates.get(v);
  if (ms === undefined) {
    if (parsedDates.size > 200_000) parsedDates.clear();
    ms = Date.parse(v);
    parsedDates.set(v, ms);
  }
  return ms;
}

function isEmptyWord(v: string): boolean {
  return /^(empty|null)$/i.test(v);
}
