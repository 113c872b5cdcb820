// The admin page's assistant section: the FAQ edited and tried, and the
// model's server, name and write-only key. admin.js calls bind() once and
// load() after each sign-in, with its helpers (call, change, errorText…).
'use strict';
(window.batonAdminSections = window.batonAdminSections || []).push((function () {
  var $ = function (id) { return document.getElementById(id); };
  var page = null;
  var names = window.Intl && Intl.DisplayNames ? new Intl.DisplayNames(['en'], { type: 'language' }) : null;
  function language(code) { return names ? names.of(code) : code; }

  function fillFaq(faq) {
    $('faq-text').value = faq.markdown;
    $('faq-now').textContent = faq.entries + ' questions, in ' + language(faq.language) + '. ' +
      (faq.source === 'admin' ? 'Set on this page.' : faq.source === 'file' ? 'From the relay\'s --faq file.'
        : 'No FAQ yet: the assistant can only greet and offer a person.');
  }

  function fillModel(model) {
    $('model-url').value = model.url;
    $('model-name').value = model.model;
    $('model-key').value = '';
    $('model-now').textContent = (model.url ? 'In use: ' + model.model + ', key ' + (model.key_set ? 'set' : 'not set') +
      (model.failures ? ', ' + model.failures + ' failed calls since the relay started' : '') + '.'
      : 'No model: the FAQ answers alone.') + (model.source === 'admin' ? ' Set on this page.' : ' From the relay\'s flags.');
  }

  var faqSetting = { name: 'faq', focus: 'faq-text', fill: fillFaq,
    saved: 'FAQ saved: the next question is answered from it.', reset: 'The FAQ is the relay\'s --faq file again.' };
  var modelSetting = { name: 'model', focus: 'model-url', fill: fillModel,
    saved: 'Model saved: the next question goes to it.', reset: 'The model is the relay\'s flags again.' };

  function percent(x) { return Math.round(x * 100) + ' %'; }

  // Which entry would answer, how sure, and the reply itself: all as text.
  function showTry(t) {
    var out = $('faq-result');
    out.textContent = '';
    var verdict = document.createElement('p');
    verdict.className = t.answered ? 'good' : 'bad';
    var answering = t.matches.filter(function (m) { return m.answers; });
    var suggested = t.matches.filter(function (m) { return m.suggested; });
    verdict.textContent = answering.length ? 'Answered by "' + answering.map(function (m) { return m.question; })
      .join('" and "') + '".' : t.answered ? 'Answered without the FAQ (a greeting or thanks).'
      : suggested.length ? 'Not answered: the visitor is shown the closest ' + (suggested.length > 1 ? suggested.length +
        ' questions' : 'question') + ' to pick by number, and a person is offered after two such questions.'
      : 'Not answered: the visitor is told the assistant is not sure, and a person is offered after two such questions.';
    out.appendChild(verdict);
    if (t.language !== t.faq_language) {
      var lang = document.createElement('p');
      lang.className = 'help';
      lang.textContent = 'Read as ' + language(t.language) + '; the FAQ is in ' + language(t.faq_language) + '.';
      out.appendChild(lang);
    }
    if (t.matches.length) {
      var list = document.createElement('ol');
      t.matches.forEach(function (m) {
        var item = document.createElement('li');
        item.textContent = m.question + ': covers ' + percent(m.coverage) + ' of the question (needs ' +
          percent(t.min_coverage) + '), score ' + m.score.toFixed(2) + (m.answers ? ', answers' : '') +
          (m.suggested ? ', suggested' : '');
        list.appendChild(item);
      });
      out.appendChild(list);
      var belief = document.createElement('p');
      belief.className = 'help';
      belief.textContent = 'How sure the assistant is that the first one answers: ' + percent(t.belief) +
        ' (it answers from ' + percent(t.min_belief) + ', and suggests the closest questions from ' +
        percent(t.min_belief_to_suggest) + ').';
      out.appendChild(belief);
    }
    var reply = document.createElement('blockquote');
    reply.textContent = t.reply;
    out.appendChild(reply);
    if (!t.lexicon_loaded) {
      var note = document.createElement('p');
      note.className = 'help';
      note.textContent = 'Synonyms and dictionaries are still loading: answers may improve in a moment.';
      out.appendChild(note);
    }
  }

  return {
    bind: function (api) {
      page = api;
      $('faq').addEventListener('submit', function (event) {
        event.preventDefault();
        page.change('PUT', faqSetting, { markdown: $('faq-text').value });
      });
      $('faq-reset').addEventListener('click', function () { page.change('DELETE', faqSetting); });
      $('faq-try').addEventListener('submit', function (event) {
        event.preventDefault();
        var button = $('faq-try').querySelector('button');
        button.disabled = true;
        $('faq-result').textContent = 'Trying…';
        page.call('POST', '/v1/admin/faq/try', { question: $('faq-question').value, markdown: $('faq-text').value })
          .then(function (answer) {
            if (page.signedOut(answer)) return;
            if (answer.status === 200) showTry(answer.body);
            else $('faq-result').textContent = 'Not tried: ' + page.errorText(answer);
          }, function () { $('faq-result').textContent = 'Not tried: the relay did not answer.'; })
          .then(function () { button.disabled = false; });
      });
      $('model').addEventListener('submit', function (event) {
        event.preventDefault();
        page.change('PUT', modelSetting, { url: $('model-url').value.trim(), model: $('model-name').value.trim(),
          key: $('model-key').value.trim() });
      });
      $('model-reset').addEventListener('click', function () { page.change('DELETE', modelSetting); });
    },
    load: function () {
      return Promise.all([
        page.call('GET', '/v1/admin/faq').then(function (a) { if (a.status === 200) fillFaq(a.body); }),
        page.call('GET', '/v1/admin/model').then(function (a) { if (a.status === 200) fillModel(a.body); })
      ]);
    }
  };
})());
