(function () {
  'use strict';
  var SHORTCUTS = { u: '/admin/users', d: '/admin/domains', c: '/admin/changes' };
  var pendingG = 0;
  function typing(target) {
    return (
      target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
    );
  }
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === 'Escape') event.target.blur();
      return;
    }
    if (event.key === '/') {
      var search = document.querySelector('[data-search]');
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
      return;
    }
    if (event.key === 'g') {
      pendingG = Date.now();
      return;
    }
    if (Date.now() - pendingG < 1500 && SHORTCUTS[event.key]) {
      event.preventDefault();
      window.location.assign(SHORTCUTS[event.key]);
    }
    pendingG = 0;
  });
  document.addEventListener('submit', function (event) {
    var message = event.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = document.getElementById(button.getAttribute('data-copy')).textContent.trim();
      var done = function () {
        button.textContent = 'Copied';
      };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () {});
    });
  });
  document.querySelectorAll('[data-select-all]').forEach(function (box) {
    box.addEventListener('change', function () {
      var name = box.getAttribute('data-select-all');
      document
        .querySelectorAll('input[type="checkbox"][name="' + name + '"]')
        .forEach(function (item) {
          item.checked = box.checked;
        });
    });
  });
})();
