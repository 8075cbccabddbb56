/**
 * Who may see what on the emulated site: agents, admins and the app browse every issue, a customer only the
 * requests they reported, an outsider nothing; only `admin` administers Jira.
 */
import type { SiteDirectory } from './site-directory';
import type { SiteProject, StoredIssue } from './site-model';

export class SitePermissions {
  constructor(private readonly directory: SiteDirectory) {}

  canBrowseProject(accountId: string, _project: SiteProject): boolean {
    const role = this.directory.users.get(accountId)?.role;
    return role === 'admin' || role === 'agent' || role === 'app';
  }

  /** Whether a project exists for the user at all (in JQL): agents, admins, the app, and customers (portal access). */
  canSeeProject(accountId: string, project: SiteProject): boolean {
    return this.canBrowseProject(accountId, project) || this.directory.users.get(accountId)?.role === 'customer';
  }

  /** Agents and admins browse every issue; a customer only the requests they reported; an outsider nothing. */
  canBrowse(accountId: string, issue: StoredIssue): boolean {
    const role = this.directory.users.get(accountId)?.role;
    if (role === 'admin' || role === 'agent' || role === 'app') return true;
    return role === 'customer' && issue.reporter === accountId;
  }

  isAdmin(accountId: string): boolean {
    return this.directory.users.get(accountId)?.role === 'admin';
  }
}
