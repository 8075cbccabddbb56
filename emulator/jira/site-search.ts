/**
 * JQL search over the site's issues: compiled queries are cached per text (unless they read the clock), pinned
 * ids and keys are answered from the index, and only issues the caller may browse are returned.
 */
import { compileJql, type CompiledJql } from './jql';
import type { IssueStore } from './issue-store';
import type { SiteDirectory } from './site-directory';
import type { StoredIssue } from './site-model';
import type { SitePermissions } from './site-permissions';

export class SiteSearch {
  private readonly cache = new Map<string, CompiledJql>();

  constructor(
    private readonly directory: SiteDirectory,
    private readonly issues: IssueStore,
    private readonly permissions: SitePermissions,
  ) {}

  /** Compiles (and caches, unless it reads the clock) a JQL query of the supported subset; throws JqlError otherwise. */
  compileJql(jql: string): CompiledJql {
    let compiled = this.cache.get(jql);
    if (!compiled) {
      compiled = compileJql(jql, this.directory);
      // `now()` and relative dates are read from the clock when the query is compiled: never reuse those.
      if (compiled.dynamic) return compiled;
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(jql, compiled);
    }
    return compiled;
  }

  /** Forgets compiled queries (a field they name may have gone). */
  invalidate(): void {
    this.cache.clear();
  }

  /** The issues a compiled query has to test: its pinned ids/keys when it has them, else every issue. */
  candidatesFor(q: CompiledJql): Iterable<StoredIssue> {
    if (!q.candidates) return this.issues.list;
    const found = new Map<number, StoredIssue>();
    for (const id of q.candidates.ids) {
      const i = this.issues.get(id);
      if (i) found.set(i.id, i);
    }
    for (const key of q.candidates.keys) {
      const i = this.issues.getByKey(key);
      if (i) found.set(i.id, i);
    }
    return found.values();
  }

  /** Issues matching `jql` visible to `accountId`, in the query's order. */
  search(accountId: string, jql: string): StoredIssue[] {
    const q = this.compileJql(jql);
    const out: StoredIssue[] = [];
    for (const issue of this.candidatesFor(q)) if (q.matches(issue) && this.permissions.canBrowse(accountId, issue)) out.push(issue);
    return out.sort(q.compare);
  }
}
