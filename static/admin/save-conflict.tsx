/**
 * A save refused because another admin saved first (resolver answer CONFLICT): says who saved which version
 * when, and shows the version in force beside the admin's own text, each line the other side lacks marked, so the
 * admin can compare and then either load the other version or keep their text and save on top of it.
 */
import type { SavePolicyConflict } from '../../src/contracts/resolvers';
import { formatInstant } from '../shared/format';
import type { Viewer } from '../shared/api';

/**
 * The lines of `text`, each marked when the other text has no equal line (a cheap comparison, linear in both).
 *
 * @example
 * markedLines('a\nb', 'a\nc') //=> [{ text: 'a', differs: false }, { text: 'b', differs: true }]
 */
export function markedLines(text: string, other: string): Array<{ text: string; differs: boolean }> {
  const otherLines = new Set(other.split('\n'));
  return text.split('\n').map((line) => ({ text: line, differs: !otherLines.has(line) }));
}

function Side({ title, text, other, testId }: { title: string; text: string; other: string; testId: string }) {
  return (
    <figure className="conflict-side" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <pre className="conflict-text">
        {markedLines(text, other).map((line, index) =>
          line.differs ? (
            <mark key={index} className="conflict-line">
              {line.text}
              {'\n'}
            </mark>
          ) : (
            <span key={index}>
              {line.text}
              {'\n'}
            </span>
          ),
        )}
      </pre>
    </figure>
  );
}

export function SaveConflict({
  conflict,
  mine,
  viewer,
  onLoadTheirs,
  onKeepMine,
}: {
  conflict: SavePolicyConflict;
  mine: string;
  viewer: Viewer;
  onLoadTheirs: () => void;
  onKeepMine: () => void;
}) {
  const current = conflict.current;
  return (
    <section className="conflict" role="alert" aria-labelledby="conflict-title" data-testid="save-conflict">
      <h2 id="conflict-title">Not saved: someone else saved first</h2>
      <p>
        {current
          ? `You edited version ${conflict.expectedVersion}; version ${current.version} (${current.name || 'a policy'}) was saved on ${formatInstant(current.savedAt, viewer.timeZone, viewer.locale)}. Compare, then keep one.`
          : `You edited version ${conflict.expectedVersion}, which is no longer stored.`}{' '}
        Marked lines appear on one side only.
      </p>
      <div className="conflict-sides">
        {current ? (
          <Side title={`Version ${current.version} (in force)`} text={current.source} other={mine} testId="conflict-theirs" />
        ) : null}
        <Side title="Your text (not saved)" text={mine} other={current?.source ?? ''} testId="conflict-mine" />
      </div>
      <div className="row">
        {current ? (
          <button type="button" className="button" onClick={onLoadTheirs}>
            Load version {current.version} into the editor
          </button>
        ) : null}
        <button type="button" className="button" onClick={onKeepMine}>
          Keep my text{current ? ` and save it as the version after ${current.version}` : ''}…
        </button>
      </div>
    </section>
  );
}
