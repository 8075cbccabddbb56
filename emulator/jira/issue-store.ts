/** The site's issues, indexed by id and key, in creation order (ids ascending), and the ids the site hands out. */
import type { StoredIssue } from './site-model';

export class IssueStore {
  private readonly byKey = new Map<string, StoredIssue>();
  private readonly byId = new Map<number, StoredIssue>();
  /** issues in creation order (ids ascending) */
  readonly list: StoredIssue[] = [];
  private nextIssueId = 10000;
  private nextCommentId = 10000;
  private nextHistoryId = 10000;

  newIssueId(): number {
    return this.nextIssueId++;
  }

  newCommentId(): string {
    return String(this.nextCommentId++);
  }

  newHistoryId(): string {
    return String(this.nextHistoryId++);
  }

  add(issue: StoredIssue): void {
    this.byKey.set(issue.key, issue);
    this.byId.set(issue.id, issue);
    this.list.push(issue);
  }

  remove(issue: StoredIssue): void {
    this.byKey.delete(issue.key);
    this.byId.delete(issue.id);
    this.list.splice(this.list.indexOf(issue), 1);
  }

  /** By numeric id (`10004`) or key (`SUP-4`, any case). */
  find(keyOrId: string): StoredIssue | undefined {
    return /^\d+$/.test(keyOrId) ? this.byId.get(Number(keyOrId)) : this.byKey.get(keyOrId.toUpperCase());
  }

  get(id: number): StoredIssue | undefined {
    return this.byId.get(id);
  }

  getByKey(key: string): StoredIssue | undefined {
    return this.byKey.get(key);
  }
}
