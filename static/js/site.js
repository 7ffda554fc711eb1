// Small, optional enhancements: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // After a form is sent back with problems, take keyboard and screen-reader users straight to the summary.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
