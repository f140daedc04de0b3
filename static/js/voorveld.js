// Site-wide behaviour, kept out of the templates so a strict CSP (no inline scripts) is possible.
document.addEventListener("DOMContentLoaded", () => {
  // Focus the first field marked autofocus-on-load (the check-in search, the login form).
  const first = document.querySelector("[data-autofocus]");
  if (first) first.focus();
});
