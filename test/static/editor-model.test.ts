import {
  isoToLocalInput,
  lineCount,
  lineOffset,
  messageWithoutPath,
  savedMessage,
  localInputToIso,
  problemPlace,
  problemsByLine,
  scopeFromKey,
  scopeKey,
} from '../../static/admin/editor-model';

describe('admin editor model', () => {
  it('groups problems by line, whole-document ones under 0', () => {
    const byLine = problemsByLine([
      { path: 'id', message: 'bad id', line: 2, column: 5 },
      { path: 'plans', message: 'missing', line: 2 },
      { path: '', message: 'not YAML' },
    ]);
    expect(byLine.get(2)?.map((p) => p.message)).toEqual(['bad id', 'missing']);
    expect(byLine.get(0)?.map((p) => p.message)).toEqual(['not YAML']);
  });

  it('names the place of a problem', () => {
    expect(problemPlace({ path: 'id', message: 'x', line: 4, column: 3 })).toBe('Line 4, column 3');
    expect(problemPlace({ path: 'id', message: 'x', line: 4 })).toBe('Line 4');
    expect(problemPlace({ path: 'id', message: 'x' })).toBe('Whole policy');
  });

  it('finds line starts and counts lines', () => {
    const text = 'a\nbc\nd';
    expect(lineOffset(text, 1)).toBe(0);
    expect(lineOffset(text, 3)).toBe(5);
    expect(lineOffset(text, 9)).toBe(text.length);
    expect(lineCount(text)).toBe(3);
    expect(lineCount('')).toBe(1);
  });

  it('round-trips scopes through select values', () => {
    expect(scopeFromKey(scopeKey({ kind: 'site' }))).toEqual({ kind: 'site' });
    expect(scopeFromKey(scopeKey({ kind: 'project', projectKey: 'SUP' }))).toEqual({ kind: 'project', projectKey: 'SUP' });
  });

  it('converts datetime-local values to instants and back', () => {
    const iso = localInputToIso('2026-03-02T09:30');
    expect(iso).not.toBeNull();
    expect(isoToLocalInput(Date.parse(iso ?? ''))).toBe('2026-03-02T09:30');
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('tomorrow')).toBeNull();
  });
});

describe('messageWithoutPath', () => {
  it.each([
    [{ path: 'id', message: 'id: may contain only lower-case letters' }, 'may contain only lower-case letters'],
    [{ path: 'targets.premium', message: 'targets.premium: required' }, 'required'],
    [{ path: '', message: 'YAML syntax error: bad indentation' }, 'YAML syntax error: bad indentation'],
    [{ path: 'plans', message: 'a message that names no path' }, 'a message that names no path'],
  ])('shows %p as %p beside its path', (problem, shown) => {
    expect(messageWithoutPath(problem)).toBe(shown);
  });
});

describe('savedMessage', () => {
  it('confirms a save with its version', () => {
    expect(savedMessage({ policy: { name: 'BytezTech', version: 3 } })).toEqual({ tone: 'success', text: 'Saved BytezTech as version 3.' });
  });

  it('says the policy is saved and the recomputation must be started again when it could not be queued', () => {
    const message = savedMessage({
      policy: { name: 'BytezTech', version: 3 },
      recomputeError:
        'Saved, but the recomputation of existing issues could not be queued (Jira unavailable). Start it again with Recompute.',
    });
    expect(message.tone).toBe('warning');
    expect(message.text).toMatch(/^Saved BytezTech as version 3\. .*Start it again with Recompute\.$/);
  });
});
