/**
 * What the JQL evaluator (jql.ts) needs from a site: lookups of fields, statuses, projects, priorities and issue
 * types. Its own module so the evaluator depends on this interface, not on the site that implements it.
 */
import type { FieldDef, SiteProject, StatusDef, StoredIssue } from './site-model';

export interface JqlContext {
  field(name: string): FieldDef | undefined;
  status(name: string): StatusDef | undefined;
  statusCategoryOf(issue: StoredIssue): StatusDef['category'];
  project(keyOrId: string): SiteProject | undefined;
  priority(name: string): { id: string; name: string } | undefined;
  issueType(name: string): { id: string; name: string } | undefined;
}
