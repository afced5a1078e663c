// kartsite serve --edit: what script adds to the edit forms. The forms work
// without it (an ordinary POST); this adds a filter to the pickers, a live
// Markdown preview and a button for another timeline entry. It talks only
// to the server that sent the form.
(function () {
  'use strict';
  var form = document.querySelector('form[data-filter]');
  var alert = document.getElementById('error-summary') || document.getElementById('notice');
  if (alert) alert.focus();
  if (!form) return;
  var token = form.querySelector('input[name="_token"]').value;


  // Pickers: a search box that hides the choices that do not match.
  Array.prototype.forEach.call(form.querySelectorAll('select[data-picker]'), function (select) {
    var id = select.id + '-filter';
    var label = document.createElement('label');
    label.setAttribute('for', id);
    label.className = 'hint';
    label.textContent = form.getAttribute('data-filter');
    var input = document.createElement('input');
    input.type = 'search';
    input.id = id;
    input.setAttribute('aria-controls', select.id);
    input.style.marginBottom = '.25rem';
    input.addEventListener('input', function () {
      var q = input.value.toLowerCase();
      Array.prototype.forEach.call(select.options, function (o) {
        o.hidden = q !== '' && !o.selected && o.text.toLowerCase().indexOf(q) < 0;
      });
    });
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(input, select);
  });

  // Markdown: a preview below the text area, made by the server.
  Array.prototype.forEach.call(form.querySelectorAll('textarea[data-markdown]'), function (area) {
    var box = document.createElement('div');
    box.className = 'md-preview';
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', form.getAttribute('data-preview') + ': ' + (area.labels && area.labels[0] ? area.labels[0].textContent : ''));
    area.parentNode.insertBefore(box, area.nextSibling);
    var timer = null;
    function update() {
      var body = '_token=' + encodeURIComponent(token) + '&text=' + encodeURIComponent(area.value);
      fetch('/__kartsite/markdown', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body,
        credentials: 'same-origin'
      }).then(function (r) { return r.ok ? r.text() : ''; })
        .then(function (html) { box.innerHTML = html; })
        .catch(function () { /* the preview is only a help */ });
    }
    area.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(update, 250);
    });
    update();
  });

  // Timeline: another empty entry, like the last one.
  var timeline = form.querySelector('[data-timeline]');
  if (timeline) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.textContent = form.getAttribute('data-add');
    button.addEventListener('click', function () {
      var entries = timeline.querySelectorAll('fieldset[data-entry]');
      var last = entries[entries.length - 1];
      var next = Number(last.getAttribute('data-entry')) + 1;
      var copy = last.cloneNode(true);
      copy.setAttribute('data-entry', String(next));
      Array.prototype.forEach.call(copy.querySelectorAll('[id],[for],[name],[aria-describedby]'), function (el) {
        ['id', 'for', 'aria-describedby'].forEach(function (a) {
          var v = el.getAttribute(a);
          if (v) el.setAttribute(a, v.replace(/tl-\d+-/g, 'tl-' + next + '-'));
        });
        var name = el.getAttribute('name');
        if (name) el.setAttribute('name', name.replace(/^tl\.\d+\./, 'tl.' + next + '.'));
        if (el.tagName === 'INPUT') el.value = '';
      });
      timeline.insertBefore(copy, button);
      var first = copy.querySelector('input');
      if (first) first.focus();
    });
    timeline.appendChild(button);
  }

})();
