// Shared by the sandbox's issue view and admin page: URL-held settings (viewer, theme), the clock display,
// JSON calls to the sandbox, and building the app iframe's URL for the bridge stand-in.
(function () {
  var params = new URLSearchParams(location.search);
  var settings = {
    as: params.get('as') || 'agent',
    theme: params.get('theme') === 'dark' ? 'dark' : 'light',
    issue: params.get('issue') || '',
  };
  var viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

  function saveSettings() {
    var next = new URLSearchParams();
    next.set('as', settings.as);
    next.set('theme', settings.theme);
    if (settings.issue) next.set('issue', settings.issue);
    history.replaceState(null, '', location.pathname + '?' + next.toString());
    document.body.classList.toggle('dark', settings.theme === 'dark');
    document.querySelectorAll('nav a[href]').forEach(function (a) {
      var base = a.getAttribute('href').split('?')[0];
      a.setAttribute('href', base + '?' + next.toString());
    });
  }

  function api(method, path, body) {
    return fetch(path, {
      method: method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok || json.ok === false) throw new Error(json.error || 'HTTP ' + response.status);
        return json;
      });
    });
  }

  function showError(error) {
    var el = document.getElementById('error');
    if (el) el.textContent = error ? String(error.message || error) : '';
  }

  function formatClock(iso) {
    return new Intl.DateTimeFormat(undefined, {
      weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
    }).format(new Date(iso));
  }

  function appUrl(app, moduleKey, extra) {
    var q = new URLSearchParams({ app: app, module: moduleKey, as: settings.as, theme: settings.theme, tz: viewerZone });
    Object.keys(extra || {}).forEach(function (k) {
      if (extra[k]) q.set(k, extra[k]);
    });
    return '/apps/' + app + '/index.html?' + q.toString();
  }

  function initControls(site, onChange) {
    var viewer = document.getElementById('viewer');
    viewer.innerHTML = '';
    site.viewers.forEach(function (id) {
      var user = site.users.find(function (u) { return u.accountId === id; });
      var option = document.createElement('option');
      option.value = id;
      option.textContent = (user ? user.displayName : id) + ' (' + id + ')';
      viewer.appendChild(option);
    });
    viewer.value = settings.as;
    viewer.onchange = function () { settings.as = viewer.value; saveSettings(); onChange(); };
    var theme = document.getElementById('theme');
    theme.value = settings.theme;
    theme.onchange = function () { settings.theme = theme.value; saveSettings(); onChange(); };
    saveSettings();
  }

  // The app frames report their content height, as Jira's iframe resizer would.
  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin || !event.data || event.data.type !== 'sandbox:height') return;
    document.querySelectorAll('iframe.app').forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = Math.max(120, event.data.height) + 'px';
    });
  });

  window.sandbox = {
    settings: settings, saveSettings: saveSettings, api: api, showError: showError, formatClock: formatClock,
    appUrl: appUrl, initControls: initControls,
    setClock: function (iso) {
      var clock = document.getElementById('clock');
      clock.dateTime = iso;
      clock.textContent = formatClock(iso);
    },
  };
})();
