/**
 * Every policy in force on the installation (the site default and each project's own), read with one kvs key-space
 * query on the `policy:` prefix (history keys start `policy-history:` and are not matched). The sweep uses it to
 * bound its repair search to governed projects, and readers of issues of unknown project use it to know which
 * fields any policy may need.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { PolicyScope } from '../contracts/resolvers';
import { compileStoredShape, type ActivePolicy, type StoredPolicy } from './policy-store';

/** kvs answers at most this many keys per query page (Forge storage's limit; docs/forge.md, Platform limits). */
const QUERY_PAGE = 20;

/**
 * The scope a policy storage key names, or null for any other key.
 *
 * @example
 * scopeOfPolicyKey('policy:project:SUP') //=> { kind: 'project', projectKey: 'SUP' }
 */
export function scopeOfPolicyKey(key: string): PolicyScope | null {
  if (key === 'policy:site') return { kind: 'site' };
  const match = /^policy:project:(.+)$/.exec(key);
  return match ? { kind: 'project', projectKey: match[1]! } : null;
}

/** The policies in force, compiled for their shape (a stored source that no longer compiles is left out). */
export async function listPoliciesInForce(): Promise<ActivePolicy[]> {
  const active: ActivePolicy[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith('policy:')).limit(QUERY_PAGE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<StoredPolicy>();
    for (const { key, value } of page.results) {
      const scope = scopeOfPolicyKey(key);
      if (!scope) continue;
      const policy = await compileStoredShape(scope, value);
      if (policy) active.push({ scope, stored: value, policy });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return active;
}
