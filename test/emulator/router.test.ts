/** The router the emulator, the UI server and the sandbox share. */
import { Router } from '../../emulator/router';

describe('Router', () => {
  const router = new Router<string>()
    .add('GET', '/rest/api/3/issue/{issueIdOrKey}', 'issue')
    .add('GET', '/rest/api/3/issue/{issueIdOrKey}/comment', 'comments')
    .add('POST', '/rest/api/3/issue/{issueIdOrKey}/comment', 'comment')
    .add('GET', '/apps/{app}/{file*}', 'file')
    .add('GET', '/a.b', 'dotted');

  it.each([
    ['GET', '/rest/api/3/issue/SUP-1', { handler: 'issue', template: '/rest/api/3/issue/{issueIdOrKey}', params: ['SUP-1'] }],
    ['GET', '/rest/api/3/issue/SUP-1/', { handler: 'issue', template: '/rest/api/3/issue/{issueIdOrKey}', params: ['SUP-1'] }],
    [
      'GET',
      '/rest/api/3/issue/SUP-1/comment',
      { handler: 'comments', template: '/rest/api/3/issue/{issueIdOrKey}/comment', params: ['SUP-1'] },
    ],
    [
      'POST',
      '/rest/api/3/issue/SUP%2D1/comment',
      { handler: 'comment', template: '/rest/api/3/issue/{issueIdOrKey}/comment', params: ['SUP-1'] },
    ],
    ['GET', '/apps/admin/assets/a.js', { handler: 'file', template: '/apps/{app}/{file*}', params: ['admin', 'assets/a.js'] }],
    ['GET', '/apps/admin/', { handler: 'file', template: '/apps/{app}/{file*}', params: ['admin', ''] }],
    ['GET', '/a.b', { handler: 'dotted', template: '/a.b', params: [] }],
  ])('%s %s matches', (method, path, expected) => {
    expect(router.match(method, path)).toEqual(expected);
  });

  it.each([
    ['POST', '/rest/api/3/issue/SUP-1'],
    ['GET', '/rest/api/3/issue'],
    ['GET', '/rest/api/3/issue/SUP-1/changelog'],
    ['GET', '/axb'],
    ['GET', '/apps/admin'],
  ])('%s %s matches nothing', (method, path) => {
    expect(router.match(method, path)).toBeUndefined();
  });
});
