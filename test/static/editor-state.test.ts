/** The admin editor's reducer: what each action changes, and that server problems last only as long as their text. */
import type { SavePolicyConflict, StoredPolicyDto } from '../../src/contracts/resolvers';
import { editorReducer, initialEditorState, type EditorState } from '../../static/admin/editor-state';

const stored: StoredPolicyDto = {
  scope: { kind: 'project', projectKey: 'SUP' },
  version: 3,
  source: 'id: sup',
  policyId: 'sup',
  name: 'Support',
  savedAt: '2026-03-02T10:00:00.000Z',
  presetId: 'byteztech',
};
const problem = { path: 'metrics', message: 'metrics: add at least one metric' };
const refused: EditorState = {
  ...initialEditorState,
  source: 'id: x',
  serverProblems: [problem],
  saveMessage: { tone: 'danger', text: 'Not saved' },
};

describe('editorReducer', () => {
  it('chooses a scope: its stored text and preset, no message', () => {
    const next = editorReducer(refused, { type: 'scopeChosen', scope: 'project:SUP', stored });
    expect(next).toMatchObject({ scope: 'project:SUP', source: 'id: sup', presetId: 'byteztech', saveMessage: null, serverProblems: [] });
    expect(editorReducer(next, { type: 'scopeChosen', scope: 'site', stored: null })).toMatchObject({ scope: 'site', source: '' });
  });

  it('keeps the server problems while the text is the same, drops them when it changes', () => {
    expect(editorReducer(refused, { type: 'edited', source: 'id: x' }).serverProblems).toEqual([problem]);
    expect(editorReducer(refused, { type: 'edited', source: 'id: y' }).serverProblems).toEqual([]);
    expect(editorReducer(refused, { type: 'edited', source: 'id: x' }).saveMessage).toBeNull();
  });

  it('applies a preset: its text and id', () => {
    expect(editorReducer(refused, { type: 'presetApplied', preset: { id: 'p', source: 'id: p' } })).toMatchObject({
      source: 'id: p',
      presetId: 'p',
      saveMessage: null,
    });
  });

  it('follows a save: started, refused (with a conflict), closed by loading theirs', () => {
    const conflict: SavePolicyConflict = { ok: false, code: 'CONFLICT', message: 'newer', expectedVersion: 2, current: stored };
    const started = editorReducer(refused, { type: 'saveStarted' });
    expect(started).toMatchObject({ saving: true, saveMessage: null });
    const conflicted = editorReducer(started, { type: 'saveRefused', message: 'newer', problems: [], conflict });
    expect(conflicted).toMatchObject({
      saving: false,
      conflict,
      serverProblems: [],
      saveMessage: { tone: 'danger', text: 'Not saved: newer The policy in force is unchanged.' },
    });
    expect(editorReducer(conflicted, { type: 'conflictClosed', source: 'id: sup' })).toMatchObject({
      conflict: null,
      source: 'id: sup',
      saveMessage: null,
    });
    expect(editorReducer(conflicted, { type: 'conflictClosed' })).toMatchObject({ conflict: null, source: 'id: x' });
  });

  it('ends a save with its message', () => {
    const saved = editorReducer({ ...refused, saving: true }, { type: 'saved', message: { tone: 'success', text: 'Saved v4.' } });
    expect(saved).toMatchObject({ saving: false, conflict: null, saveMessage: { tone: 'success', text: 'Saved v4.' } });
  });
});
