import { renderToStaticMarkup } from 'react-dom/server';
import type { SavePolicyConflict } from '../../src/contracts/resolvers';
import { markedLines, SaveConflict } from '../../static/admin/save-conflict';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const viewer = { timeZone: 'UTC', locale: 'en-GB' };

function conflict(overrides: Partial<SavePolicyConflict> = {}): SavePolicyConflict {
  return {
    ok: false,
    code: 'CONFLICT',
    message: 'Not saved: version 2 was saved at 2026-03-02T09:30:00.000Z.',
    expectedVersion: 1,
    current: {
      scope: { kind: 'site' },
      version: 2,
      source: 'id: theirs\nname: Their policy\nshared: line',
      policyId: 'theirs',
      name: 'Their policy',
      savedAt: '2026-03-02T09:30:00.000Z',
    },
    ...overrides,
  };
}

describe('markedLines', () => {
  it.each([
    { mine: 'a\nb', other: 'a\nc', marked: [false, true] },
    { mine: 'a\nb', other: 'b\na', marked: [false, false] },
    { mine: '', other: 'x', marked: [true] },
  ])('$mine against $other', ({ mine, other, marked }) => {
    expect(markedLines(mine, other).map((line) => line.differs)).toEqual(marked);
  });
});

describe('the save conflict view', () => {
  const render = (value: SavePolicyConflict) =>
    renderToStaticMarkup(
      <SaveConflict
        conflict={value}
        mine={'id: mine\nname: My policy\nshared: line'}
        viewer={viewer}
        onLoadTheirs={() => undefined}
        onKeepMine={() => undefined}
      />,
    );

  it('names the version that won, who saved it and when, and the version the admin edited', () => {
    const words = text(render(conflict()));
    expect(words).toContain('You edited version 1; version 2 (Their policy) was saved on');
    expect(words).toContain('Load version 2 into the editor');
    expect(words).toContain('Keep my text and save it as the version after 2');
  });

  it('shows both texts, marking the lines only one side has', () => {
    const html = render(conflict());
    const theirs = html.slice(html.indexOf('data-testid="conflict-theirs"'), html.indexOf('data-testid="conflict-mine"'));
    const mine = html.slice(html.indexOf('data-testid="conflict-mine"'));
    expect(theirs).toContain('<mark class="conflict-line">id: theirs');
    expect(theirs).toContain('<span>shared: line');
    expect(mine).toContain('<mark class="conflict-line">name: My policy');
  });

  it('says so when the edited version is gone and offers only to keep the text', () => {
    const words = text(render(conflict({ current: null })));
    expect(words).toContain('You edited version 1, which is no longer stored.');
    expect(words).not.toContain('Load version');
  });
});
