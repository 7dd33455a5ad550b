// Phong Trào client behaviour. Loaded as a file: the CSP forbids inline script.
document.addEventListener("DOMContentLoaded", () => {
  // Elements with data-confirm ask before submitting (used on destructive forms).
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // Selects with data-autosubmit submit their form on change (filters).
  document.querySelectorAll("[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form && el.form.requestSubmit());
  });
});
