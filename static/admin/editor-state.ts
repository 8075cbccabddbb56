/**
 * The admin editor's state and the one reducer that changes it: which scope is chosen, the text in the editor,
 * the preset it came from, the save in flight and its outcome (message, server problems, conflict).
 */
import type { PolicyProblemDto, SavePolicyConflict, StoredPolicyDto } from '../../src/contracts/resolvers';
import type { SaveMessage } from './editor-model';

export interface EditorState {
  /** scope key (editor-model.ts `scopeKey`): `site` or `project:<KEY>` */
  scope: string;
  source: string;
  /** the preset the text started from, sent with the save */
  presetId: string | undefined;
  saveMessage: SaveMessage | null;
  /** problems the save refused with; they stand until the text changes */
  serverProblems: PolicyProblemDto[];
  saving: boolean;
  conflict: SavePolicyConflict | null;
}

export type EditorAction =
  | { type: 'loaded'; source: string }
  | { type: 'scopeChosen'; scope: string; stored: StoredPolicyDto | null }
  | { type: 'presetApplied'; preset: { id: string; source: string } }
  | { type: 'edited'; source: string }
  | { type: 'saveStarted' }
  | { type: 'saveRefused'; message: string; problems: PolicyProblemDto[]; conflict: SavePolicyConflict | null }
  | { type: 'saved'; message: SaveMessage }
  | { type: 'message'; message: SaveMessage }
  | { type: 'conflictClosed'; source?: string };

export const initialEditorState: EditorState = {
  scope: 'site',
  source: '',
  presetId: undefined,
  saveMessage: null,
  serverProblems: [],
  saving: false,
  conflict: null,
};

/** The state with `source` in the editor: the server's problems belonged to the old text. */
function withSource(state: EditorState, source: string): EditorState {
  return source === state.source ? state : { ...state, source, serverProblems: [] };
}

/**
 * The next editor state.
 *
 * @example
 * editorReducer(initialEditorState, { type: 'edited', source: 'id: x' }).source //=> 'id: x'
 */
export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'loaded':
      return withSource(state, action.source);
    case 'scopeChosen':
      return {
        ...withSource(state, action.stored?.source ?? ''),
        scope: action.scope,
        presetId: action.stored?.presetId,
        saveMessage: null,
      };
    case 'presetApplied':
      return { ...withSource(state, action.preset.source), presetId: action.preset.id, saveMessage: null };
    case 'edited':
      return { ...withSource(state, action.source), saveMessage: null };
    case 'saveStarted':
      return { ...state, saving: true, saveMessage: null };
    case 'saveRefused':
      return {
        ...state,
        saving: false,
        conflict: action.conflict,
        serverProblems: action.problems,
        saveMessage: { tone: 'danger', text: `Not saved: ${action.message} The policy in force is unchanged.` },
      };
    case 'saved':
      return { ...state, saving: false, conflict: null, saveMessage: action.message };
    case 'message':
      return { ...state, saveMessage: action.message };
    case 'conflictClosed':
      return { ...withSource(state, action.source ?? state.source), conflict: null, saveMessage: null };
  }
}
