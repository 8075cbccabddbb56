// The sandbox's admin page: the real admin bundle in a frame, as the chosen user.
(function () {
  var s = window.sandbox;
  function load() {
    return s.api('GET', '/api/site').then(function (site) {
      s.setClock(site.now);
      s.initControls(site, render.bind(null, site));
      render(site);
    });
  }
  function render(site) {
    document.getElementById('admin-app').src = s.appUrl('admin', site.modules.admin.moduleKey, {});
  }
  load().catch(function (e) {
    console.error(e);
  });
})();
