// Shared by the sandbox's issue view and admin page: URL-held settings (viewer, theme), the clock display,
// JSON calls to the sandbox, and building the app iframe's URL for the bridge stand-in.
(function () {
  var params = new URLSearchParams(location.search);
  // Each page opens as the person who uses it in Jira: the admin page as the admin, the issue view as an agent.
  var defaultAs = location.pathname.indexOf('/admin') === 0 ? 'admin' : 'agent';
  var settings = {
    as: params.get('as') || defaultAs,
    theme: params.get('theme') === 'dark' ? 'dark' : 'light',
    issue: params.get('issue') || '',
    // The reports page's global page sub-path (e.g. incident/SUP-12), as Jira keeps it in the page URL.
    path: params.get('path') || '',
  };
  var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  var users = [];

  /** The viewer's zone as Jira's UI context gives it: their profile's, else (no zone set) the browser's. */
  function viewerZone() {
    var user = users.find(function (u) {
      return u.accountId === settings.as;
    });
    return (user && user.timeZone) || browserZone;
  }

  function saveSettings() {
    var next = new URLSearchParams();
    next.set('as', settings.as);
    next.set('theme', settings.theme);
    if (settings.issue) next.set('issue', settings.issue);
    if (settings.path) next.set('path', settings.path);
    history.replaceState(null, '', location.pathname + '?' + next.toString());
    document.body.classList.toggle('dark', settings.theme === 'dark');
    // Links to the other page keep the theme only: each page opens as its own person (admin page: the admin).
    var carried = new URLSearchParams();
    carried.set('theme', settings.theme);
    document.querySelectorAll('nav a[href]').forEach(function (a) {
      var base = a.getAttribute('href').split('?')[0];
      a.setAttribute('href', base + '?' + carried.toString());
    });
    var who = document.getElementById('viewer-zone');
    if (who) who.textContent = viewerZone();
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

  /**
   * Shows an action's error next to the control that caused it (`anchor`), scrolled into view; without an anchor,
   * in the page's error line under the header. `showError(null)` clears every error.
   */
  function showError(error, anchor) {
    document.querySelectorAll('.inline-error').forEach(function (node) {
      node.remove();
    });
    var line = document.getElementById('error');
    if (line) line.textContent = '';
    if (!error) return;
    var text = String(error.message || error);
    var place = anchor && anchor.closest ? anchor.closest('[data-error-anchor]') || anchor : null;
    if (!place || !place.parentNode) {
      if (line) {
        line.textContent = text;
        line.scrollIntoView({ block: 'nearest' });
      }
      return;
    }
    var note = document.createElement('p');
    note.className = 'inline-error';
    note.setAttribute('role', 'alert');
    note.textContent = text;
    place.parentNode.insertBefore(note, place.nextSibling);
    note.scrollIntoView({ block: 'nearest' });
  }

  function formatClock(iso) {
    return new Intl.DateTimeFormat(undefined, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(new Date(iso));
  }

  function appUrl(app, moduleKey, extra) {
    var q = new URLSearchParams({ app: app, module: moduleKey, as: settings.as, theme: settings.theme, tz: viewerZone() });
    Object.keys(extra || {}).forEach(function (k) {
      if (extra[k]) q.set(k, extra[k]);
    });
    return '/apps/' + app + '/index.html?' + q.toString();
  }

  function initControls(site, onChange) {
    users = site.users;
    var viewer = document.getElementById('viewer');
    viewer.innerHTML = '';
    site.viewers.forEach(function (id) {
      var user = site.users.find(function (u) {
        return u.accountId === id;
      });
      var option = document.createElement('option');
      option.value = id;
      option.textContent = (user ? user.displayName + ' — ' + user.role : id) + (id === defaultAs ? " (this page's usual user)" : '');
      viewer.appendChild(option);
    });
    viewer.value = settings.as;
    viewer.onchange = function () {
      settings.as = viewer.value;
      saveSettings();
      onChange();
    };
    var theme = document.getElementById('theme');
    theme.value = settings.theme;
    theme.onchange = function () {
      settings.theme = theme.value;
      saveSettings();
      onChange();
    };
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
    settings: settings,
    saveSettings: saveSettings,
    api: api,
    showError: showError,
    formatClock: formatClock,
    appUrl: appUrl,
    pagePath: function () {
      return settings.path;
    },
    initControls: initControls,
    setClock: function (iso) {
      var clock = document.getElementById('clock');
      clock.dateTime = iso;
      clock.textContent = formatClock(iso);
    },
  };
})();
