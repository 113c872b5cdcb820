/**
 * @fileoverview Names the Closure Compiler must keep when it minifies
 * widget-core.js (emcc --closure 1): everything that crosses between the
 * loader (web/widget.js, not minified), the site's page and the glue.
 * @externs
 */

/** What the loader hands to the glue as Module.baton, and what the glue adds for it. */
var BatonShared = {};
BatonShared.root;
BatonShared.launcher;
BatonShared.badge;
BatonShared.host;
BatonShared.relay;
BatonShared.emit;
BatonShared.launcherLabel;
BatonShared.lang;
BatonShared.texts;
BatonShared.title;
BatonShared.logo;
BatonShared.replyTime;
BatonShared.started;
BatonShared.api;

/** Module.baton itself. */
var BatonModule = {};
BatonModule.baton;

/** window.ChatWidget's calls, forwarded by the loader by name. */
var BatonApi = {};
BatonApi.toggle;
BatonApi.open;
BatonApi.close;
BatonApi.reset;
BatonApi.identify;
BatonApi.track;

/** The person a site passes to ChatWidget.identify(). */
var BatonPerson = {};
BatonPerson.name;
BatonPerson.email;
BatonPerson.phone;

/** Options of browser calls the compiler's own externs may not know. */
var BatonBrowserOptions = {};
BatonBrowserOptions.preventScroll;
BatonBrowserOptions.numeric;
BatonBrowserOptions.style;
BatonBrowserOptions.weekday;
BatonBrowserOptions.day;
BatonBrowserOptions.month;
BatonBrowserOptions.hour;
BatonBrowserOptions.minute;
BatonBrowserOptions.dateStyle;
BatonBrowserOptions.timeStyle;

/** @param {string} query */
function matchMedia(query) {}
