/** Jira's text formats the emulator reads and writes: REST datetimes and Atlassian Document Format (ADF). */
const formattedInstants = new Map<number, string>();
/** Jira's REST datetime format: `2026-11-22T02:50:00.000+0000` (memoised: the same instants are served over and over). */
export function jiraDateTime(ms: number): string {
  let text = formattedInstants.get(ms);
  if (text === undefined) {
    if (formattedInstants.size > 200_000) formattedInstants.clear();
    text = new Date(ms).toISOString().replace('Z', '+0000');
    formattedInstants.set(ms, text);
  }
  return text;
}

/** A plain-text string as an Atlassian Document Format document. */
export function adf(text: string): unknown {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => ({ type: 'paragraph', content: line ? [{ type: 'text', text: line }] : [] })),
  };
}

/** The plain text of an ADF document (or a string). */
export function adfText(doc: unknown): string {
  if (typeof doc === 'string') return doc;
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; text?: string; content?: unknown[] };
    if (typeof n.text === 'string') parts.push(n.text);
    if (Array.isArray(n.content)) {
      n.content.forEach(walk);
      if (n.type === 'paragraph') parts.push('\n');
    }
  };
  walk(doc);
  return parts.join('').replace(/\n$/, '');
}
