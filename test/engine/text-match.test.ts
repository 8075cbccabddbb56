import { includesIgnoringCase, sameTextIgnoringCase } from '../../src/engine/text-match';

describe('sameTextIgnoringCase', () => {
  const cases: Array<[string, string, boolean]> = [
    ['In Progress', 'In Progress', true],
    ['In Progress', 'in progress', true],
    ['WAITING FOR CUSTOMER', 'Waiting for customer', true],
    ['Straße', 'STRASSE', false], // toLowerCase, not case folding: ß stays ß
    ['Ärger', 'ärger', true],
    ['Done', ' Done', false], // whitespace counts; callers trim where they mean to
    ['Done', 'Done ', false],
    ['Done', 'Closed', false],
    ['', '', true],
    ['', ' ', false],
  ];
  it.each(cases)('%j vs %j → %j', (a, b, expected) => {
    expect(sameTextIgnoringCase(a, b)).toBe(expected);
    expect(sameTextIgnoringCase(b, a)).toBe(expected);
  });
});

describe('includesIgnoringCase', () => {
  const cases: Array<[string[], string | null, boolean]> = [
    [['Waiting for customer', 'Pending'], 'PENDING', true],
    [['Waiting for customer', 'Pending'], 'waiting for customer', true],
    [['Waiting for customer', 'Pending'], 'Waiting', false],
    [['Pending'], ' Pending', false],
    [['Pending'], null, false],
    [[], 'Pending', false],
    [[''], '', true],
  ];
  it.each(cases)('%j holds %j → %j', (list, value, expected) => {
    expect(includesIgnoringCase(list, value)).toBe(expected);
  });
});
