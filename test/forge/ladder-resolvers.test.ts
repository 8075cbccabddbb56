/**
 * The audit export's CSV cells (src/forge/ladder-resolvers.ts): RFC 4180 quoting, and formulas kept as text so a
 * hostile value (an organization or level label from a policy) cannot run in a spreadsheet.
 */
import { csvField } from '../../src/forge/ladder-resolvers';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
  ])('%j → %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes null as an empty cell and numbers as digits', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
  });
});
