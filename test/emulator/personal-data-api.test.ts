/**
 * The emulator's personal data reporting API (`POST /app/report-accounts`): 204 when nothing is to be done, 200 with
 * the closed and updated accounts, 400 for more than 90 accounts or a malformed body (nothing recorded then).
 */
import { PersonalDataApi, REPORT_ACCOUNTS_LIMIT } from '../../emulator/forge/personal-data-api';

const report = (accounts: unknown) => JSON.stringify({ accounts });

describe('PersonalDataApi', () => {
  it('answers 204 when no reported account changed, 200 with the closed and updated ones otherwise', () => {
    const api = new PersonalDataApi();
    expect(api.handle(report([{ accountId: 'a', updatedAt: '2026-03-01T00:00:00Z' }]))).toEqual({ status: 204 });
    api.close('a');
    api.updateProfile('b', '2026-03-02T00:00:00Z');
    const answer = api.handle(
      report([
        { accountId: 'a', updatedAt: '2026-03-01T00:00:00Z' },
        { accountId: 'b', updatedAt: '2026-03-01T00:00:00Z' }, // stored before the profile changed
        { accountId: 'c', updatedAt: '2026-03-01T00:00:00Z' },
      ]),
    );
    expect(answer).toEqual({
      status: 200,
      body: {
        accounts: [
          { accountId: 'a', status: 'closed' },
          { accountId: 'b', status: 'updated' },
        ],
      },
    });
    expect(api.handle(report([{ accountId: 'b', updatedAt: '2026-03-03T00:00:00Z' }]))).toEqual({ status: 204 }); // stored after
    expect(api.reports).toHaveLength(3);
  });

  it.each([
    [
      'more than 90 accounts',
      report(Array.from({ length: REPORT_ACCOUNTS_LIMIT + 1 }, (_, i) => ({ accountId: `p${i}`, updatedAt: '2026-03-01T00:00:00Z' }))),
    ],
    ['no accounts', report([])],
    ['an account without updatedAt', report([{ accountId: 'a' }])],
    ['a body that is not JSON', '{'],
  ])('refuses %s with 400 and records nothing', (_what, body) => {
    const api = new PersonalDataApi();
    expect(api.handle(body).status).toBe(400);
    expect(api.reports).toEqual([]);
  });
});
