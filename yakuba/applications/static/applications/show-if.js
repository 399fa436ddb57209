// Progressive enhancement for application forms: hide a field whose condition
// (data-show-if="<controlling field>", data-show-if-values='["yes"]' or
// data-show-if-checked) does not hold.  Pages work without it: the server
// ignores a field whose condition does not hold in the posted data.
(function () {
  "use strict";

  function selectedValues(form, name) {
    var values = [];
    var checked = false;
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) {
          values.push(input.value);
          checked = true;
        }
      } else if (input.tagName === "SELECT" || input.type !== "hidden") {
        if (input.value) values.push(input.value);
      }
    });
    return { values: values, checked: checked };
  }

  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (element) {
      var state = selectedValues(form, element.getAttribute("data-show-if"));
      var show;
      if (element.hasAttribute("data-show-if-checked")) {
        show = state.checked;
      } else {
        var wanted = [];
        try {
          wanted = JSON.parse(element.getAttribute("data-show-if-values") || "[]");
        } catch (error) {
          wanted = [];
        }
        show = state.values.some(function (value) {
          return wanted.indexOf(value) !== -1;
        });
      }
      element.hidden = !show;
    });
  }

  function start() {
    document.querySelectorAll("[data-application-fields]").forEach(function (fields) {
      var form = fields.closest("form") || document;
      update(form);
      form.addEventListener("change", function () {
        update(form);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
