/**
 * A plain textarea with a line-number gutter; lines with problems are marked in the gutter and listed below
 * with the schema's message. No heavy editor: the policy is a short YAML document.
 */
import { useRef, type UIEvent } from 'react';
import type { PolicyProblemDto } from '../../src/contracts/resolvers';
import { lineCount, lineOffset, messageWithoutPath, problemPlace, problemsByLine } from './editor-model';

export interface PolicyEditorProps {
  value: string;
  onChange: (value: string) => void;
  problems: readonly PolicyProblemDto[];
}

export function PolicyEditor({ value, onChange, problems }: PolicyEditorProps) {
  const gutter = useRef<HTMLDivElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const byLine = problemsByLine(problems);
  const lines = lineCount(value);

  const syncScroll = (event: UIEvent<HTMLTextAreaElement>) => {
    if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
  };

  const goToLine = (line: number) => {
    const textarea = area.current;
    if (!textarea) return;
    const start = lineOffset(value, line);
    const endOfLine = value.indexOf('\n', start);
    textarea.focus();
    textarea.setSelectionRange(start, endOfLine === -1 ? value.length : endOfLine);
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
  };

  const numbers = [];
  for (let line = 1; line <= lines; line += 1) {
    const lineProblems = byLine.get(line);
    numbers.push(
      <div
        key={line}
        className={lineProblems ? 'gutter-line gutter-error' : 'gutter-line'}
        data-line={line}
        title={lineProblems?.map((p) => p.message).join('\n')}
      >
        {lineProblems ? <span aria-hidden="true">● </span> : null}
        {line}
      </div>,
    );
  }

  return (
    <div className="editor-wrap">
      <div className="editor" data-invalid={problems.length > 0}>
        <div className="gutter" ref={gutter} aria-hidden="true">
          {numbers}
        </div>
        <textarea
          ref={area}
          id="policy-source"
          className="editor-text"
          value={value}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          wrap="off"
          aria-label="Policy (YAML)"
          aria-invalid={problems.length > 0}
          aria-describedby="policy-problems"
          onChange={(event) => onChange(event.target.value)}
          onScroll={syncScroll}
        />
      </div>
      <div id="policy-problems" aria-live="polite">
        {problems.length > 0 ? (
          <ul className="problems" aria-label="Problems in the policy">
            {problems.map((problem, index) => (
              <li key={`${problem.path}-${index}`} className="problem" data-line={problem.line ?? 0}>
                {problem.line !== undefined && problem.line > 0 ? (
                  <button type="button" className="link" onClick={() => goToLine(problem.line ?? 1)}>
                    {problemPlace(problem)}
                  </button>
                ) : (
                  <span className="problem-place">{problemPlace(problem)}</span>
                )}
                {problem.path ? <code className="problem-path">{problem.path}</code> : null}
                <span className="problem-message">{messageWithoutPath(problem)}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
