/**
 * The directory editor's edits of a policy's YAML source (issue 10): read the rungs and the ladder level ids, add
 * or remove a person of a rung, keeping the rest of the document (comments included) as written. The result is the
 * new source; the admin page validates it like any other edit.
 */
import { isMap, isSeq, parseDocument, type Document } from 'yaml';

/** One rung as the editor shows it: its level and the account ids, groups and roles of its default list. */
export interface RungSummary {
  level: string;
  people: Array<{ accountId?: string; group?: string; role?: string }>;
}

export interface DirectorySummary {
  /** every level id of every ladder, in order, each once */
  levels: string[];
  rungs: RungSummary[];
}

function plain(doc: Document): Record<string, unknown> {
  const value = doc.toJS() as unknown;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The ladder levels and rungs of a policy source; null when the source does not parse as YAML.
 *
 * @example
 * readDirectory('escalation: { P1: [{ id: support }] }') //=> { levels: ['support'], rungs: [] }
 */
export function readDirectory(source: string): DirectorySummary | null {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) return null;
  const policy = plain(doc);
  const levels: string[] = [];
  const escalation = policy.escalation;
  if (typeof escalation === 'object' && escalation !== null) {
    for (const ladder of Object.values(escalation)) {
      for (const level of Array.isArray(ladder) ? ladder : []) {
        const id = (level as { id?: unknown } | null)?.id;
        if (typeof id === 'string' && !levels.includes(id)) levels.push(id);
      }
    }
  }
  const directory = policy.directory as { rungs?: unknown } | undefined;
  const rungs = (Array.isArray(directory?.rungs) ? directory.rungs : []).flatMap((rung: unknown) => {
    const { level, people } = (rung ?? {}) as { level?: unknown; people?: unknown };
    if (typeof level !== 'string') return [];
    return [
      {
        level,
        people: (Array.isArray(people) ? people : []).filter(
          (one): one is RungSummary['people'][number] => typeof one === 'object' && one !== null,
        ),
      },
    ];
  });
  return { levels, rungs };
}

/**
 * The source with `{ accountId }` added to the default people of the rung of `level` (the rung, and `directory`, are
 * created when missing); unchanged when the account is already there. Null when the source does not parse.
 *
 * @example
 * addPerson('escalation: …', 'support', '5b10ac8d82e05b22cc7d4ef5') //=> '…directory:\n  rungs:\n    - level: support\n      people:\n        - accountId: 5b10…'
 */
export function addPerson(source: string, level: string, accountId: string): string | null {
  const doc = parseDocument(source);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
  if (!doc.hasIn(['directory', 'rungs'])) doc.setIn(['directory', 'rungs'], doc.createNode([]));
  const rungs = doc.getIn(['directory', 'rungs']);
  if (!isSeq(rungs)) return null;
  let index = rungs.items.findIndex((rung) => isMap(rung) && rung.get('level') === level);
  if (index < 0) {
    rungs.add(doc.createNode({ level, people: [] }));
    index = rungs.items.length - 1;
  }
  const path = ['directory', 'rungs', index, 'people'];
  if (!doc.hasIn(path)) doc.setIn(path, doc.createNode([]));
  const people = doc.getIn(path);
  if (!isSeq(people)) return null;
  if (people.items.some((person) => isMap(person) && person.get('accountId') === accountId)) return source;
  people.add(doc.createNode({ accountId }));
  return doc.toString();
}

/** The source without `{ accountId }` in the default people of the rung of `level`; null when it does not parse. */
export function removePerson(source: string, level: string, accountId: string): string | null {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) return null;
  const rungs = doc.getIn(['directory', 'rungs']);
  if (!isSeq(rungs)) return source;
  const rung = rungs.items.find((item) => isMap(item) && item.get('level') === level);
  const people = isMap(rung) ? rung.get('people', true) : undefined;
  if (!isSeq(people)) return source;
  const at = people.items.findIndex((person) => isMap(person) && person.get('accountId') === accountId);
  if (at < 0) return source;
  people.items.splice(at, 1);
  return doc.toString();
}
