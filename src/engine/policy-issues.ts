/** Zod issues of the policy schema → problems whose message starts with the dotted path and reads on its own. */
import * as z from 'zod';

/**
 * Formats a zod path as the dotted path used in messages: keys joined with ".", array indexes in brackets.
 *
 * @example
 * formatPath(['targets', 'premium', 'P1', 'firstResponse']) //=> 'targets.premium.P1.firstResponse'
 * formatPath(['calendars', 0, 'week'])                      //=> 'calendars[0].week'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** One validation problem before line numbers: `path` as zod gives it, `message` prefixed with the dotted path. */
export interface PolicyIssue {
  path: PropertyKey[];
  message: string;
}

/** A readable replacement for zod's generic "Invalid input: expected …" message. */
function typeMessage(issue: z.core.$ZodIssueInvalidType): string {
  const found =
    issue.input === undefined
      ? 'nothing'
      : Array.isArray(issue.input)
        ? 'a list'
        : typeof issue.input === 'object'
          ? issue.input === null
            ? 'null'
            : 'an object'
          : `the ${typeof issue.input} ${JSON.stringify(issue.input)}`;
  return issue.input === undefined
    ? `${issue.expected} is required here: add it.`
    : `expected ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`} here but found ${found}: write a ${issue.expected === 'array' ? 'list' : issue.expected} instead.`;
}

/**
 * Turns zod issues of `policySchema` into problems: one per unknown key (path ends with the key), and every
 * message starts with its dotted path (`(root)` for the document itself), so it reads on its own. At most `limit`
 * problems (inclusive) are returned; `countPolicyIssues` says how many there are in all.
 *
 * @example
 * policyIssues(policySchema.safeParse({ ...valid, plan: [] }).error!.issues)
 * //=> [{ path: ['plan'], message: 'plan: Unknown key "plan"; did you mean "plans"? Valid keys here: id, name, …' }]
 */
export function policyIssues(issues: readonly z.core.$ZodIssue[], limit = Infinity): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  const add = (path: PropertyKey[], message: string) => {
    if (out.length >= limit) return;
    const where = path.length === 0 ? '(root)' : formatPath(path);
    // Messages are written to read alone ("timeZone is required…"); behind the path the key would be said twice.
    const key = path.length === 0 ? undefined : String(path[path.length - 1]);
    const text =
      key === undefined || !message.startsWith(`${key} `)
        ? message
        : message.slice(key.length + (message.startsWith(`${key} is `) ? 4 : 1));
    out.push({ path, message: `${where}: ${text}` });
  };
  for (const issue of issues) {
    if (out.length >= limit) break;
    if (issue.code === 'unrecognized_keys') {
      const lines = issue.message.split('\n');
      issue.keys.slice(0, limit - out.length).forEach((key, index) => {
        add([...issue.path, key], lines.length === issue.keys.length ? (lines[index] ?? issue.message) : issue.message);
      });
      continue;
    }
    if (issue.code === 'invalid_key') {
      // zod says "Invalid key in record"; the key's own schema says what is wrong with it.
      add([...issue.path], issue.issues[0]?.message ?? issue.message);
      continue;
    }
    add([...issue.path], issue.code === 'invalid_type' && issue.message.startsWith('Invalid input') ? typeMessage(issue) : issue.message);
  }
  return out;
}

/**
 * How many problems `policyIssues` would return without a limit (each unknown key counts once).
 *
 * @example
 * countPolicyIssues(policySchema.safeParse({ ...valid, a: 1, b: 2 }).error!.issues) //=> 2
 */
export function countPolicyIssues(issues: readonly z.core.$ZodIssue[]): number {
  let count = 0;
  for (const issue of issues) count += issue.code === 'unrecognized_keys' ? issue.keys.length : 1;
  return count;
}
