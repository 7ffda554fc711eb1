// Small, optional enhancements: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // After a form is sent back with problems, take keyboard and screen-reader users straight to the summary.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  // The phone's menu opens in place from its button (without JavaScript it is simply open).
  var button = document.querySelector(".menu-button");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) {
    return;
  }
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  }
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
});
