// The people and department picker: turns every <select data-picker> (org/fields.py) into a
// Tom Select that asks the search endpoint as the user types. No inline script or style (CSP).
// Pages loaded whole and fragments loaded by htmx (dialogs) are both set up.
(function () {
  "use strict";

  // Tom Select (django-tomselect's bundle) is fetched only by pages that hold a picker.
  const tomSelectUrl = document.currentScript ? document.currentScript.dataset.tomselect : "";
  let tomSelectLoading = null;

  function withTomSelect(done) {
    if (typeof window.TomSelect === "function") {
      done();
      return;
    }
    if (!tomSelectLoading) {
      tomSelectLoading = new Promise(function (resolve, reject) {
        const tag = document.createElement("script");
        tag.src = tomSelectUrl;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    tomSelectLoading.then(done);
  }

  function personOption(data, escape) {
    const meta = [data.dept, data.roles].filter(Boolean).map(escape).join(" · ");
    return (
      '<div class="picker-option"><span class="picker-name">' + escape(data.text) + "</span>" +
      (data.username ? '<span class="picker-username">' + escape(data.username) + "</span>" : "") +
      (meta ? '<span class="picker-meta">' + meta + "</span>" : "") +
      "</div>"
    );
  }

  function departmentOption(data, escape) {
    return (
      '<div class="picker-option"><span class="picker-name">' + escape(data.text) + "</span>" +
      (data.path ? '<span class="picker-meta">' + escape(data.path) + "</span>" : "") +
      "</div>"
    );
  }

  function item(data, escape) {
    const hint = data.dept || data.path || "";
    return (
      "<div>" + escape(data.text) +
      (hint ? '<span class="picker-item-meta">' + escape(hint) + "</span>" : "") +
      "</div>"
    );
  }

  function setUp(select) {
    if (select.tomselect) {
      return;
    }
    const multiple = select.multiple;
    const plugins = [];
    if (multiple) {
      plugins.push("remove_button");
    } else if (!select.required) {
      plugins.push("clear_button");
    }
    if (select.hasAttribute("data-picker-ordered")) {
      plugins.push("drag_drop");
    }
    const params = select.dataset.pickerParams ? select.dataset.pickerParams + "&" : "";
    const url = select.dataset.picker + "?" + params + "q=";
    const none = select.dataset.pickerNone || "";
    new window.TomSelect(select, {
      plugins: plugins,
      valueField: "value",
      labelField: "text",
      searchField: [],
      dataAttr: "data",  // <option data-data="{...}">: the dataset key
      maxOptions: 20,
      preload: "focus",
      loadThrottle: 200,
      closeAfterSelect: !multiple,
      clearAfterSelect: true,
      // A scrolling table would clip the list: let it float over the page instead.
      dropdownParent: select.closest(".table-responsive") ? "body" : null,
      // The server matches pinyin and initials, which the labels do not contain: keep what it sent.
      score: function () {
        return function () {
          return 1;
        };
      },
      shouldLoad: function () {
        return true;
      },
      load: function (query, callback) {
        const picker = this;
        fetch(url + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            // An answer to an older query (the list asked for on focus, say) that arrives late
            // must not replace the answer to what is typed now.
            if (query !== picker.inputValue()) {
              delete picker.loadedSearches[query];
              callback();
              return;
            }
            picker.clearOptions();
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        option: select.dataset.pickerKind === "department" ? departmentOption : personOption,
        item: item,
        no_results: function (data, escape) {
          return '<div class="no-results">' + escape(none) + "</div>";
        },
      },
    });
  }

  function setUpAll(root) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    const selects = Array.from(root.querySelectorAll("select[data-picker]"));
    if (root.matches && root.matches("select[data-picker]")) {
      selects.push(root);
    }
    if (selects.length) {
      withTomSelect(function () {
        selects.forEach(setUp);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpAll(document);
  });
  document.addEventListener("htmx:load", function (event) {
    setUpAll(event.detail.elt);
  });
})();
