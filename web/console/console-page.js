// Starts the console's WebAssembly (console.js, built from client/console)
// on the page's canvas. A separate file because the relay's pages allow no
// inline script (Content-Security-Policy).
'use strict';
(function () {
  var canvas = document.getElementById('canvas');
  var loading = document.getElementById('loading');
  var started = false;
  window.Module = {
    canvas: canvas,
    // After main(): the console exists and draws.
    postRun: [function () {
      started = true;
      loading.remove();
      canvas.focus();
    }],
    printErr: function (text) { console.warn(text); }
  };
  // Read-only view of the console's model, for tests and for curious developers.
  window.batonConsole = {
    summary: function () {
      if (!started) return null;
      return JSON.parse(Module.UTF8ToString(Module._console_summary()));
    },
    // Opens a panel ("Chats", "Outbox", ...) and, optionally, one chat.
    show: function (panel, sessionId) {
      Module.ccall('console_show', null, ['string', 'string'], [panel, sessionId || '']);
    },
    // Where the button labelled `label` is, in CSS pixels of the canvas
    // (null if it is not drawn): a few frames are drawn while recording,
    // so that tables have settled, then recording stops.
    where: function (label) {
      Module._console_record(1);
      return new Promise(function (resolve) {
        var frames = 5;
        (function next() {
          if (--frames > 0) return requestAnimationFrame(next);
          var at = Module.UTF8ToString(Module.ccall('console_where', 'number', ['string'], [label]));
          Module._console_record(0);
          if (!at) return resolve(null);
          var ratio = window.devicePixelRatio || 1;
          var parts = at.split(',');
          resolve({ x: Number(parts[0]) / ratio, y: Number(parts[1]) / ratio });
        })();
      });
    }
  };
  if (!document.createElement('canvas').getContext('webgl2')) {
    loading.textContent = 'The developer console needs WebGL 2, which this browser does not offer.';
    return;
  }
  var script = document.createElement('script');
  script.src = '/console/console.js';
  script.onerror = function () { loading.textContent = 'The console could not be loaded.'; };
  document.body.appendChild(script);
})();
