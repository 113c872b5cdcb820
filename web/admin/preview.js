// The admin page's preview (docs/admin.md, "The widget"): this relay's
// loader with the look being edited, passed in the query as data-*
// attributes. Only the launcher is shown: opening it would start a real chat.
'use strict';
(function () {
  var query = new URLSearchParams(location.search);
  // The loader fetches the widget itself when the page is idle; a preview
  // shows only the launcher (the frame takes no clicks), so it never does.
  window.requestIdleCallback = function () { return 0; };
  var script = document.createElement('script');
  script.src = '/widget.js';
  script.dataset.relay = location.origin;
  [['color', 'color'], ['position', 'position'], ['label', 'launcherLabel'], ['theme', 'theme']].forEach(function (p) {
    var value = query.get(p[0]);
    if (value) script.dataset[p[1]] = value;
  });
  document.body.appendChild(script);
})();
