// The site owner's page (docs/admin.md): signs in with the admin token,
// which the relay exchanges for an HttpOnly session cookie; every change
// carries the session's CSRF token, kept in this script's memory only.
'use strict';
(function () {
  var csrf = null;
  var oldestAudit = 0;
  var $ = function (id) { return document.getElementById(id); };

  function say(text) { $('status').textContent = text; }

  // One call to the admin API; resolves to {status, body}.
  function call(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
    return fetch(path, {
      method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 204) return { status: 204, body: null };
      return response.json().catch(function () { return null; })
        .then(function (json) { return { status: response.status, body: json }; });
    });
  }

  function errorText(answer) {
    return answer.body && answer.body.error ? answer.body.error.message : 'the relay answered ' + answer.status;
  }

  function show(signedIn) {
    $('sign-in').hidden = signedIn;
    $('signed-in').hidden = !signedIn;
    $('sign-out').hidden = !signedIn;
    if (!signedIn) {
      csrf = null;
      $('token').focus();
    }
  }

  function signedOut(answer) {
    if (answer.status !== 401) return false;
    show(false);
    say('Your session ended: sign in again.');
    return true;
  }

  // Business hours.
  function fillHours(hours) {
    $('hours-text').value = hours.hours;
    $('time-zone').value = hours.time_zone;
    $('holidays').value = hours.holidays;
    var preset = document.querySelector('input[name=preset][value="' + hours.hours + '"]') ||
      document.querySelector('input[name=preset][value=custom]');
    preset.checked = true;
    $('hours-now').textContent = (hours.open_now ? 'Open now.' : 'Closed now.') +
      (hours.next_open ? ' Opens ' + new Date(hours.next_open).toLocaleString() + '.' : '') +
      (hours.source === 'admin' ? ' Set on this page.' : ' From the relay\'s flags.');
  }

  function loadHours() {
    return call('GET', '/v1/admin/hours').then(function (answer) {
      if (signedOut(answer)) return;
      if (answer.status === 200) fillHours(answer.body);
    });
  }

  // The audit log, newest first; "Older entries" pages back.
  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text;  // always text: entries hold what people typed
    if (className) td.className = className;
    row.appendChild(td);
  }

  function loadAudit(more) {
    var path = '/v1/admin/audit?limit=50' + (more && oldestAudit ? '&before=' + oldestAudit : '');
    return call('GET', path).then(function (answer) {
      if (signedOut(answer) || answer.status !== 200) return;
      var body = $('audit');
      if (!more) body.textContent = '';
      answer.body.entries.forEach(function (e) {
        var row = document.createElement('tr');
        cell(row, new Date(e.at).toLocaleString());
        cell(row, e.actor);
        cell(row, e.action);
        cell(row, e.target);
        cell(row, e.outcome, e.outcome === 'done' ? '' : 'refused');
        cell(row, e.detail);
        body.appendChild(row);
        oldestAudit = e.id;
      });
      $('audit-more').hidden = answer.body.entries.length < 50;
    });
  }

  // The agents: who can take a chat now, and a form to change them.
  var defaultCapacity = 3;
  var agentRows = 0;

  // One labelled input of an agent's fieldset.
  function agentField(set, label, name, value, attributes) {
    var id = 'agent-' + name + '-' + agentRows;
    var wrap = document.createElement('div');
    var l = document.createElement('label');
    l.htmlFor = id;
    l.textContent = label;
    var input = document.createElement('input');
    input.id = id;
    input.name = name;
    input.value = value;
    input.autocomplete = 'off';
    Object.keys(attributes).forEach(function (k) { input.setAttribute(k, attributes[k]); });
    wrap.appendChild(l);
    wrap.appendChild(input);
    set.appendChild(wrap);
    return input;
  }

  function addAgentRow(a) {
    agentRows += 1;
    var set = document.createElement('fieldset');
    set.className = 'agent';
    var legend = document.createElement('legend');
    legend.textContent = a.name || 'New agent';
    set.appendChild(legend);
    var name = agentField(set, 'Name', 'name', a.name, { required: '', maxlength: '60' });
    name.addEventListener('input', function () { legend.textContent = name.value || 'New agent'; });
    agentField(set, 'WhatsApp number', 'phone', a.phone, { type: 'tel', required: '', placeholder: '+15551230001' });
    agentField(set, 'Chats at once', 'capacity', a.own_capacity === null || a.own_capacity === undefined ? ''
      : String(a.own_capacity), { type: 'number', min: '1', max: '100', step: '1',
      placeholder: 'default (' + defaultCapacity + ')' });
    agentField(set, 'Photo address', 'photo', a.photo || '', { type: 'url', placeholder: 'https://…' });
    var remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', 'Remove ' + (a.name || 'this agent'));
    remove.addEventListener('click', function () {
      var next = set.nextElementSibling || set.previousElementSibling;
      set.remove();
      (next ? next.querySelector('input') : $('agents-add')).focus();
    });
    set.appendChild(remove);
    $('agents-edit').appendChild(set);
    return name;
  }

  function fillAgents(body) {
    defaultCapacity = body.default_capacity;
    var table = $('agents');
    table.textContent = '';
    body.agents.forEach(function (a) {
      var row = document.createElement('tr');
      cell(row, a.name);
      cell(row, a.phone);
      cell(row, a.online ? (a.can_take_chat ? 'online' : 'online, no room') : 'away');
      cell(row, a.window_open ? 'open' : 'closed: a template reopens it');
      cell(row, a.open_chats + ' of ' + a.capacity);
      table.appendChild(row);
    });
    $('agents-edit').textContent = '';
    body.agents.forEach(addAgentRow);
    $('agents-now').textContent = !body.whatsapp_configured
      ? 'WhatsApp is not set up, so no agent can be reached: the relay needs --phone-number-id and --access-token.'
      : body.source === 'admin' ? 'Set on this page.' : 'From the relay\'s --agents.';
  }

  function loadAgents() {
    return call('GET', '/v1/admin/agents').then(function (answer) {
      if (signedOut(answer) || answer.status !== 200) return;
      fillAgents(answer.body);
    });
  }

  function typedAgents() {
    return Array.prototype.map.call($('agents-edit').querySelectorAll('fieldset'), function (set) {
      var value = function (name) { return set.querySelector('input[name=' + name + ']').value.trim(); };
      var capacity = value('capacity');
      return { name: value('name'), phone: value('phone'), capacity: capacity === '' ? null : Number(capacity),
        photo: value('photo') };
    });
  }

  // A list of facts: [label, value] pairs.
  function facts(list, pairs) {
    list.textContent = '';
    pairs.forEach(function (pair) {
      var term = document.createElement('dt');
      term.textContent = pair[0];
      var value = document.createElement('dd');
      value.textContent = pair[1] === '' ? 'not set' : pair[1];
      list.appendChild(term);
      list.appendChild(value);
    });
  }

  // WhatsApp's settings, and a harmless Cloud API call to test them.
  function fillWhatsApp(w) {
    $('wa-phone-id').value = w.phone_number_id;
    $('wa-number').value = w.business_number ? '+' + w.business_number.replace(/^\+/, '') : '';
    $('wa-continue').value = w.templates.continue;
    $('wa-reconnect').value = w.templates.reconnect;
    $('wa-call').value = w.templates.call;
    $('wa-language').value = w.templates.language;
    [['wa-token', w.access_token], ['wa-secret', w.app_secret], ['wa-verify', w.verify_token]].forEach(function (f) {
      $(f[0]).value = '';
      $(f[0]).placeholder = f[1] === 'set' ? 'set (kept if empty)' : 'not set';
    });
    $('whatsapp-now').textContent = w.source === 'admin' ? 'Set on this page.' : 'From the relay\'s flags.';
    showWhatsApp(w);
  }

  function loadWhatsApp() {
    return call('GET', '/v1/admin/whatsapp').then(function (answer) {
      if (signedOut(answer) || answer.status !== 200) return;
      fillWhatsApp(answer.body);
    });
  }

  function showWhatsApp(w) {
    if (w.health) showHealth(w.health);
    facts($('whatsapp'), [['Set up', w.configured ? 'yes' : 'no'], ['Phone number id', w.phone_number_id],
      ['Business number', w.business_number], ['Access token', w.access_token], ['App secret', w.app_secret],
      ['Verify token', w.verify_token], ['Templates (' + w.templates.language + ')',
        [w.templates.reconnect, w.templates.continue, w.templates.call].join(', ')], ['Cloud API', w.graph_url]]);
  }

  // Whether the account can send (docs/whatsapp.md, "When the account itself fails").
  function showHealth(h) {
    var when = function (iso) { return iso ? new Date(iso).toLocaleString() : ''; };
    var templates = Object.keys(h.templates || {}).map(function (name) {
      return 'Template ' + name + ' is ' + h.templates[name] + '.';
    });
    var text;
    if (h.state === 'healthy') {
      text = 'Sending: the account works.';
    } else {
      text = 'Not sending since ' + when(h.since) + ': ' + h.reason + '. ' + (h.meaning ? h.meaning + ' ' : '') +
        'Messages are kept and go out, in order, once it works' +
        (h.next_probe ? '; the relay checks again at ' + when(h.next_probe) : '') + '. Live chat is not offered meanwhile.';
    }
    $('whatsapp-health').textContent = [text].concat(templates).join(' ');
    $('whatsapp-health').className = 'result ' + (h.state === 'healthy' && !templates.length ? 'good' : 'bad');
  }

  function whatsappResult(t) {
    if (t.ok) {
      return 'Connected: ' + (t.verified_name || '') + ', ' + (t.display_phone_number || '') + ', quality ' +
        (t.quality_rating || 'unknown') + ' (' + Math.round(t.ms) + ' ms).';
    }
    if (!t.http) return 'Not connected. ' + t.message;
    return 'Not connected: the Cloud API answered HTTP ' + t.http + (t.code ? ', error ' + t.code : '') + '. ' +
      (t.meaning || '') + (t.message ? ' Meta said: ' + t.message : '');
  }

  // E-mail fallback's settings, and a test e-mail.
  function fillMail(m) {
    facts($('mail'), [['Set up', m.configured ? 'yes' : 'no'], ['Server', m.server], ['Login', m.user],
      ['Password', m.password], ['From', m.from], ['To', m.to]]);
    $('mail-server').value = m.server;
    $('mail-user').value = m.user;
    $('mail-password').value = '';
    $('mail-password').placeholder = m.password === 'set' ? 'set (kept if empty)' : 'not set';
    $('mail-from').value = m.from;
    $('mail-support').value = m.to;
    $('mail-now').textContent = m.source === 'admin' ? 'Set on this page.' : 'From the relay\'s flags.';
  }

  function loadMail() {
    return call('GET', '/v1/admin/mail/settings').then(function (answer) {
      if (signedOut(answer) || answer.status !== 200) return;
      fillMail(answer.body);
    });
  }

  // The sites that may show the chat.
  function fillOrigins(body) {
    $('origins-text').value = body.origins.join('\n');
    $('origins-now').textContent = body.source === 'admin' ? 'Set on this page.' : 'From the relay\'s --allowed-origins.';
  }

  function loadOrigins() {
    return call('GET', '/v1/admin/origins').then(function (answer) {
      if (signedOut(answer) || answer.status !== 200) return;
      fillOrigins(answer.body);
    });
  }

  // How long chats are kept.
  var retentionDays = 0;
  function fillRetention(body) {
    retentionDays = body.days;
    $('retention-days').value = String(body.days);
    $('retention-now').textContent = (body.days === 0 ? 'Chats are kept for ever. ' : '') +
      (body.source === 'admin' ? 'Set on this page.' : 'From the relay\'s --retention-days.');
  }

  function loadRetention() {
    return call('GET', '/v1/admin/retention').then(function (answer) {
      if (signedOut(answer) || answer.status !== 200) return;
      fillRetention(answer.body);
    });
  }

  // Success metrics for the chosen period and grouping (docs/metrics.md).
  function duration(d) {
    if (!d || d.count === 0) return '–';
    var text = function (s) { return s < 90 ? Math.round(s) + ' s' : Math.round(s / 60) + ' min'; };
    return text(d.median) + ', ' + text(d.p90) + ' (' + d.count + ')';
  }

  function percent(rate) { return rate === null ? '–' : Math.round(rate * 100) + ' %'; }

  // "3 (12 %), EUR 1,234.50": chats converted, and what they brought per currency.
  function converted(f) {
    var values = Object.keys(f.conversion_value).map(function (currency) {
      try {
        return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency }).format(f.conversion_value[currency]);
      } catch (e) {
        return currency + ' ' + f.conversion_value[currency];
      }
    });
    return f.converted + ' (' + percent(f.conversion_rate) + ')' + (values.length ? ', ' + values.join(', ') : '');
  }

  // "4.2 of 5 from 12 ratings, 83 % satisfied" (4 or 5).
  function satisfaction(s) {
    if (!s || s.count === 0) return 'no ratings';
    return s.average.toFixed(1) + ' of 5 from ' + s.count + (s.count === 1 ? ' rating, ' : ' ratings, ') +
      percent(s.csat) + ' satisfied';
  }

  // Money in the card's currency: a resolution can cost fractions of a cent.
  function money(amount, currency) {
    if (amount === null || amount === undefined) return '–';
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency, maximumFractionDigits: 4 })
        .format(amount);
    } catch (e) {
      return currency + ' ' + amount;
    }
  }

  function costText(f, currency) {
    if (!f.cost) return '–';
    return money(f.cost_per_resolution, currency) + ' (' + f.resolved + ' resolved, ' + money(f.cost.total, currency) +
      ' in all)';
  }

  // The widget's look, with the contrast of its white text and a preview.
  function contrast(hex) {
    var channel = function (i) {
      var c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    };
    return 1.05 / (0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2) + 0.05);
  }

  function typedLook() {
    var ways = Array.prototype.filter.call(document.querySelectorAll('input[name=way]'), function (box) {
      return box.checked;
    }).map(function (box) { return box.value; });
    return { color: $('look-color').value, position: $('look-position').value, theme: $('look-theme').value,
      launcher_label: $('look-label').value.trim(), greeting: $('look-greeting').value.trim(), ways: ways,
      lang: $('look-lang').value };
  }

  var previewTimer = 0;
  function previewLook() {
    var look = typedLook();
    var ratio = contrast(look.color);
    $('look-contrast').textContent = 'White text on this colour: contrast ' + ratio.toFixed(1) + ':1' +
      (ratio < 4.5 ? ', too low (at least 4.5:1): choose a darker colour.' : ', readable.');
    var src = '/admin/preview.html?' + new URLSearchParams({ color: look.color, position: look.position,
      label: look.launcher_label, theme: look.theme }).toString();
    // One reload once typing pauses, not one per key.
    clearTimeout(previewTimer);
    previewTimer = setTimeout(function () {
      if ($('look-preview').getAttribute('src') !== src) $('look-preview').src = src;
    }, 300);
  }

  function fillWidget(body) {
    var look = body.look || { color: '', position: '', theme: '', launcher_label: '', greeting: '', ways: [], lang: '' };
    $('look-color').value = look.color || '#0b57d0';
    $('look-position').value = look.position;
    $('look-theme').value = look.theme;
    $('look-lang').value = look.lang || '';
    $('look-label').value = look.launcher_label;
    $('look-greeting').value = look.greeting;
    document.querySelectorAll('input[name=way]').forEach(function (box) {
      box.checked = look.ways.length === 0 || look.ways.indexOf(box.value) >= 0;
    });
    $('widget-now').textContent = body.source === 'admin' ? 'Set on this page.' : 'The relay\'s defaults.';
    previewLook();
  }

  function loadWidget() {
    return call('GET', '/v1/admin/widget').then(function (answer) {
      if (signedOut(answer) || answer.status !== 200) return;
      fillWidget(answer.body);
    });
  }

  // The rate card the cost per resolution is computed with.
  var rateCategories = ['marketing', 'utility', 'authentication', 'service'];
  function fillRates(body) {
    var r = body.rates;
    $('rate-currency').value = r ? r.currency : '';
    rateCategories.forEach(function (c) {
      $('rate-' + c).value = r && r.whatsapp[c] !== undefined ? String(r.whatsapp[c]) : '';
    });
    $('rate-input').value = r ? String(r.model.input_per_1k) : '';
    $('rate-output').value = r ? String(r.model.output_per_1k) : '';
    $('rates-now').textContent = r ? 'Set on this page.' : 'No rate card: cost per resolution is not computed.';
    loadMetrics();
  }

  function loadRates() {
    return call('GET', '/v1/admin/rates').then(function (answer) {
      if (signedOut(answer) || answer.status !== 200) return;
      fillRates(answer.body);
    });
  }

  function typedRates() {
    var number = function (id) { var v = $(id).value; return v === '' ? null : Number(v); };
    var whatsapp = {};
    rateCategories.forEach(function (c) { var v = number('rate-' + c); if (v !== null) whatsapp[c] = v; });
    return { currency: $('rate-currency').value.trim().toUpperCase(), whatsapp: whatsapp,
      model: { input_per_1k: number('rate-input'), output_per_1k: number('rate-output') } };
  }

  // Chats per group as bars, the part handed to a person darker; by day,
  // every day of the period has its bar, empty ones too. Inline SVG: no
  // library, and the table below holds the same numbers for screen readers.
  function drawChart(m, by, from, to) {
    var figure = $('metrics-chart');
    figure.textContent = '';
    var bars = m.groups.map(function (g) { return { key: g.key, chats: g.chats, handed: g.handed_off }; });
    if (by === 'day') {
      var known = {};
      bars.forEach(function (b) { known[b.key] = b; });
      bars = [];
      for (var t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); t <= to.getTime();
        t += 24 * 3600 * 1000) {
        var day = new Date(t).toISOString().slice(0, 10);
        bars.push(known[day] || { key: day, chats: 0, handed: 0 });
      }
    }
    if (bars.length === 0) return;
    var ns = 'http://www.w3.org/2000/svg';
    var most = Math.max(1, Math.max.apply(null, bars.map(function (b) { return b.chats; })));
    var width = 600, height = 160, base = 140, step = width / bars.length, gap = Math.min(4, step / 4);
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('role', 'img');
    var busiest = bars.reduce(function (a, b) { return b.chats > a.chats ? b : a; });
    svg.setAttribute('aria-label', 'Chats per ' + (by === 'day' ? 'day' : by) + ': most ' + busiest.chats + ' (' +
      busiest.key + ')');
    var shape = function (tag, attributes) {
      var e = document.createElementNS(ns, tag);
      Object.keys(attributes).forEach(function (k) { e.setAttribute(k, attributes[k]); });
      svg.appendChild(e);
      return e;
    };
    bars.forEach(function (b, i) {
      var x = i * step + gap / 2, w = Math.max(1, step - gap);
      var h = (b.chats / most) * (base - 10), hh = (b.handed / most) * (base - 10);
      shape('rect', { x: x, y: base - h, width: w, height: h, class: 'all' }).appendChild(document.createElementNS(ns,
        'title')).textContent = b.key + ': ' + b.chats + (b.chats === 1 ? ' chat, ' : ' chats, ') + b.handed + ' handed to a person';
      if (hh > 0) shape('rect', { x: x, y: base - hh, width: w, height: hh, class: 'handed' });
    });
    shape('line', { x1: 0, x2: width, y1: base, y2: base, stroke: '#4a5468' });
    shape('text', { x: 0, y: height - 4 }).textContent = bars[0].key;
    shape('text', { x: width, y: height - 4, 'text-anchor': 'end' }).textContent = bars[bars.length - 1].key;
    shape('text', { x: 2, y: 10 }).textContent = String(most);
    figure.appendChild(svg);
    var caption = document.createElement('figcaption');
    var key = function (className, text) {
      var swatch = document.createElement('span');
      swatch.className = 'key ' + className;
      swatch.setAttribute('aria-hidden', 'true');
      caption.appendChild(swatch);
      caption.appendChild(document.createTextNode(text));
    };
    caption.appendChild(document.createTextNode('Chats per ' + (by === 'day' ? 'day (UTC)' : by) + ':'));
    key('all', 'with the assistant only');
    key('handed', 'handed to a person');
    figure.appendChild(caption);
  }

  function loadMetrics() {
    var days = Number($('metrics-days').value);
    var by = $('metrics-by').value;
    var windowDays = $('metrics-window').value || '7';
    var to = new Date();
    var from = new Date(to.getTime() - days * 24 * 3600 * 1000);
    var query = '?from=' + encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(to.toISOString()) +
      '&by=' + by + '&window_days=' + encodeURIComponent(windowDays);
    $('metrics-csv').href = '/v1/admin/analytics' + query + '&format=csv';
    return call('GET', '/v1/admin/analytics' + query).then(function (answer) {
      if (signedOut(answer) || answer.status !== 200) return;
      var m = answer.body;
      $('metrics-key').textContent = $('metrics-by').selectedOptions[0].textContent;
      $('metrics-total').textContent = m.total.chats + (m.total.chats === 1 ? ' chat, ' : ' chats, ') +
        percent(m.total.handoff_rate) +
        ' handed to a person; satisfaction ' + satisfaction(m.total.satisfaction) + '; first reply ' +
        duration(m.total.first_reply_s) + '; resolution ' +
        duration(m.total.resolution_s) + '; converted ' + converted(m.total) + ' within ' + m.conversion_window_days +
        ' days; cost per resolution ' + (m.currency ? costText(m.total, m.currency) + ', by the assistant alone ' +
          costText(m.assistant_only, m.currency) + ', with a person ' + costText(m.with_person, m.currency)
          : 'not computed (no rate card)') +
        (m.unpriced_categories.length ? ' (no price for ' + m.unpriced_categories.join(', ') + ')' : '') + '.' +
        (m.truncated ? ' Only the first ' + m.chats_read + ' chats were read.' : '');
      drawChart(m, by, from, to);
      var body = $('metrics-rows');
      body.textContent = '';
      m.groups.forEach(function (g) {
        var row = document.createElement('tr');
        cell(row, g.key);
        cell(row, String(g.chats));
        var handed = document.createElement('td');
        handed.textContent = g.handed_off + ' (' + percent(g.handoff_rate) + ')';
        if (g.handoff_rate !== null) {
          var meter = document.createElement('meter');
          meter.min = 0;
          meter.max = 1;
          meter.value = g.handoff_rate;
          meter.setAttribute('aria-label', 'handoff rate ' + percent(g.handoff_rate));
          handed.appendChild(meter);
        }
        row.appendChild(handed);
        cell(row, duration(g.first_reply_s));
        cell(row, duration(g.resolution_s));
        cell(row, satisfaction(g.satisfaction));
        cell(row, converted(g));
        cell(row, m.currency ? costText(g, m.currency) : '–');
        body.appendChild(row);
      });
    });
  }

  function enter(token) {
    csrf = token;
    show(true);
    var loads = [loadHours(), loadAgents(), loadWhatsApp(), loadMail(), loadOrigins(), loadRetention(),
      loadMetrics(), loadRates(), loadWidget(), loadAudit(false)];
    sections.forEach(function (section) { loads.push(section.load()); });
    return Promise.all(loads);
  }

  $('sign-in').addEventListener('submit', function (event) {
    event.preventDefault();
    say('Signing in…');
    call('POST', '/v1/admin/login', { token: $('token').value }).then(function (answer) {
      $('token').value = '';
      if (answer.status !== 200) {
        say('Not signed in: ' + errorText(answer) + '.');
        $('token').focus();
        return;
      }
      say('Signed in.');
      enter(answer.body.csrf).then(function () { $('hours-title').focus(); });
    });
  });

  $('sign-out').addEventListener('click', function () {
    call('POST', '/v1/admin/logout').then(function () {
      show(false);
      say('Signed out.');
    });
  });

  document.querySelectorAll('input[name=preset]').forEach(function (radio) {
    radio.addEventListener('change', function () {
      if (radio.value !== 'custom') $('hours-text').value = radio.value;
      else $('hours-text').focus();
    });
  });

  // A setting saved (PUT) or given back to the relay's flags (DELETE): the
  // relay's answer fills the form, or its error is shown next to it.
  function change(method, setting, body) {
    $(setting.name + '-error').textContent = '';
    return call(method, '/v1/admin/' + (setting.path || setting.name), body).then(function (answer) {
      if (signedOut(answer)) return;
      if (answer.status !== 200) {
        $(setting.name + '-error').textContent = errorText(answer);
        $(setting.focus).focus();
        return;
      }
      setting.fill(answer.body);
      say(method === 'PUT' ? setting.saved : setting.reset);
      loadAudit(false);
    });
  }

  var hours = { name: 'hours', focus: 'hours-text', fill: fillHours,
    saved: 'Business hours saved: visitors see them now.', reset: 'Business hours are the relay\'s flags again.' };
  var origins = { name: 'origins', focus: 'origins-text', fill: fillOrigins,
    saved: 'Sites saved: the widget works on them now.', reset: 'Sites are the relay\'s --allowed-origins again.' };
  var agentsSetting = { name: 'agents', focus: 'agents-add', fill: fillAgents,
    saved: 'Agents saved: the next chat goes to them.', reset: 'The agents are the relay\'s --agents again.' };
  var whatsappSetting = { name: 'whatsapp', focus: 'wa-phone-id', fill: function (w) { fillWhatsApp(w); loadAgents(); },
    saved: 'WhatsApp account saved: test the connection.', reset: 'WhatsApp uses the relay\'s flags again.' };
  var widgetSetting = { name: 'widget', focus: 'look-color', fill: fillWidget,
    saved: 'Widget saved: visitors see it within a minute.', reset: 'The widget uses the relay\'s defaults again.' };
  var ratesSetting = { name: 'rates', focus: 'rate-currency', fill: fillRates,
    saved: 'Rate card saved.', reset: 'The rate card is removed.' };
  var mailSetting = { name: 'mail', path: 'mail/settings', focus: 'mail-server', fill: fillMail,
    saved: 'E-mail fallback saved: send a test e-mail.', reset: 'The e-mail fallback uses the relay\'s flags again.' };
  var retention = { name: 'retention', focus: 'retention-days', fill: fillRetention,
    saved: 'Period saved.', reset: 'The period is the relay\'s --retention-days again.' };

  $('whatsapp-form').addEventListener('submit', function (event) {
    event.preventDefault();
    change('PUT', whatsappSetting, { phone_number_id: $('wa-phone-id').value.trim(),
      business_number: $('wa-number').value.trim(), access_token: $('wa-token').value.trim(),
      app_secret: $('wa-secret').value.trim(), verify_token: $('wa-verify').value.trim(),
      templates: { continue: $('wa-continue').value.trim(), reconnect: $('wa-reconnect').value.trim(),
        call: $('wa-call').value.trim(), language: $('wa-language').value.trim() } });
  });
  $('whatsapp-reset').addEventListener('click', function () { change('DELETE', whatsappSetting); });

  $('widget').addEventListener('submit', function (event) {
    event.preventDefault();
    change('PUT', widgetSetting, typedLook());
  });
  $('widget').addEventListener('change', previewLook);
  $('widget-reset').addEventListener('click', function () { change('DELETE', widgetSetting); });

  $('rates').addEventListener('submit', function (event) {
    event.preventDefault();
    change('PUT', ratesSetting, typedRates());
  });
  $('rates-reset').addEventListener('click', function () { change('DELETE', ratesSetting); });

  $('agents-form').addEventListener('submit', function (event) {
    event.preventDefault();
    change('PUT', agentsSetting, { agents: typedAgents() });
  });
  $('agents-add').addEventListener('click', function () { addAgentRow({ name: '', phone: '' }).focus(); });
  $('agents-reset').addEventListener('click', function () { change('DELETE', agentsSetting); });

  $('hours').addEventListener('submit', function (event) {
    event.preventDefault();
    change('PUT', hours, { hours: $('hours-text').value, time_zone: $('time-zone').value, holidays: $('holidays').value });
  });

  // Each test says in its own line what happened; the audit log gets it too.
  function runTest(button, result, path, body, describe) {
    button.disabled = true;
    result.textContent = 'Testing…';
    return call('POST', path, body).then(function (answer) {
      if (signedOut(answer)) return;
      result.textContent = answer.status === 200 ? describe(answer.body) : 'Not tested: ' + errorText(answer);
      result.className = 'result ' + (answer.status === 200 && answer.body.ok ? 'good' : 'bad');
      return loadAudit(false);
    }, function () {
      result.textContent = 'Not tested: the relay did not answer.';
      result.className = 'result bad';
    }).then(function () { button.disabled = false; });
  }

  $('whatsapp-test').addEventListener('click', function () {
    runTest($('whatsapp-test'), $('whatsapp-result'), '/v1/admin/whatsapp/test', undefined, whatsappResult)
      .then(function () {
        // A test that worked lets a stopped outbox check at once: show what it found.
        setTimeout(loadWhatsApp, 1500);
      });
  });

  $('mail-test').addEventListener('submit', function (event) {
    event.preventDefault();
    var to = $('mail-to').value.trim();
    runTest($('mail-test').querySelector('button'), $('mail-result'), '/v1/admin/mail/test', to ? { to: to } : {},
      function (t) {
        return t.ok ? 'Sent to ' + t.to + ' (' + Math.round(t.ms) + ' ms): check that it arrived.'
          : 'Not sent to ' + t.to + ': ' + t.error;
      });
  });

  $('mail-form').addEventListener('submit', function (event) {
    event.preventDefault();
    change('PUT', mailSetting, { server: $('mail-server').value.trim(), user: $('mail-user').value.trim(),
      password: $('mail-password').value, from: $('mail-from').value.trim(), to: $('mail-support').value.trim() });
  });
  $('mail-reset').addEventListener('click', function () { change('DELETE', mailSetting); });

  $('origins').addEventListener('submit', function (event) {
    event.preventDefault();
    var list = $('origins-text').value.split(/\s+/).filter(function (line) { return line.length > 0; });
    change('PUT', origins, { origins: list });
  });

  $('retention').addEventListener('submit', function (event) {
    event.preventDefault();
    var days = Number($('retention-days').value);
    var shorter = days !== 0 && (retentionDays === 0 || days < retentionDays);
    // Erasing cannot be undone: a shorter period is confirmed first.
    if (shorter && !window.confirm('Chats with nothing new for ' + days + ' days will be erased for good, ' +
      'including those already older. Continue?')) {
      $('retention-days').value = String(retentionDays);  // unchanged: show what is in force
      return;
    }
    change('PUT', retention, { days: days });
  });

  [hours, origins, retention].forEach(function (setting) {
    $(setting.name + '-reset').addEventListener('click', function () { change('DELETE', setting); });
  });

  // Sections in scripts of their own (assistant.js), given this page's helpers.
  var sections = window.batonAdminSections || [];
  sections.forEach(function (section) {
    section.bind({ call: call, change: change, errorText: errorText, signedOut: signedOut });
  });

  $('audit-more').addEventListener('click', function () { loadAudit(true); });
  $('metrics').addEventListener('submit', function (event) {
    event.preventDefault();
    loadMetrics();
  });

  // Time zones the browser knows, for the time zone box.
  if (Intl.supportedValuesOf) {
    var list = $('time-zones');
    Intl.supportedValuesOf('timeZone').forEach(function (zone) {
      var option = document.createElement('option');
      option.value = zone;
      list.appendChild(option);
    });
  }
  $('hours-title').tabIndex = -1;

  // A reload keeps the session: the cookie is sent, the CSRF token asked again.
  call('GET', '/v1/admin/session').then(function (answer) {
    if (answer.status === 200) enter(answer.body.csrf);
    else show(false);
  });
})();
